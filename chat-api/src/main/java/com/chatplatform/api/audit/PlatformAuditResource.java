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

/** The whole audit log. Who may call: platform admins. */
@Path("platform/audit")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Platform")
public class PlatformAuditResource {
    @Inject
    AuditLog audit;
    @Inject
    CallerContext caller;

    @GET
    @Access(roles = "platform-admin")
    public AuditPage list(@QueryParam("tenantId") String tenantId, @QueryParam("action") String action,
                          @QueryParam("from") String from, @QueryParam("to") String to,
                          @QueryParam("limit") String limit, @QueryParam("before") String before) {
        return audit.list(caller.get(), AuditQuery.parse(tenantId, action, from, to, limit, before));
    }

    /** Walks one chain: a tenant's ({@code tenantId}) or, without it, the platform chain (entries with no tenant). */
    @GET
    @Path("verify")
    @Access(roles = "platform-admin")
    public AuditLog.Verification verify(@QueryParam("tenantId") String tenantId) {
        return audit.verify(caller.get(), AuditQuery.parse(tenantId, null, null, null, null, null).tenantId());
    }
}
