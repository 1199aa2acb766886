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
 * Bans from a group or channel by its owners and admins, and by end users whose tenant role is "moderator" (members
 * of the conversation). Who may call: end users (user token).
 */
@Path("conversations/{conversationId}/bans")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(user = true)
@Tag(name = "Moderation (end user)")
public class BanResource {

    /** {@code expiresAt}: an ISO-8601 instant in the future; absent: until unbanned. */
    public record Ban(String userId, String reason, String expiresAt) {
    }

    public record Bans(List<ModerationService.BanView> items) {
    }

    @Inject
    ModerationService moderation;
    @Inject
    CallerContext caller;

    /** The conversation's active bans. */
    @GET
    public Bans list(@PathParam("conversationId") UUID conversationId) {
        return new Bans(moderation.bans(caller.get(), conversationId));
    }

    /** Bans a user (removing them if they are a member); returns the "member.banned" event. */
    @POST
    public Change ban(@PathParam("conversationId") UUID conversationId, Ban body) {
        if (body == null) {
            throw ApiException.invalid("A body with \"userId\" is required.");
        }
        return new Change(moderation.ban(caller.get(), conversationId, body.userId(), body.reason(), body.expiresAt()));
    }

    /** Lifts a ban; returns the "member.unbanned" event (changed false when there was none). */
    @DELETE
    @Path("{userId}")
    public Change unban(@PathParam("conversationId") UUID conversationId, @PathParam("userId") String userId) {
        return Change.of(moderation.unban(caller.get(), conversationId, userId));
    }
}
