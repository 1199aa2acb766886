package com.chatplatform.api.moderation;

import com.chatplatform.api.event.Change;
import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import com.chatplatform.api.platform.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Moderation of any conversation of the tenant: bans and hard deletion. Who may call: tenant backends (API key),
 * tenant admins and moderators (console accounts of the tenant). Every action is audited.
 */
@Path("admin/conversations/{conversationId}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(apiKey = true, roles = {"tenant-admin", "moderator"})
@Tag(name = "Moderation (tenant administration)")
public class AdminModerationResource {

    @Inject
    ModerationService moderation;
    @Inject
    CallerContext caller;

    @GET
    @Path("bans")
    public BanResource.Bans bans(@PathParam("conversationId") UUID conversationId) {
        return new BanResource.Bans(moderation.bans(caller.get(), conversationId));
    }

    @POST
    @Path("bans")
    public Change ban(@PathParam("conversationId") UUID conversationId, BanResource.Ban body) {
        if (body == null) {
            throw ApiException.invalid("A body with \"userId\" is required.");
        }
        return new Change(moderation.ban(caller.get(), conversationId, body.userId(), body.reason(), body.expiresAt()));
    }

    @DELETE
    @Path("bans/{userId}")
    public Change unban(@PathParam("conversationId") UUID conversationId, @PathParam("userId") String userId) {
        return Change.of(moderation.unban(caller.get(), conversationId, userId));
    }

    @POST
    @Path("messages/{messageId}/hard-delete")
    public Change hardDelete(@PathParam("conversationId") UUID conversationId, @PathParam("messageId") UUID messageId,
                             HardDeleteResource.HardDelete body) {
        return Change.of(moderation.hardDelete(caller.get(), conversationId, messageId, body == null ? null : body.reason()));
    }
}
