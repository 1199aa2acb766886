package com.chatplatform.search.message;

/**
 * Outcome of one item of a bulk request.
 *
 * @param messageId the document (message) id
 * @param operation index or delete
 * @param outcome   what happened
 * @param status    HTTP status of the item as reported by Elasticsearch
 * @param error     error type and reason when {@link Outcome#FAILED}, otherwise {@code null}
 */
public record BulkItemResult(String messageId, Operation operation, Outcome outcome, int status, String error) {

    public enum Operation { INDEX, DELETE }

    public enum Outcome {
        /** Written (created, updated or deleted). */
        APPLIED,
        /** Version conflict: the index already holds this or a newer version. Counts as success. */
        ALREADY_NEWER,
        /** Delete of a document that was not there. Counts as success. */
        NOT_FOUND,
        /** Failed; the whole call then throws {@link BulkIndexingException}. */
        FAILED
    }

    /** True for every outcome but {@link Outcome#FAILED}. */
    public boolean succeeded() {
        return outcome != Outcome.FAILED;
    }

    /**
     * True for a failure that retrying cannot fix (a 4xx other than 408/429, typically a document the mapping
     * rejects). The outbox may park such an entry instead of retrying it forever.
     */
    public boolean permanentFailure() {
        return outcome == Outcome.FAILED && status >= 400 && status < 500 && status != 408 && status != 429;
    }
}
