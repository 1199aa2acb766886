package com.chatplatform.api.outbox;

import java.util.List;

/** Consumes the outbox events of one kind. Must be idempotent: an event can be delivered more than once. */
public interface OutboxHandler {
    String kind();

    /** Handles a batch of events of {@link #kind()}; throws to have all of them retried later. */
    void handle(List<OutboxProcessor.Event> events);
}
