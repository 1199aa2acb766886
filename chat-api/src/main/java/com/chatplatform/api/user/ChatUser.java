package com.chatplatform.api.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An end user of a tenant's application. externalId is the id the tenant knows the user by. */
@Entity
@Table(name = "chat_user")
public class ChatUser {
    @Id
    private UUID id;
    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;
    @Column(name = "external_id", nullable = false)
    private String externalId;
    @Column(name = "display_name", nullable = false)
    private String displayName;
    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;
    @Column(name = "tokens_valid_after")
    private OffsetDateTime tokensValidAfter;

    protected ChatUser() {
    }

    ChatUser(UUID id, UUID tenantId, String externalId, String displayName, OffsetDateTime createdAt) {
        this.id = id;
        this.tenantId = tenantId;
        this.externalId = externalId;
        this.displayName = displayName;
        this.createdAt = createdAt;
    }

    public UUID id() { return id; }
    public UUID tenantId() { return tenantId; }
    public String externalId() { return externalId; }
    public String displayName() { return displayName; }
    public OffsetDateTime createdAt() { return createdAt; }
    public OffsetDateTime tokensValidAfter() { return tokensValidAfter; }

    void revokeTokens(OffsetDateTime at) {
        this.tokensValidAfter = at;
    }
}
