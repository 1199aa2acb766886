package com.chatplatform.api.conversation;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import com.chatplatform.api.message.MessageService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
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

    @Inject
    AdminConversationService conversations;
    @Inject
    MessageService messages;
    @Inject
    CallerContext caller;

    @GET
    public AdminConversationService.Detail get(@PathParam("conversationId") UUID conversationId) {
        return conversations.detail(caller.get(), conversationId);
    }

    /** History by seq, deleted messages as tombstones: {@code after} (oldest first) or {@code before} (the page just before). */
    @GET
    @Path("messages")
    public MessageService.AdminPage messages(@PathParam("conversationId") UUID conversationId, @QueryParam("after") Long after,
                                             @QueryParam("before") Long before, @QueryParam("limit") @DefaultValue("50") int limit) {
        return messages.adminHistory(caller.get(), conversationId, after, before, limit);
    }
}
