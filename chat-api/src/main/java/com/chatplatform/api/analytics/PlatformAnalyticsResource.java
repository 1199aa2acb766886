package com.chatplatform.api.analytics;

import com.chatplatform.api.identity.Access;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Any tenant's analytics. Who may call: platform admins. */
@Path("platform/tenants/{id}/analytics")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Platform")
public class PlatformAnalyticsResource {
    @Inject
    AnalyticsService analytics;

    @GET
    @Access(roles = "platform-admin")
    public AnalyticsReport get(@PathParam("id") UUID id, @QueryParam("from") String from, @QueryParam("to") String to) {
        return analytics.forTenant(id, from, to);
    }
}
