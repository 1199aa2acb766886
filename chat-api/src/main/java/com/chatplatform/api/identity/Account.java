package com.chatplatform.api.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A person using the console. */
@Entity
@Table(name = "account")
public class Account {
    @Id
    private UUID id;
    @Column(name = "tenant_id")
    private UUID tenantId;
    @Column(nullable = false)
    private String email;
    @Column(name = "password_hash", nullable = false)
    private String passwordHash;
    @Column(nullable = false)
    private String role;
    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;
    @Column(name = "display_name")
    private String displayName;
    @Column(name = "tokens_valid_after")
    private OffsetDateTime tokensValidAfter;
    @Column(name = "totp_secret")
    private String totpSecret;
    @Column(name = "totp_pending_secret")
    private String totpPendingSecret;
    @Column(name = "totp_last_step")
    private Long totpLastStep;
    @Column(name = "totp_enabled_at")
    private OffsetDateTime totpEnabledAt;

    protected Account() {
    }

    Account(UUID id, UUID tenantId, String email, String passwordHash, String role, OffsetDateTime createdAt) {
        this.id = id;
        this.tenantId = tenantId;
        this.email = email;
        this.passwordHash = passwordHash;
        this.role = role;
        this.createdAt = createdAt;
    }

    public UUID id() { return id; }
    public UUID tenantId() { return tenantId; }
    public String email() { return email; }
    String passwordHash() { return passwordHash; }
    public String role() { return role; }
    public OffsetDateTime createdAt() { return createdAt; }
    public String displayName() { return displayName; }
    public OffsetDateTime tokensValidAfter() { return tokensValidAfter; }
    public boolean totpEnabled() { return totpSecret != null; }
    String totpSecret() { return totpSecret; }
    String totpPendingSecret() { return totpPendingSecret; }
    Long totpLastStep() { return totpLastStep; }

    void setDisplayName(String displayName) {
        this.displayName = displayName;
    }

    void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    void setRole(String role) {
        this.role = role;
    }

    void revokeTokens(OffsetDateTime at) {
        this.tokensValidAfter = at;
    }

    void startTotp(String pendingSecret) {
        this.totpPendingSecret = pendingSecret;
    }

    void enableTotp(long usedStep, OffsetDateTime at) {
        this.totpSecret = totpPendingSecret;
        this.totpPendingSecret = null;
        this.totpLastStep = usedStep;
        this.totpEnabledAt = at;
    }

    void disableTotp() {
        this.totpSecret = null;
        this.totpPendingSecret = null;
        this.totpLastStep = null;
        this.totpEnabledAt = null;
    }

    void useTotpStep(long step) {
        this.totpLastStep = step;
    }
}
