package com.chatplatform.api.event;

import java.util.List;
import java.util.UUID;

/**
 * Fired inside the transaction that recorded an event and observed after it commits, to push the event to
 * the live sessions of {@code recipientUserIds} (the members at commit, plus a member who just left or was
 * removed, so their devices learn it). {@code actorBlockers}: the members who have blocked the event's actor (ADR 0011).
 */
public record EventCommitted(UUID tenantId, EventView event, List<UUID> recipientUserIds, java.util.Set<UUID> actorBlockers) {
}
