package com.chatplatform.api.user;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.identity.CallerContext;
import com.chatplatform.api.platform.JsonSupport;
import jakarta.json.JsonObject;
import java.io.StringReader;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** End-user management by the tenant backend. Who may call: tenant API keys and tenant admins (their own tenant). */
@Path("users")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(apiKey = true, roles = "tenant-admin")
@Tag(name = "Users (tenant backend)")
public class UserResource {

    public record CreateUser(String id, String displayName) {
    }

    public record UserView(String id, String displayName, String avatarUrl, JsonObject customData, String role, Instant createdAt) {
        static UserView of(ChatUser u) {
            JsonObject data = null;
            if (u.customData() != null) {
                try (var reader = JsonSupport.JSON.createReader(new StringReader(u.customData()))) {
                    data = reader.readObject();
                }
            }
            return new UserView(u.externalId(), u.displayName(), u.avatarUrl(), data, u.role(), u.createdAt().toInstant());
        }
    }

    /** PATCH body: null fields stay unchanged; "" clears avatarUrl and {} clears customData. */
    public record UpdateUser(String displayName, String avatarUrl, JsonObject customData, String role) {
        UserService.ProfileChange change() {
            return new UserService.ProfileChange(displayName, avatarUrl, customData, role);
        }
    }

    public record TokenRequest(Long ttlSeconds) {
    }

    public record TokenView(String token, Instant expiresAt) {
    }

    @Inject
    UserService users;
    @Inject
    CallerContext caller;

    @POST
    public Response create(CreateUser body) {
        ChatUser user = users.create(caller.get(), body == null ? null : body.id(), body == null ? null : body.displayName());
        return Response.status(Response.Status.CREATED).entity(UserView.of(user)).build();
    }

    public record UserList(java.util.List<UserView> items, String nextCursor) {
    }

    /** The tenant's users by id; {@code q}: id or display name prefix (case-insensitive); keyset-paged. */
    @GET
    public UserList list(@QueryParam("q") String q, @QueryParam("cursor") String cursor,
                         @QueryParam("limit") @DefaultValue("50") int limit) {
        UserService.UserPage page = users.list(caller.get(), q, cursor, limit);
        return new UserList(page.users().stream().map(UserView::of).toList(), page.nextCursor());
    }

    @GET
    @Path("{id}")
    public UserView get(@PathParam("id") String id) {
        return UserView.of(users.requireByExternalId(caller.get(), id));
    }

    /** Changes a user's display name, avatar URL, custom data or role ("user" or "moderator"). */
    @PATCH
    @Path("{id}")
    public UserView update(@PathParam("id") String id, UpdateUser body) {
        return UserView.of(users.update(caller.get(), id, body == null ? null : body.change()));
    }

    /**
     * An end user's own profile. For an API key or a tenant admin, "me" is just the user whose id is "me"
     * (so such an id stays reachable).
     */
    @GET
    @Path("me")
    @Access(user = true, apiKey = true, roles = "tenant-admin")
    public UserView me() {
        Caller c = caller.get();
        return UserView.of(c.kind() == Caller.Kind.USER ? users.requireSelf(c) : users.requireByExternalId(c, "me"));
    }

    /** An end user edits their own display name, avatar URL and custom data (not their role). */
    @PATCH
    @Path("me")
    @Access(user = true, apiKey = true, roles = "tenant-admin")
    public UserView updateMe(UpdateUser body) {
        Caller c = caller.get();
        UserService.ProfileChange change = body == null ? null : body.change();
        return UserView.of(c.kind() == Caller.Kind.USER ? users.updateSelf(c, change) : users.update(c, "me", change));
    }

    public record Revocation(Instant tokensValidAfter) {
    }

    /** Revokes every token issued to the user so far and closes the user's open sockets. */
    @POST
    @Path("{id}/revoke-tokens")
    public Revocation revokeTokens(@PathParam("id") String id) {
        return new Revocation(users.revokeTokens(caller.get(), id));
    }

    @Inject
    com.chatplatform.api.compliance.ComplianceService compliance;

    /** Erases the user (GDPR art. 17): starts an asynchronous erasure job, see docs/compliance.md. */
    @jakarta.ws.rs.DELETE
    @Path("{id}")
    @Access(apiKey = true, roles = {"compliance-officer", "tenant-admin"})
    public Response erase(@PathParam("id") String id) {
        var created = compliance.requestErasure(caller.get(), id);
        return Response.status(created.created() ? Response.Status.ACCEPTED : Response.Status.OK).entity(created.job()).build();
    }

    @POST
    @Path("{id}/tokens")
    public Response token(@PathParam("id") String id, TokenRequest body) {
        var minted = users.mintToken(caller.get(), id, body == null ? null : body.ttlSeconds());
        return Response.status(Response.Status.CREATED).entity(new TokenView(minted.token(), minted.expiresAt())).build();
    }
}
