package com.chatplatform.api.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

@Entity
@Table(name = "conversation")
public class Conversation {
    @Id
    private UUID id;
    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;
    @Column(nullable = false)
    private String type;
    @Column(name = "direct_key")
    private String directKey;
    @Column(name = "last_seq", nullable = false)
    private long lastSeq;
    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;
    @Column(name = "last_message_at")
    private OffsetDateTime lastMessageAt;
    @Column(name = "last_activity_at", nullable = false)
    private OffsetDateTime lastActivityAt;
    private String name;
    private String topic;
    @Column(name = "custom_data")
    private String customData;
    @Column(name = "archived_at")
    private OffsetDateTime archivedAt;

    protected Conversation() {
    }

    public UUID id() { return id; }
    public UUID tenantId() { return tenantId; }
    public String type() { return type; }
    public long lastSeq() { return lastSeq; }
    public OffsetDateTime createdAt() { return createdAt; }
    public OffsetDateTime lastMessageAt() { return lastMessageAt; }
    public OffsetDateTime lastActivityAt() { return lastActivityAt; }
    public String name() { return name; }
    public String topic() { return topic; }
    /** The custom data as JSON object text, or null. */
    public String customData() { return customData; }
    /** When the conversation was archived, or null. */
    public OffsetDateTime archivedAt() { return archivedAt; }
}
