package com.chatplatform.api.event;

import java.util.Optional;

/**
 * The answer to a change request: {@code changed} and the event it recorded, or {@code changed} false and
 * no event when the request changed nothing (an idempotent repeat, e.g. the same reaction again).
 */
public record Change(boolean changed, EventView event) {
    public Change(EventView event) {
        this(event != null, event);
    }

    public static Change of(Optional<EventView> event) {
        return new Change(event.orElse(null));
    }
}
