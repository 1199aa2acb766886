package com.chatplatform.api.event;

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

/** The event log of one conversation, for catch-up. Who may call: end users who are members. */
@Path("conversations/{conversationId}/events")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Access(user = true)
@Tag(name = "Conversations (end user)")
public class EventResource {
    @Inject
    SyncService sync;
    @Inject
    CallerContext caller;

    /** Every event with seq greater than {@code after}, in order; page until {@code hasMore} is false. */
    @GET
    public SyncService.EventPage list(@PathParam("conversationId") UUID conversationId,
                                      @QueryParam("after") @DefaultValue("0") long after,
                                      @QueryParam("limit") @DefaultValue("100") int limit) {
        return sync.events(caller.get(), conversationId, after, limit);
    }
}
