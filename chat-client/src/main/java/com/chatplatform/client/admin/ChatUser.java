package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.Serializable;
import java.time.Instant;

/** A tenant's chat user as {@code GET /users/{id}} shows it (the id is the tenant's own user id). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatUser(String id, String displayName, String avatarUrl, com.fasterxml.jackson.databind.JsonNode customData,
                       String role, Instant createdAt) implements Serializable {

    /** One page of {@code GET /users}; {@code nextCursor} (null on the last page) asks for the next one. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Page(java.util.List<ChatUser> items, String nextCursor) implements Serializable {
        public Page {
            items = items == null ? java.util.List.of() : java.util.List.copyOf(items);
        }
    }
}
