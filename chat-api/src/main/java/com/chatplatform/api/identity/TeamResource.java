package com.chatplatform.api.identity;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A tenant admin manages the tenant's console team. Who may call: tenant admins (their own tenant only). */
@Path("team")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(roles = TeamService.TENANT_ADMIN)
@Tag(name = "Console team (tenant admins)")
public class TeamResource {

    public record Invite(String email, String role) {
    }

    public record ChangeRole(String role) {
    }

    public record InvitationList(List<TeamService.InvitationView> items) {
    }

    public record MemberList(List<TeamService.MemberView> items) {
    }

    @Inject
    TeamService team;
    @Inject
    CallerContext caller;

    @POST
    @Path("invitations")
    public Response invite(Invite body) {
        var c = caller.get();
        return Response.status(Response.Status.CREATED)
                .entity(team.invite(c, c.requireTenant(), body == null ? null : body.email(), body == null ? null : body.role())).build();
    }

    @GET
    @Path("invitations")
    public InvitationList invitations() {
        return new InvitationList(team.pending(caller.get().requireTenant()));
    }

    @DELETE
    @Path("invitations/{id}")
    public Response revokeInvitation(@PathParam("id") UUID id) {
        var c = caller.get();
        team.revokeInvitation(c, c.requireTenant(), id);
        return Response.noContent().build();
    }

    @GET
    @Path("members")
    public MemberList members() {
        return new MemberList(team.members(caller.get().requireTenant()));
    }

    @PATCH
    @Path("members/{id}")
    public TeamService.MemberView changeRole(@PathParam("id") UUID id, ChangeRole body) {
        var c = caller.get();
        return team.changeRole(c, c.requireTenant(), id, body == null ? null : body.role());
    }

    @DELETE
    @Path("members/{id}")
    public Response remove(@PathParam("id") UUID id) {
        var c = caller.get();
        team.remove(c, c.requireTenant(), id);
        return Response.noContent().build();
    }
}
