package com.chatplatform.api.message;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Messages that mention the caller. Who may call: end users (user token). */
@Path("mentions")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Access(user = true)
@Tag(name = "Messages (end user)")
public class MentionResource {

    @Inject
    MentionService mentions;
    @Inject
    CallerContext caller;

    /** Newest first, only conversations the caller is a member of; limit 1-100 (20); cursor: nextCursor. */
    @GET
    public MentionService.Page list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return mentions.mine(caller.get(), limit, cursor);
    }
}
