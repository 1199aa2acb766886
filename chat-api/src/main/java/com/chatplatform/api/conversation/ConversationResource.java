package com.chatplatform.api.conversation;

import com.chatplatform.api.event.Change;
import com.chatplatform.api.event.EventLog;
import com.chatplatform.api.event.SyncService;
import com.chatplatform.api.identity.Access;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.identity.CallerContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Conversations of the calling end user. Who may call: end users (user token). */
@Path("conversations")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(user = true)
@Tag(name = "Conversations (end user)")
public class ConversationResource {

    public record OpenDirect(String userId) {
    }

    public record CreateConversation(String type, String name, String topic, JsonObject customData, List<String> members) {
    }

    public record UpdateConversation(String name, String topic, JsonObject customData) {
    }

    public record Invite(String userId, String role) {
    }

    public record MarkRead(Long seq) {
    }

    public record ChangeRole(String role) {
    }

    public record MemberView(String userId, String role, long readSeq) {
    }

    public record ConversationView(UUID id, String type, String name, String topic, JsonObject customData,
                                   List<MemberView> members, long lastSeq, Instant createdAt, Instant archivedAt) {
    }

    @Inject
    ConversationService conversations;
    @Inject
    SyncService sync;
    @Inject
    CallerContext caller;

    @POST
    @Path("direct")
    public ConversationView openDirect(OpenDirect body) {
        Conversation c = conversations.openDirect(caller.get(), body == null ? null : body.userId());
        return view(c);
    }

    /** A group or channel; the caller is its owner. */
    @POST
    public Response create(CreateConversation body) {
        if (body == null) {
            throw ApiException.invalid("A conversation body is required.");
        }
        Conversation c = conversations.create(caller.get(), body.type(), body.name(), body.topic(), body.customData(), body.members());
        return Response.status(Response.Status.CREATED).entity(view(c)).build();
    }

    /** The caller's conversations, most recent activity first, with last message and unread count. */
    @GET
    public SyncService.ConversationPage list(@QueryParam("cursor") String cursor, @QueryParam("limit") @DefaultValue("50") int limit) {
        return sync.list(caller.get(), cursor, limit);
    }

    @GET
    @Path("{id}")
    public ConversationView get(@PathParam("id") UUID id) {
        return view(conversations.requireMember(caller.get(), id));
    }

    /** Rename, change the topic or the custom data (owners and admins). */
    @PATCH
    @Path("{id}")
    public Change update(@PathParam("id") UUID id, UpdateConversation body) {
        if (body == null) {
            throw ApiException.invalid("A body is required.");
        }
        return new Change(conversations.update(caller.get(), id, body.name(), body.topic(), body.customData()));
    }

    @POST
    @Path("{id}/members")
    public Change invite(@PathParam("id") UUID id, Invite body) {
        if (body == null) {
            throw ApiException.invalid("A body with \"userId\" is required.");
        }
        return Change.of(conversations.invite(caller.get(), id, body.userId(), body.role()));
    }

    @DELETE
    @Path("{id}/members/{userId}")
    public Change remove(@PathParam("id") UUID id, @PathParam("userId") String userId) {
        return new Change(conversations.remove(caller.get(), id, userId));
    }

    /** The owner changes a member's role: {"role":"member"|"admin"|"owner"} ("owner" hands ownership over). */
    @PATCH
    @Path("{id}/members/{userId}")
    public Change changeRole(@PathParam("id") UUID id, @PathParam("userId") String userId, ChangeRole body) {
        return Change.of(conversations.changeRole(caller.get(), id, userId, body == null ? null : body.role()));
    }

    @POST
    @Path("{id}/join")
    public Change join(@PathParam("id") UUID id) {
        return Change.of(conversations.join(caller.get(), id));
    }

    @POST
    @Path("{id}/leave")
    public Change leave(@PathParam("id") UUID id) {
        return new Change(conversations.leave(caller.get(), id));
    }

    /** Moves the caller's read position forward: {"seq": N}. */
    @POST
    @Path("{id}/read")
    public Change read(@PathParam("id") UUID id, MarkRead body) {
        return Change.of(conversations.markRead(caller.get(), id, body == null ? null : body.seq()));
    }

    private ConversationView view(Conversation c) {
        List<MemberView> members = conversations.members(c.tenantId(), c.id()).stream()
                .map(m -> new MemberView(m.externalId(), m.role(), m.readSeq())).toList();
        return new ConversationView(c.id(), c.type(), c.name(), c.topic(), c.customData() == null ? null : EventLog.parse(c.customData()),
                members, c.lastSeq(), c.createdAt().toInstant(), c.archivedAt() == null ? null : c.archivedAt().toInstant());
    }
}
