package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * A conversation as the tenant's administration sees it ({@code GET /admin/conversations}: {@code members} is empty
 * there; {@code GET /admin/conversations/{id}}: with the members and their roles).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AdminConversation(String id, String type, String name, String topic, long memberCount, long lastSeq,
                                Instant createdAt, Instant lastActivityAt, Instant lastMessageAt, List<Member> members,
                                boolean membersTruncated) implements Serializable {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Member(String userId, String role, long readSeq, Instant joinedAt) implements Serializable {
    }

    /** One page of {@code GET /admin/conversations}; {@code nextCursor} asks for the next one. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Page(List<AdminConversation> items, String nextCursor, boolean hasMore) implements Serializable {
    }
}
