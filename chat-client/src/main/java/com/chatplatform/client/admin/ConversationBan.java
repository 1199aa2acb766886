package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.Serializable;
import java.time.Instant;

/** An active ban of a user from a conversation ({@code GET /admin/conversations/{id}/bans}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConversationBan(String userId, String reason, String bannedByKind, String bannedBy, Instant createdAt,
                              Instant expiresAt) implements Serializable {
}
