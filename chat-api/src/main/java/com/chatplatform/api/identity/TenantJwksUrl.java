package com.chatplatform.api.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A URL where a tenant's backend publishes the public keys (a JWK set) it signs its users' tokens with. */
@Entity
@Table(name = "tenant_jwks_url")
public class TenantJwksUrl {
    @Id
    private UUID id;
    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;
    @Column(nullable = false)
    private String url;
    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    protected TenantJwksUrl() {
    }

    TenantJwksUrl(UUID id, UUID tenantId, String url, OffsetDateTime createdAt) {
        this.id = id;
        this.tenantId = tenantId;
        this.url = url;
        this.createdAt = createdAt;
    }

    public UUID id() { return id; }
    public UUID tenantId() { return tenantId; }
    public String url() { return url; }
    public OffsetDateTime createdAt() { return createdAt; }
}
