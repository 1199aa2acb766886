package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * A message of {@code GET /admin/conversations/{id}/messages}; deleted ones are tombstones (empty text,
 * {@code deleted} true, {@code hardDeleted} when a moderator removed it).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AdminMessage(String id, long seq, String senderId, String text, JsonNode attachments, Instant createdAt,
                           boolean deleted, Instant editedAt, boolean hardDeleted) implements Serializable {

    /** One page; {@code nextBefore} asks for the older page (with {@code before}), {@code hasMore} says whether there is one. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Page(List<AdminMessage> items, long nextAfter, Long nextBefore, boolean hasMore) implements Serializable {
    }
}
