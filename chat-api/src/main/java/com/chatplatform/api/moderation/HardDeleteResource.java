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
 * Hard deletion of a message by the conversation's owners and admins and by end users whose tenant role is
 * "moderator" (members of the conversation). Who may call: end users (user token).
 */
@Path("conversations/{conversationId}/messages/{messageId}/hard-delete")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(user = true)
@Tag(name = "Moderation (end user)")
public class HardDeleteResource {

    public record HardDelete(String reason) {
    }

    @Inject
    ModerationService moderation;
    @Inject
    CallerContext caller;

    /** Returns the "message.deleted" event with hardDeleted true (changed false when it was already hard-deleted). */
    @POST
    public Change hardDelete(@PathParam("conversationId") UUID conversationId, @PathParam("messageId") UUID messageId, HardDelete body) {
        return Change.of(moderation.hardDelete(caller.get(), conversationId, messageId, body == null ? null : body.reason()));
    }
}
