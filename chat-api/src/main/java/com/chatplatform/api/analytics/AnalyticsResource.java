package com.chatplatform.api.analytics;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A tenant's own analytics. Who may call: the tenant's API keys and its tenant admins. */
@Path("analytics")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Analytics")
public class AnalyticsResource {
    @Inject
    AnalyticsService analytics;
    @Inject
    CallerContext caller;

    /** {@code from} and {@code to} are UTC days (YYYY-MM-DD), both included; by default the last 30 days. */
    @GET
    @Access(apiKey = true, roles = "tenant-admin")
    public AnalyticsReport get(@QueryParam("from") String from, @QueryParam("to") String to) {
        return analytics.forCaller(caller.get(), from, to);
    }
}
