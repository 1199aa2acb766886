package com.chatplatform.api.outbox;

import java.util.List;

/**
 * Consumes the outbox events of one kind. Must be idempotent: an event can be delivered more than once (a node that
 * died while handling it, a node that read it just before another finished it). A handler runs in a transaction of
 * its own, begun after its events were claimed (ADR 0016); its events are removed in that transaction when it
 * returns. When it throws, what it wrote stays and the attempt is recorded with it (the batch is retried after a
 * backoff); when its transaction cannot commit (a {@code @Transactional} call inside it threw and marked it
 * rollback-only), nothing of it stands and the attempt is recorded in a new transaction. Work that waits (a scan, a
 * call to another service) should read before it writes: the transaction takes a transaction id, which holds back
 * the search feed's and analytics' horizon, only at its first write.
 */
public interface OutboxHandler {
    String kind();

    /** Handles a batch of events of {@link #kind()}; throws to have all of them retried later. */
    void handle(List<OutboxProcessor.Event> events);
}
