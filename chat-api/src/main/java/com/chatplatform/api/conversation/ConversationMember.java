package com.chatplatform.api.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

@Entity
@Table(name = "conversation_member")
@IdClass(ConversationMember.Key.class)
public class ConversationMember {
    @Id
    @Column(name = "conversation_id")
    private UUID conversationId;
    @Id
    @Column(name = "user_id")
    private UUID userId;
    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;
    @Column(nullable = false)
    private String role;
    @Column(name = "joined_at", nullable = false)
    private OffsetDateTime joinedAt;

    protected ConversationMember() {
    }

    public UUID conversationId() { return conversationId; }
    public UUID userId() { return userId; }
    public String role() { return role; }

    public static class Key implements Serializable {
        private UUID conversationId;
        private UUID userId;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(conversationId, k.conversationId) && Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(conversationId, userId);
        }
    }
}
