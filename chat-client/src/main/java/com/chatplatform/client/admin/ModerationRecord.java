package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.Serializable;
import java.time.Instant;

/** One entry of {@code GET /admin/moderation/records}: a ban, unban or hard deletion, by whom, about whom, why. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModerationRecord(String id, String action, String conversationId, String userId, String messageId,
                               String actorKind, String actorId, String reason, Instant expiresAt, Instant createdAt)
        implements Serializable {
}
