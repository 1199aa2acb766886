package com.chatplatform.api.plan;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The calling tenant's own plan and limits (usage: TenantUsageResource). Who may call: tenant API keys and tenant admins. */
@Path("settings")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Settings (tenant)")
public class TenantSettingsResource {

    @Inject
    TenantSettings settings;
    @Inject
    CallerContext caller;

    /** The plan, the tenant's overrides and the effective limits. */
    @GET
    @Access(apiKey = true, roles = "tenant-admin")
    public PlatformTenantPlanResource.SettingsView settings() {
        return PlatformTenantPlanResource.SettingsView.of(settings.of(caller.get().requireTenant()));
    }
}
