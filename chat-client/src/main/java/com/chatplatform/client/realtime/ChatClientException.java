package com.chatplatform.client.realtime;

/** A request the server refused (its error {@code code}, e.g. conversation.not_member), or gave up after retries. */
public class ChatClientException extends RuntimeException {
    private final String code;

    public ChatClientException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    public ChatClientException(String message, Throwable cause) {
        super(message, cause);
        this.code = null;
    }

    /** The error code of the catalogue, or null when the client gave up (no answer). */
    public String code() {
        return code;
    }
}
