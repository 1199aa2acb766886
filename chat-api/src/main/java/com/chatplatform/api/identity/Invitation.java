package com.chatplatform.api.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A single-use invitation to become a console account of a tenant; only the token's SHA-256 is stored. */
@Entity
@Table(name = "account_invitation")
public class Invitation {
    @Id
    private UUID id;
    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;
    @Column(nullable = false)
    private String email;
    @Column(nullable = false)
    private String role;
    @Column(name = "token_hash", nullable = false)
    private String tokenHash;
    @Column(name = "invited_by", nullable = false)
    private UUID invitedBy;
    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;
    @Column(name = "expires_at", nullable = false)
    private OffsetDateTime expiresAt;
    @Column(name = "accepted_at")
    private OffsetDateTime acceptedAt;
    @Column(name = "account_id")
    private UUID accountId;
    @Column(name = "revoked_at")
    private OffsetDateTime revokedAt;

    protected Invitation() {
    }

    Invitation(UUID id, UUID tenantId, String email, String role, String tokenHash, UUID invitedBy, OffsetDateTime createdAt,
               OffsetDateTime expiresAt) {
        this.id = id;
        this.tenantId = tenantId;
        this.email = email;
        this.role = role;
        this.tokenHash = tokenHash;
        this.invitedBy = invitedBy;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public UUID id() { return id; }
    public UUID tenantId() { return tenantId; }
    public String email() { return email; }
    public String role() { return role; }
    public UUID invitedBy() { return invitedBy; }
    public OffsetDateTime createdAt() { return createdAt; }
    public OffsetDateTime expiresAt() { return expiresAt; }
    public OffsetDateTime acceptedAt() { return acceptedAt; }
    public OffsetDateTime revokedAt() { return revokedAt; }

    boolean isPending(OffsetDateTime now) {
        return acceptedAt == null && revokedAt == null && expiresAt.isAfter(now);
    }

    void accept(UUID accountId, OffsetDateTime at) {
        this.accountId = accountId;
        this.acceptedAt = at;
    }

    void revoke(OffsetDateTime at) {
        this.revokedAt = at;
    }
}
