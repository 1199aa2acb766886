package com.chatplatform.api.plan;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The calling tenant's usage against its quotas. Who may call: tenant API keys and tenant admins. */
@Path("usage")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Settings (tenant)")
public class TenantUsageResource {

    @Inject
    UsageService usage;
    @Inject
    CallerContext caller;

    /** {"users", "maxUsers", "storageBytes", "maxStorageBytes", "messagesToday", "dayStartedAt"}; null maxima: unlimited. */
    @GET
    @Access(apiKey = true, roles = "tenant-admin")
    public JsonObject get() {
        return usage.of(caller.get().requireTenant()).toJson();
    }
}
