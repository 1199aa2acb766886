package com.chatplatform.search.message;

import com.chatplatform.search.SearchException;

/**
 * At least one item of a bulk call failed for a reason other than a version conflict. Retryable (the outbox retries
 * the whole batch with backoff: items already applied then answer "already newer"). {@link #result()} holds every
 * item; {@link BulkItemResult#permanentFailure()} marks those that retrying cannot fix.
 */
public final class BulkIndexingException extends SearchException {

    private final BulkResult result;

    BulkIndexingException(String message, BulkResult result) {
        super(message, true, null);
        this.result = result;
    }

    public BulkResult result() {
        return result;
    }

    /** True when every failed item is a permanent failure (retrying the batch cannot fix it). */
    public boolean onlyPermanentFailures() {
        return result.failures().stream().allMatch(BulkItemResult::permanentFailure);
    }
}
