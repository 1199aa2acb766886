package com.chatplatform.api.conversation;

import com.chatplatform.api.event.Change;
import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Archiving a group or channel. Who may call: end users who are owners or admins of it. */
@Path("conversations/{conversationId}/archive")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Access(user = true)
@Tag(name = "Conversations (end user)")
public class ArchiveResource {

    @Inject
    ConversationService conversations;
    @Inject
    CallerContext caller;

    /** Archives: the "conversation.archived" event, or changed false when it was archived already. */
    @PUT
    public Change archive(@PathParam("conversationId") UUID conversationId) {
        return Change.of(conversations.archive(caller.get(), conversationId, true));
    }

    /** Unarchives: the "conversation.unarchived" event, or changed false when it was not archived. */
    @DELETE
    public Change unarchive(@PathParam("conversationId") UUID conversationId) {
        return Change.of(conversations.archive(caller.get(), conversationId, false));
    }
}
