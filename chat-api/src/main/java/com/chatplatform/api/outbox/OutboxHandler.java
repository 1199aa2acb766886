package com.chatplatform.api.outbox;

import java.util.List;

/**
 * Consumes the outbox events of one kind. Must be idempotent: an event can be delivered more than once.
 * A handler runs inside the outbox's transaction and must not call a {@code @Transactional} method that
 * throws: that would mark the transaction rollback-only and lose the retry bookkeeping (the batch would
 * then be retried at once instead of after a backoff).
 */
public interface OutboxHandler {
    String kind();

    /** Handles a batch of events of {@link #kind()}; throws to have all of them retried later. */
    void handle(List<OutboxProcessor.Event> events);
}
