package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/** One page of {@code GET /admin/search}: hits, newest or best first, and the cursor of the next page (or null). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SearchHits(List<Hit> items, String nextCursor) implements Serializable {

    /** A message that matched. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Hit(String messageId, String conversationId, long seq, String senderId, Instant createdAt, String text,
                      List<String> highlights) implements Serializable {
    }
}
