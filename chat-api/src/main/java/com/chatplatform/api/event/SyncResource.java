package com.chatplatform.api.event;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What a reconnecting client needs to know first. Who may call: end users (user token). */
@Path("sync")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Access(user = true)
@Tag(name = "Conversations (end user)")
public class SyncResource {
    @Inject
    SyncService sync;
    @Inject
    CallerContext caller;

    /** All the caller's conversations with lastSeq and readSeq, in a stable order; page with cursor. */
    @GET
    public SyncService.SyncPage list(@QueryParam("cursor") String cursor, @QueryParam("limit") @DefaultValue("500") int limit) {
        return sync.sync(caller.get(), cursor, limit);
    }
}
