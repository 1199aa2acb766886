package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.Serializable;
import java.time.Instant;

/** A legal hold on a user's or a conversation's data ({@code /compliance/holds}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LegalHold(String id, String targetType, String targetId, String reason, String placedBy, Instant placedAt,
                        String liftedBy, Instant liftedAt) implements Serializable {
}
