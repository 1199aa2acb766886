package com.chatplatform.search;

/**
 * Elasticsearch could not be reached, timed out, or answered with a server-side error (5xx, 429). Retryable: the
 * outbox retries with backoff, a search request answers "service unavailable".
 */
public class SearchUnavailableException extends SearchException {

    public SearchUnavailableException(String message, Throwable cause) {
        super(message, true, cause);
    }
}
