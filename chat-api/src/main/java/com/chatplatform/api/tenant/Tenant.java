package com.chatplatform.api.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

@Entity
@Table(name = "tenant")
public class Tenant {
    public static final String ACTIVE = "active";
    public static final String SUSPENDED = "suspended";
    /** Deletion confirmed: the tenant.delete job is removing its data (ADR 0006, docs/operations.md). */
    public static final String DELETING = "deleting";
    /** Everything removed; the row stays as a tombstone so the id is never reused. */
    public static final String DELETED = "deleted";

    @Id
    private UUID id;
    @Column(nullable = false)
    private String name;
    @Column(nullable = false)
    private String status;
    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;
    // Written by TenantDeletionService / TenantDeletionJob with SQL; read here for the tenant view.
    @Column(name = "deletion_requested_at", insertable = false, updatable = false)
    private OffsetDateTime deletionRequestedAt;
    @Column(name = "deleted_at", insertable = false, updatable = false)
    private OffsetDateTime deletedAt;
    @Column(name = "deletion_progress", insertable = false, updatable = false)
    private String deletionProgress;

    protected Tenant() {
    }

    public Tenant(UUID id, String name, OffsetDateTime createdAt) {
        this.id = id;
        this.name = name;
        this.status = ACTIVE;
        this.createdAt = createdAt;
    }

    public UUID id() { return id; }
    public String name() { return name; }
    public String status() { return status; }
    public OffsetDateTime createdAt() { return createdAt; }
    public boolean isActive() { return ACTIVE.equals(status); }
    /** Deleting or deleted: nothing may change it any more and its credentials never work again. */
    public boolean isDeletedOrDeleting() { return DELETING.equals(status) || DELETED.equals(status); }
    public OffsetDateTime deletionRequestedAt() { return deletionRequestedAt; }
    public OffsetDateTime deletedAt() { return deletedAt; }
    /** The deletion job's progress as JSON text (phase and counts per store), or null. */
    public String deletionProgress() { return deletionProgress; }

    void rename(String name) {
        this.name = name;
    }

    void setStatus(String status) {
        this.status = status;
    }
}
