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

/**
 * The tenant's conversations for its administration. Who may call: tenant backends (API key), tenant admins and
 * moderators (console accounts of the tenant). Per-conversation admin calls live in {@link AdminConversationResource}
 * (rooted at {@code admin/conversations/{conversationId}}: Jersey matches the root class by its own path first).
 */
@Path("admin/conversations")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Access(apiKey = true, roles = {"tenant-admin", "moderator"})
@Tag(name = "Conversations (tenant administration)")
public class AdminConversationListResource {

    @Inject
    AdminConversationService conversations;
    @Inject
    CallerContext caller;

    /** Most recent activity first; {@code type}: direct|group|channel; {@code name}: case-insensitive name prefix. */
    @GET
    public AdminConversationService.Page list(@QueryParam("type") String type, @QueryParam("name") String name,
                                              @QueryParam("cursor") String cursor, @QueryParam("limit") @DefaultValue("50") int limit) {
        return conversations.list(caller.get(), type, name, cursor, limit);
    }
}
