package com.chatplatform.api.event;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * One change of a conversation as clients see it (REST and the WebSocket "event" frame): its position
 * {@code seq} in the conversation's one gapless sequence, its {@code kind}, who caused it and its data.
 */
public record EventView(UUID conversationId, long seq, String kind, String actorId, Instant createdAt, JsonObject data) {
}
