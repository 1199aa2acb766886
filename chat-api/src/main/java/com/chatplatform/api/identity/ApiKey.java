package com.chatplatform.api.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

@Entity
@Table(name = "api_key")
public class ApiKey {
    @Id
    private UUID id;
    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;
    @Column(nullable = false)
    private String name;
    @Column(name = "secret_hash", nullable = false)
    private String secretHash;
    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;
    @Column(name = "last_used_at")
    private OffsetDateTime lastUsedAt;
    @Column(name = "revoked_at")
    private OffsetDateTime revokedAt;

    protected ApiKey() {
    }

    ApiKey(UUID id, UUID tenantId, String name, String secretHash, OffsetDateTime createdAt) {
        this.id = id;
        this.tenantId = tenantId;
        this.name = name;
        this.secretHash = secretHash;
        this.createdAt = createdAt;
    }

    public UUID id() { return id; }
    public UUID tenantId() { return tenantId; }
    public String name() { return name; }
    String secretHash() { return secretHash; }
    public OffsetDateTime createdAt() { return createdAt; }
    public OffsetDateTime lastUsedAt() { return lastUsedAt; }
    public OffsetDateTime revokedAt() { return revokedAt; }
    public boolean isRevoked() { return revokedAt != null; }

    void revoke(OffsetDateTime at) {
        this.revokedAt = at;
    }

    void markUsed(OffsetDateTime at) {
        this.lastUsedAt = at;
    }
}
