package com.chatplatform.api.message;

import java.util.List;
import java.util.UUID;

/**
 * Fired inside the sending transaction and observed after it commits, to push the message to the
 * members' live sessions. The member list is the one of the committing transaction; {@code messageJson}: the message
 * rendered by {@link MessageJson}; {@code senderBlockers}: the members who have blocked the sender (ADR 0011).
 */
public record MessageCommitted(UUID tenantId, MessageView message, String messageJson, List<UUID> memberUserIds,
                               java.util.Set<UUID> senderBlockers) {
}
