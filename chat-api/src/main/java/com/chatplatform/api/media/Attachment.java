package com.chatplatform.api.media;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

@Entity
@Table(name = "attachment")
public class Attachment {
    @Id
    private UUID id;
    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;
    @Column(name = "conversation_id", nullable = false)
    private UUID conversationId;
    @Column(name = "uploader_id", nullable = false)
    private UUID uploaderId;
    @Column(name = "message_id")
    private UUID messageId;
    @Column(name = "storage_key", nullable = false)
    private String storageKey;
    @Column(name = "file_name", nullable = false)
    private String fileName;
    @Column(name = "content_type", nullable = false)
    private String contentType;
    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;
    @Column(nullable = false)
    private String sha256;
    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    protected Attachment() {
    }

    Attachment(UUID id, UUID tenantId, UUID conversationId, UUID uploaderId, String storageKey, String fileName,
               String contentType, long sizeBytes, String sha256, OffsetDateTime createdAt) {
        this.id = id;
        this.tenantId = tenantId;
        this.conversationId = conversationId;
        this.uploaderId = uploaderId;
        this.storageKey = storageKey;
        this.fileName = fileName;
        this.contentType = contentType;
        this.sizeBytes = sizeBytes;
        this.sha256 = sha256;
        this.createdAt = createdAt;
    }

    public UUID id() { return id; }
    public UUID tenantId() { return tenantId; }
    public UUID conversationId() { return conversationId; }
    public UUID uploaderId() { return uploaderId; }
    public UUID messageId() { return messageId; }
    public String storageKey() { return storageKey; }
    public String fileName() { return fileName; }
    public String contentType() { return contentType; }
    public long sizeBytes() { return sizeBytes; }

    void attachTo(UUID messageId) {
        this.messageId = messageId;
    }

    AttachmentView view() {
        return new AttachmentView(id, fileName, contentType, sizeBytes);
    }
}
