package com.chatplatform.search.message;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.chatplatform.search.SearchException;
import com.chatplatform.search.SearchUnavailableException;

/** Maps client exceptions to chat-search exceptions with a one-line message. */
final class SearchErrors {

    private SearchErrors() {
    }

    /** Any failure of a write or admin call: always retryable. */
    static SearchUnavailableException unavailable(String what, Exception e) {
        return new SearchUnavailableException("Elasticsearch " + what + " failed: " + describe(e), e);
    }

    /**
     * A failure of a search: unreachable, timeouts, 5xx and 429 are {@link SearchUnavailableException}; other
     * errors (4xx: a request the node refuses) are a non-retryable {@link SearchException}.
     */
    static SearchException searchFailed(Exception e) {
        if (e instanceof ElasticsearchException ee && ee.status() < 500 && ee.status() != 429
                && ee.status() != 408) {
            return new SearchException("Elasticsearch refused the search request: " + describe(e), false, e);
        }
        return unavailable("search", e);
    }

    static String describe(Throwable e) {
        if (e instanceof ElasticsearchException ee) {
            String type = ee.error() == null ? null : ee.error().type();
            String reason = ee.error() == null ? null : ee.error().reason();
            return "status " + ee.status() + " " + type + ": " + reason;
        }
        StringBuilder sb = new StringBuilder(e.getClass().getSimpleName());
        if (e.getMessage() != null) {
            sb.append(": ").append(e.getMessage());
        }
        Throwable cause = e.getCause();
        if (cause != null && cause != e) {
            sb.append(" (").append(cause.getClass().getSimpleName());
            if (cause.getMessage() != null) {
                sb.append(": ").append(cause.getMessage());
            }
            sb.append(')');
        }
        return sb.toString();
    }
}
