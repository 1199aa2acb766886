package com.chatplatform.api.plan;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A tenant's plan and overrides, set by platform admins. Who may call: platform admins. */
@Path("platform/tenants/{tenantId}/plan")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Platform")
public class PlatformTenantPlanResource {

    /** A tenant's plan, its overrides and the effective limits (plan + overrides). */
    public record SettingsView(PlanRef plan, JsonObject overrides, JsonObject limits, TenantSettings.Compliance compliance) {
        public static SettingsView of(TenantSettings.Effective e) {
            return new SettingsView(new PlanRef(e.planId(), e.planName()), e.overrides(), e.limits().toJson(), e.compliance());
        }
    }

    public record PlanRef(String id, String name) {
    }

    @Inject
    PlanService plans;
    @Inject
    CallerContext caller;

    @GET
    @Access(roles = "platform-admin")
    public SettingsView get(@PathParam("tenantId") UUID tenantId) {
        return SettingsView.of(plans.ofTenant(tenantId));
    }

    /** {"plan": "enterprise", "overrides": {"maxUsers": 50000}}: the overrides replace the tenant's earlier ones. */
    @PUT
    @Access(roles = "platform-admin")
    public SettingsView put(@PathParam("tenantId") UUID tenantId, JsonObject body) {
        return SettingsView.of(plans.assign(caller.get(), tenantId, body));
    }
}
