package com.chatplatform.api.conversation;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.CallerContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Conversations of the calling end user. Who may call: end users (user token). */
@Path("conversations")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(user = true)
@Tag(name = "Conversations (end user)")
@SecurityRequirement(name = "bearer")
public class ConversationResource {

    public record OpenDirect(String userId) {
    }

    public record MemberView(String userId, String role) {
    }

    public record ConversationView(UUID id, String type, List<MemberView> members, long lastSeq, Instant createdAt) {
    }

    @Inject
    ConversationService conversations;
    @Inject
    CallerContext caller;

    @POST
    @Path("direct")
    public ConversationView openDirect(OpenDirect body) {
        Conversation c = conversations.openDirect(caller.get(), body == null ? null : body.userId());
        return view(c);
    }

    @GET
    @Path("{id}")
    public ConversationView get(@PathParam("id") UUID id) {
        return view(conversations.requireMember(caller.get(), id));
    }

    private ConversationView view(Conversation c) {
        List<MemberView> members = conversations.members(c.tenantId(), c.id()).stream()
                .map(m -> new MemberView(m.externalId(), m.role())).toList();
        return new ConversationView(c.id(), c.type(), members, c.lastSeq(), c.createdAt().toInstant());
    }
}
