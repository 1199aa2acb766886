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
    @Column(name = "avatar_url")
    private String avatarUrl;
    @Column(name = "custom_data")
    private String customData;
    @Column(nullable = false)
    private String role = "user";

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
    public String avatarUrl() { return avatarUrl; }
    /** The tenant's own JSON object about the user (at most 4,096 characters), or null. */
    public String customData() { return customData; }
    /** "user" or "moderator": the user's role in the tenant's application (the tenant decides what it means). */
    public String role() { return role; }

    void updateProfile(String displayName, String avatarUrl, String customData, String role) {
        this.displayName = displayName;
        this.avatarUrl = avatarUrl;
        this.customData = customData;
        this.role = role;
    }

    void revokeTokens(OffsetDateTime at) {
        this.tokensValidAfter = at;
    }
}
