package com.chatplatform.api.plan;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A tenant's plan and its per-tenant overrides of the plan's limits (table tenant_plan). */
@Entity
@Table(name = "tenant_plan")
public class TenantPlan {
    @Id
    @Column(name = "tenant_id")
    private UUID tenantId;
    @Column(name = "plan_id", nullable = false)
    private String planId;
    /** A JSON object of limits (the fields present override the plan's). */
    @Column(nullable = false)
    private String overrides;
    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    protected TenantPlan() {
    }

    TenantPlan(UUID tenantId, String planId, String overrides, OffsetDateTime now) {
        this.tenantId = tenantId;
        assign(planId, overrides, now);
    }

    public UUID tenantId() { return tenantId; }
    public String planId() { return planId; }
    public String overrides() { return overrides; }

    void assign(String planId, String overrides, OffsetDateTime now) {
        this.planId = planId;
        this.overrides = overrides;
        this.updatedAt = now;
    }
}
