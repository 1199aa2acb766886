package com.chatplatform.api.presence;

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

/** Presence of users the caller shares a conversation with (and its own). Who may call: end users. */
@Path("presence")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Access(user = true)
@Tag(name = "Presence (end user)")
public class PresenceResource {
    @Inject
    PresenceService presence;
    @Inject
    CallerContext caller;

    /** ?userIds=a,b (at most 100): each as online, offline (with lastSeenAt) or unknown (not visible to the caller). */
    @GET
    public PresenceService.PresencePage presence(@QueryParam("userIds") String userIds) {
        return presence.presence(caller.get(), userIds);
    }
}
