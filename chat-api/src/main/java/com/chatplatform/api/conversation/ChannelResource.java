package com.chatplatform.api.conversation;

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

/** The tenant's public channels to join (POST /conversations/{id}/join). Who may call: end users. */
@Path("channels")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Access(user = true)
@Tag(name = "Conversations (end user)")
public class ChannelResource {

    @Inject
    ChannelService channels;
    @Inject
    CallerContext caller;

    /** By name; {@code name}: case-insensitive name prefix. */
    @GET
    public ChannelService.ChannelPage browse(@QueryParam("name") String name, @QueryParam("cursor") String cursor,
                                             @QueryParam("limit") @DefaultValue("50") int limit) {
        return channels.browse(caller.get(), name, cursor, limit);
    }
}
