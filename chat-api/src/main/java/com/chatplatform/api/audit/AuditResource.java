package com.chatplatform.api.audit;

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

/** A tenant's own audit log and its chain verification. Who may call: tenant API keys, tenant admins and compliance officers (only their tenant's entries). */
@Path("audit")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
public class AuditResource {
    @Inject
    AuditLog audit;
    @Inject
    CallerContext caller;

    @GET
    @Access(apiKey = true, roles = {"tenant-admin", "compliance-officer"})
    public AuditPage list(@QueryParam("action") String action, @QueryParam("from") String from, @QueryParam("to") String to,
                          @QueryParam("limit") String limit, @QueryParam("before") String before) {
        return audit.list(caller.get(), AuditQuery.parse(null, action, from, to, limit, before));
    }

    /** Walks the tenant's hash chain and reports the first entry that does not verify. */
    @GET
    @Path("verify")
    @Access(apiKey = true, roles = {"compliance-officer", "tenant-admin"})
    public AuditLog.Verification verify() {
        return audit.verify(caller.get(), null);
    }
}
