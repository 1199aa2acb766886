package com.chatplatform.api.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/** A key a tenant's backend signs its end users' tokens with. */
@Entity
@Table(name = "tenant_token_key")
@IdClass(TenantTokenKey.Key.class)
public class TenantTokenKey {
    @Id
    @Column(name = "tenant_id")
    private UUID tenantId;
    @Id
    @Column(name = "kid")
    private String kid;
    @Column(nullable = false)
    private String alg;
    @Column
    private String secret;
    @Column(name = "public_jwk")
    private String publicJwk;
    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;
    @Column(name = "revoked_at")
    private OffsetDateTime revokedAt;

    protected TenantTokenKey() {
    }

    TenantTokenKey(UUID tenantId, String kid, String alg, String secret, String publicJwk, OffsetDateTime createdAt) {
        this.tenantId = tenantId;
        this.kid = kid;
        this.alg = alg;
        this.secret = secret;
        this.publicJwk = publicJwk;
        this.createdAt = createdAt;
    }

    public UUID tenantId() { return tenantId; }
    public String kid() { return kid; }
    public String alg() { return alg; }
    String secret() { return secret; }
    String publicJwk() { return publicJwk; }
    public OffsetDateTime createdAt() { return createdAt; }
    public OffsetDateTime revokedAt() { return revokedAt; }
    public boolean isRevoked() { return revokedAt != null; }

    void revoke(OffsetDateTime at) {
        this.revokedAt = at;
    }

    public static class Key implements Serializable {
        private UUID tenantId;
        private String kid;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(tenantId, k.tenantId) && Objects.equals(kid, k.kid);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, kid);
        }
    }
}
