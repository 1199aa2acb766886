package com.chatplatform.api.message;

import com.chatplatform.api.event.Change;
import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Pinned messages of a conversation. Who may call: end users who are members (any member pins, like Slack). */
@Path("conversations/{conversationId}/pins")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Access(user = true)
@Tag(name = "Messages (end user)")
public class PinResource {

    @Inject
    PinService pins;
    @Inject
    CallerContext caller;

    @GET
    public PinService.Pins list(@PathParam("conversationId") UUID conversationId) {
        return pins.list(caller.get(), conversationId);
    }

    /** Pins a message: the "pin.added" event, or changed false when it was pinned already. */
    @PUT
    @Path("{messageId}")
    public Change pin(@PathParam("conversationId") UUID conversationId, @PathParam("messageId") UUID messageId) {
        return Change.of(pins.pin(caller.get(), conversationId, messageId));
    }

    /** Unpins a message: the "pin.removed" event, or changed false when it was not pinned. */
    @DELETE
    @Path("{messageId}")
    public Change unpin(@PathParam("conversationId") UUID conversationId, @PathParam("messageId") UUID messageId) {
        return Change.of(pins.unpin(caller.get(), conversationId, messageId));
    }
}
