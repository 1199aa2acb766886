package com.chatplatform.api.identity;

import com.chatplatform.api.tenant.TenantService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Platform admins invite a tenant's first tenant admin (or any tenant role). Who may call: platform admins. */
@Path("platform/tenants/{id}/invitations")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(roles = Caller.PLATFORM_ADMIN)
@Tag(name = "Platform")
public class PlatformInvitationResource {
    @Inject
    TeamService team;
    @Inject
    TenantService tenants;
    @Inject
    CallerContext caller;

    @POST
    public Response invite(@PathParam("id") UUID tenantId, TeamResource.Invite body) {
        tenants.require(tenantId);
        return Response.status(Response.Status.CREATED)
                .entity(team.invite(caller.get(), tenantId, body == null ? null : body.email(), body == null ? null : body.role())).build();
    }

    @GET
    public TeamResource.InvitationList invitations(@PathParam("id") UUID tenantId) {
        tenants.require(tenantId);
        return new TeamResource.InvitationList(team.pending(tenantId));
    }
}
