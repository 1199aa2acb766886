package com.chatplatform.api.message;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Threads of a conversation (replies are sent with parentId). Who may call: end users who are members. */
@Path("conversations/{conversationId}/threads")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Access(user = true)
@Tag(name = "Messages (end user)")
public class ThreadResource {

    @Inject
    ThreadService threads;
    @Inject
    CallerContext caller;

    /** Thread roots with replies, most recent reply first. */
    @GET
    public ThreadService.ThreadList list(@PathParam("conversationId") UUID conversationId, @QueryParam("cursor") String cursor,
                                         @QueryParam("limit") @DefaultValue("50") int limit) {
        return threads.threads(caller.get(), conversationId, cursor, limit);
    }

    /** The root and its replies after {@code after}, oldest first. */
    @GET
    @Path("{messageId}")
    public ThreadService.Thread thread(@PathParam("conversationId") UUID conversationId, @PathParam("messageId") UUID messageId,
                                       @QueryParam("after") @DefaultValue("0") long after, @QueryParam("limit") @DefaultValue("50") int limit) {
        return threads.thread(caller.get(), conversationId, messageId, after, limit);
    }
}
