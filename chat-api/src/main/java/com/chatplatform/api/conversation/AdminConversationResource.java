package com.chatplatform.api.conversation;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import com.chatplatform.api.message.MessageService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.DELETE;
import com.chatplatform.api.event.Change;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import com.chatplatform.api.message.MessageView;
import com.chatplatform.api.platform.ApiException;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * One conversation of the tenant for its administration: detail with members, and the message history. Who may call:
 * tenant backends (API key), tenant admins and moderators. Rooted at exactly the same path as moderation's
 * AdminModerationResource so Jersey merges the two (a class at {@code admin/conversations} would never be reached
 * for {@code admin/conversations/X/...}).
 */
@Path("admin/conversations/{conversationId}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(apiKey = true, roles = {"tenant-admin", "moderator"})
@Tag(name = "Conversations (tenant administration)")
public class AdminConversationResource {

    /**
     * {@code kind} absent or "user": sent on behalf of the member {@code senderId} (like the member's own send);
     * "system": posted as the system (only {@code clientId} and {@code text}).
     */
    public record AdminSend(String kind, String senderId, String clientId, String text, List<UUID> attachmentIds,
                            List<String> mentions, UUID parentId) {
    }

    @Inject
    AdminConversationService conversations;
    @Inject
    MessageService messages;
    @Inject
    com.chatplatform.api.message.PinService pins;
    @Inject
    CallerContext caller;

    @GET
    public AdminConversationService.Detail get(@PathParam("conversationId") UUID conversationId) {
        return conversations.detail(caller.get(), conversationId);
    }

    /** Sends on behalf of a member, or as the system; idempotent on clientId like every send. */
    @POST
    @Path("messages")
    public MessageView send(@PathParam("conversationId") UUID conversationId, AdminSend body) {
        if (body == null) {
            throw ApiException.invalid("A message body is required.");
        }
        if (body.kind() == null || "user".equals(body.kind())) {
            return messages.sendAs(caller.get(), conversationId, body.senderId(), body.clientId(), body.text(), body.attachmentIds(),
                    body.mentions(), body.parentId());
        }
        if (!"system".equals(body.kind())) {
            throw ApiException.invalid("\"kind\" must be \"user\" or \"system\".");
        }
        if (body.senderId() != null || body.parentId() != null || (body.attachmentIds() != null && !body.attachmentIds().isEmpty())
                || (body.mentions() != null && !body.mentions().isEmpty())) {
            throw ApiException.invalid("A system message has only \"clientId\" and \"text\".");
        }
        return messages.sendSystem(caller.get(), conversationId, body.clientId(), body.text());
    }

    @GET
    @Path("pins")
    public com.chatplatform.api.message.PinService.Pins pins(@PathParam("conversationId") UUID conversationId) {
        return pins.list(caller.get(), conversationId);
    }

    @PUT
    @Path("pins/{messageId}")
    public Change pin(@PathParam("conversationId") UUID conversationId, @PathParam("messageId") UUID messageId) {
        return Change.of(pins.pin(caller.get(), conversationId, messageId));
    }

    @DELETE
    @Path("pins/{messageId}")
    public Change unpin(@PathParam("conversationId") UUID conversationId, @PathParam("messageId") UUID messageId) {
        return Change.of(pins.unpin(caller.get(), conversationId, messageId));
    }

    /** History by seq, deleted messages as tombstones: {@code after} (oldest first) or {@code before} (the page just before). */
    @GET
    @Path("messages")
    public MessageService.AdminPage messages(@PathParam("conversationId") UUID conversationId, @QueryParam("after") Long after,
                                             @QueryParam("before") Long before, @QueryParam("limit") @DefaultValue("50") int limit) {
        return messages.adminHistory(caller.get(), conversationId, after, before, limit);
    }
}
