package com.chatplatform.search;

/**
 * Base of the exceptions thrown by chat-search. {@link #retryable()} tells the caller whether trying again later
 * (with backoff) can help.
 */
public class SearchException extends RuntimeException {

    private final boolean retryable;

    public SearchException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** True when the same call may succeed later (Elasticsearch unreachable, overloaded, or an item failed). */
    public boolean retryable() {
        return retryable;
    }
}
