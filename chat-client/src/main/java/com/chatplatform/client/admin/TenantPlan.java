package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.Serializable;

/**
 * A tenant's plan ({@code GET /platform/tenants/{id}/plan}, {@code GET /settings}): the plan, the tenant's own
 * overrides, the effective limits (plan with overrides) and the compliance settings.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TenantPlan(PlanRef plan, JsonNode overrides, JsonNode limits, ComplianceSettings compliance) implements Serializable {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PlanRef(String id, String name) implements Serializable {
    }
}
