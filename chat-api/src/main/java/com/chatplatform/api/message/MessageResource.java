package com.chatplatform.api.message;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import com.chatplatform.api.event.Change;
import com.chatplatform.api.platform.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** History (and a REST send) of one conversation. Who may call: end users who are members. */
@Path("conversations/{conversationId}/messages")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(user = true)
@Tag(name = "Messages (end user)")
public class MessageResource {

    /** {@code mentions}: optional user ids to mention besides the {@code @id} mentions in the text (members only). */
    public record SendMessage(String clientId, String text, List<UUID> attachmentIds, List<String> mentions, UUID parentId) {
    }

    public record EditMessage(String text, List<String> mentions) {
    }

    @Inject
    MessageService messages;
    @Inject
    CallerContext caller;

    /** Messages with a sequence number greater than {@code after}, oldest first. */
    @GET
    public MessageService.Page list(@PathParam("conversationId") UUID conversationId,
                                    @QueryParam("after") @DefaultValue("0") long after,
                                    @QueryParam("limit") @DefaultValue("50") int limit) {
        return messages.after(caller.get(), conversationId, after, limit);
    }

    /** Same as the WebSocket "send" frame: idempotent on clientId; {@code parentId}: reply in that message's thread. */
    @POST
    public MessageView send(@PathParam("conversationId") UUID conversationId, SendMessage body) {
        if (body == null) {
            throw com.chatplatform.api.platform.ApiException.invalid("A message body is required.");
        }
        return messages.send(caller.get(), conversationId, body.clientId(), body.text(), body.attachmentIds(), body.mentions(), body.parentId());
    }

    /** The author replaces the text; returns the "message.edited" event. */
    @PATCH
    @Path("{messageId}")
    public Change edit(@PathParam("conversationId") UUID conversationId, @PathParam("messageId") UUID messageId, EditMessage body) {
        if (body == null) {
            throw ApiException.invalid("A body with \"text\" is required.");
        }
        return new Change(messages.edit(caller.get(), conversationId, messageId, body.text(), body.mentions()));
    }

    /** Soft delete by the author; returns the "message.deleted" event. */
    @DELETE
    @Path("{messageId}")
    public Change delete(@PathParam("conversationId") UUID conversationId, @PathParam("messageId") UUID messageId) {
        return new Change(messages.delete(caller.get(), conversationId, messageId));
    }

    /** Earlier texts of an edited message, oldest first. */
    @GET
    @Path("{messageId}/edits")
    public List<MessageEditView> edits(@PathParam("conversationId") UUID conversationId, @PathParam("messageId") UUID messageId) {
        return messages.edits(caller.get(), conversationId, messageId);
    }

    /** Adds the caller's reaction (idempotent: event null when it was already there). */
    @PUT
    @Path("{messageId}/reactions/{emoji}")
    public Change react(@PathParam("conversationId") UUID conversationId, @PathParam("messageId") UUID messageId,
                        @PathParam("emoji") String emoji) {
        return Change.of(messages.react(caller.get(), conversationId, messageId, emoji, true));
    }

    /** Removes the caller's reaction (idempotent: event null when it was not there). */
    @DELETE
    @Path("{messageId}/reactions/{emoji}")
    public Change unreact(@PathParam("conversationId") UUID conversationId, @PathParam("messageId") UUID messageId,
                          @PathParam("emoji") String emoji) {
        return Change.of(messages.react(caller.get(), conversationId, messageId, emoji, false));
    }
}
