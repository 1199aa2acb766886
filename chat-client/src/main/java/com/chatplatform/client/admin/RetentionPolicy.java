package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.Serializable;
import java.time.Instant;

/** A retention policy: the tenant's ({@code conversationId} null) or one conversation's. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RetentionPolicy(String conversationId, int maxAgeDays, Instant updatedAt) implements Serializable {
}
