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

/** The calling member's mute of one conversation. Who may call: end users who are members. */
@Path("conversations/{conversationId}/mute")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(user = true)
@Tag(name = "Moderation (end user)")
public class MuteResource {

    /** {@code until}: an ISO-8601 instant in the future; absent or null: until unmuted. */
    public record Mute(String until) {
    }

    @Inject
    MuteService mutes;
    @Inject
    CallerContext caller;

    /** Mutes the conversation for the caller (again: replaces the end time). */
    @PUT
    public MuteService.MuteState mute(@PathParam("conversationId") UUID conversationId, Mute body) {
        return mutes.mute(caller.get(), conversationId, body == null ? null : body.until());
    }

    /** Unmutes the conversation for the caller. */
    @DELETE
    public MuteService.MuteState unmute(@PathParam("conversationId") UUID conversationId) {
        return mutes.unmute(caller.get(), conversationId);
    }
}
