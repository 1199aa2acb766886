package com.chatplatform.api.message;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

@Entity
@Table(name = "message")
public class Message {
    public static final String USER = "user";
    public static final String SYSTEM = "system";

    @Id
    private UUID id;
    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;
    @Column(name = "conversation_id", nullable = false)
    private UUID conversationId;
    @Column(nullable = false)
    private long seq;
    /** Null for system messages. */
    @Column(name = "sender_id")
    private UUID senderId;
    @Column(name = "client_id", nullable = false)
    private String clientId;
    @Column(nullable = false)
    private String text;
    @Column(nullable = false)
    private long version;
    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;
    @Column(nullable = false)
    private boolean deleted;
    @Column(name = "edited_at")
    private OffsetDateTime editedAt;
    @Column(name = "hard_deleted", nullable = false)
    private boolean hardDeleted;
    /** "user" or "system". */
    @Column(nullable = false)
    private String kind;
    /** The conversation event a system message renders (null: a text the tenant backend posted as the system). */
    @Column(name = "system_event_seq")
    private Long systemEventSeq;
    /** The thread root this message replies to, or null. */
    @Column(name = "parent_id")
    private UUID parentId;
    @Column(name = "reply_count", nullable = false)
    private int replyCount;
    @Column(name = "last_reply_at")
    private OffsetDateTime lastReplyAt;

    protected Message() {
    }

    Message(UUID id, UUID tenantId, UUID conversationId, long seq, UUID senderId, String clientId, String text, OffsetDateTime createdAt) {
        this(id, tenantId, conversationId, seq, senderId, clientId, text, createdAt, senderId == null ? SYSTEM : USER, null, null);
    }

    Message(UUID id, UUID tenantId, UUID conversationId, long seq, UUID senderId, String clientId, String text, OffsetDateTime createdAt,
            String kind, Long systemEventSeq, UUID parentId) {
        this.kind = kind;
        this.systemEventSeq = systemEventSeq;
        this.parentId = parentId;
        this.id = id;
        this.tenantId = tenantId;
        this.conversationId = conversationId;
        this.seq = seq;
        this.senderId = senderId;
        this.clientId = clientId;
        this.text = text;
        this.version = 1;
        this.createdAt = createdAt;
    }

    public UUID id() { return id; }
    public UUID tenantId() { return tenantId; }
    public UUID conversationId() { return conversationId; }
    public long seq() { return seq; }
    public UUID senderId() { return senderId; }
    public String clientId() { return clientId; }
    public String text() { return text; }
    public long version() { return version; }
    public OffsetDateTime createdAt() { return createdAt; }
    public boolean deleted() { return deleted; }
    public OffsetDateTime editedAt() { return editedAt; }
    public boolean hardDeleted() { return hardDeleted; }
    public String kind() { return kind; }
    public boolean system() { return SYSTEM.equals(kind); }
    public Long systemEventSeq() { return systemEventSeq; }
    public UUID parentId() { return parentId; }
    public int replyCount() { return replyCount; }
    public OffsetDateTime lastReplyAt() { return lastReplyAt; }

    /** A new text by the author; the version goes up so the search index takes it. */
    void edit(String newText, OffsetDateTime at) {
        this.text = newText;
        this.editedAt = at;
        this.version++;
    }

    /** A reply was added to this thread root. */
    void replied(OffsetDateTime at) {
        this.replyCount++;
        this.lastReplyAt = at;
    }

    /** Soft delete: the row (and its seq) stays, the text goes. */
    void softDelete() {
        this.text = "";
        this.deleted = true;
        this.version++;
    }
}
