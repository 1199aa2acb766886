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

/** The calling user's unread total over all conversations, muted conversations apart. Who may call: end users. */
@Path("unread")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Access(user = true)
@Tag(name = "Moderation (end user)")
public class UnreadResource {

    @Inject
    MuteService mutes;
    @Inject
    CallerContext caller;

    /** totalUnreadCount and unreadConversations leave out conversations muted now; mutedUnreadCount counts those. */
    @GET
    public MuteService.Unread unread() {
        return mutes.unread(caller.get());
    }
}
