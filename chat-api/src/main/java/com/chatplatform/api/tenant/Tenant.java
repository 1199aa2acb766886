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

    @Id
    private UUID id;
    @Column(nullable = false)
    private String name;
    @Column(nullable = false)
    private String status;
    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

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

    void rename(String name) {
        this.name = name;
    }

    void setStatus(String status) {
        this.status = status;
    }
}
