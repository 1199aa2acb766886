package com.chatplatform.client.admin;

import java.io.Serial;

/**
 * The API answered with an error status. Carries the HTTP status and, when the body was RFC 9457
 * {@code application/problem+json}, its stable machine {@code code} (e.g. {@code auth.invalid_credentials}),
 * {@code title} and {@code detail}. {@code code}, {@code title} and {@code detail} are {@code null} when the
 * body had none (e.g. a proxy's HTML error page).
 */
public class ChatApiException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String title;
    private final String detail;

    public ChatApiException(int status, String code, String title, String detail) {
        super(message(status, code, title, detail));
        this.status = status;
        this.code = code;
        this.title = title;
        this.detail = detail;
    }

    private static String message(int status, String code, String title, String detail) {
        StringBuilder text = new StringBuilder("HTTP ").append(status);
        if (code != null) {
            text.append(' ').append(code);
        }
        if (title != null) {
            text.append(": ").append(title);
        }
        if (detail != null) {
            text.append(title != null ? " - " : ": ").append(detail);
        }
        return text.toString();
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }

    /** The problem's stable machine code, or {@code null}. */
    public String code() {
        return code;
    }

    /** The problem's short human title, or {@code null}. */
    public String title() {
        return title;
    }

    /** The problem's human explanation of this occurrence, or {@code null}. */
    public String detail() {
        return detail;
    }

    /** True for 401: the credentials were wrong, or the token is missing, invalid or expired. */
    public boolean isUnauthorized() {
        return status == 401;
    }
}
