package com.chatplatform.api.plan;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.tenant.TenantService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A tenant's usage against its quotas. Who may call: platform admins. */
@Path("platform/tenants/{tenantId}/usage")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Platform")
public class PlatformTenantUsageResource {

    @Inject
    UsageService usage;
    @Inject
    TenantService tenants;

    /** {"users", "maxUsers", "storageBytes", "maxStorageBytes", "messagesToday", "dayStartedAt"}; null maxima: unlimited. */
    @GET
    @Access(roles = "platform-admin")
    public JsonObject get(@PathParam("tenantId") UUID tenantId) {
        tenants.require(tenantId);
        return usage.of(tenantId).toJson();
    }
}
