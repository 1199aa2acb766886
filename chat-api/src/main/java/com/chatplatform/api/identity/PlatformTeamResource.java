package com.chatplatform.api.identity;

import com.chatplatform.api.tenant.TenantService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Platform admins see a tenant's console team. Who may call: platform admins. */
@Path("platform/tenants/{id}/members")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Access(roles = Caller.PLATFORM_ADMIN)
@Tag(name = "Platform")
public class PlatformTeamResource {
    @Inject
    TeamService team;
    @Inject
    TenantService tenants;
    @Inject
    CallerContext caller;

    @GET
    public TeamResource.MemberList members(@PathParam("id") UUID tenantId) {
        tenants.require(tenantId);
        return new TeamResource.MemberList(team.members(tenantId));
    }
}
