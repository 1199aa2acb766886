package com.chatplatform.api.moderation;

import static com.chatplatform.api.platform.JsonSupport.JSON;
import static com.chatplatform.api.platform.NativeRows.uuid;

import com.chatplatform.api.event.EventCommitted;
import com.chatplatform.api.event.EventView;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.message.MessageCommitted;
import com.chatplatform.api.message.MessageView;
import com.chatplatform.api.realtime.Frames;
import com.chatplatform.api.realtime.RealtimeHub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Blocks in groups and channels (ADR 0011). A user who has blocked another still shares groups and channels with them,
 * but while the block holds:
 * <ul>
 * <li>the blocked user's messages, edits, deletes and reactions are not pushed live to the blocker: the blocker's
 * sessions get, at that seq, a content-less {@code event} frame ({@code data: {"messageId", "senderBlocked": true}})
 * so the live sequence stays gapless, and no {@code message} frame; typing frames are not pushed at all;</li>
 * <li>the blocked user's messages do not count in the blocker's unread counts (the SQL of those counts);</li>
 * <li>history, threads, the conversation list and {@code events?after=} still return them, with
 * {@code "senderBlocked": true} on the message views (and on the event data) returned to the blocker.</li>
 * </ul>
 * Who among the members blocked the actor is read by the same query that reads the members when the event is recorded
 * (EventLog), in the transaction that commits it, and travels with the committed event to {@link RealtimeHub}: no extra
 * round trip on the send path, and delivery itself does no database work. A block or unblock applies to what is committed after it.
 */
@ApplicationScoped
public class BlockedSenders {
    private static final Logger LOG = Logger.getLogger(BlockedSenders.class.getName());
    /** Event kinds that are the actor's own content: hidden from the actor's blockers on the live path. */
    private static final Set<String> CONTENT_KINDS = Set.of("message.created", "message.edited", "message.deleted",
            "reaction.added", "reaction.removed");

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    RealtimeHub hub;

    // ------------------------------------------------------------------ after commit (RealtimeHub)

    /** Who gets the {@code message} frame: the members, less those who blocked the sender (read with the members). */
    public List<UUID> messageRecipients(MessageCommitted event) {
        return event.senderBlockers().isEmpty() ? event.memberUserIds() : without(event.memberUserIds(), event.senderBlockers());
    }

    /**
     * Who gets the {@code event} frame: the recipients, less those who blocked the actor of a content event; those get
     * the content-less frame at the same seq, pushed here.
     */
    public List<UUID> eventRecipients(EventCommitted event) {
        EventView e = event.event();
        if (event.actorBlockers().isEmpty() || !CONTENT_KINDS.contains(e.kind())) {
            return event.recipientUserIds();
        }
        try {
            hub.push(event.tenantId(), List.copyOf(event.actorBlockers()), Frames.event(placeholder(e)));
        } catch (RuntimeException ex) {
            LOG.log(Level.FINE, "The placeholder frame for blockers could not be pushed", ex);
        }
        return without(event.recipientUserIds(), event.actorBlockers());
    }

    /** The event as the actor's blockers see it live: its seq and kind, the message id, no content. */
    static EventView placeholder(EventView e) {
        var data = JSON.createObjectBuilder();
        if (e.data() != null && e.data().get("messageId") instanceof JsonValue id) {
            data.add("messageId", id);
        }
        data.add("senderBlocked", true);
        return new EventView(e.conversationId(), e.seq(), e.kind(), e.actorId(), e.createdAt(), data.build());
    }

    // ------------------------------------------------------------------ reads for the blocker

    /** The user ids (as the tenant knows them) the caller has blocked; empty for callers that are not end users. */
    public Set<String> blockedBy(Caller caller) {
        if (caller.kind() != Caller.Kind.USER || caller.principalId() == null) {
            return Set.of();
        }
        List<?> rows = em.createNativeQuery("select u.external_id from user_block b join chat_user u on u.id = b.blocked_id "
                        + "and u.tenant_id = b.tenant_id where b.tenant_id = ?1 and b.blocker_id = ?2")
                .setParameter(1, caller.requireTenant()).setParameter(2, caller.principalId()).getResultList();
        Set<String> out = new HashSet<>();
        rows.forEach(r -> out.add((String) r));
        return out;
    }

    /** The views as returned to the caller: those whose sender the caller has blocked carry {@code senderBlocked}. */
    public List<MessageView> mark(Caller caller, List<MessageView> views) {
        if (views.isEmpty()) {
            return views;
        }
        return mark(blockedBy(caller), views);
    }

    public static List<MessageView> mark(Set<String> blocked, List<MessageView> views) {
        if (blocked.isEmpty() || views.stream().noneMatch(v -> v.senderId() != null && blocked.contains(v.senderId()))) {
            return views;
        }
        return views.stream().map(v -> v.senderId() != null && blocked.contains(v.senderId()) ? v.withSenderBlocked() : v).toList();
    }

    /** One view (null stays null). */
    public static MessageView mark(Set<String> blocked, MessageView view) {
        return view == null ? null : mark(blocked, List.of(view)).get(0);
    }

    /**
     * An event's data as returned to a user who blocked its actor (content kinds): {@code "senderBlocked": true}, also
     * on the message it carries.
     */
    public static JsonObject markEventData(Set<String> blocked, String kind, String actorId, JsonObject data) {
        if (blocked.isEmpty() || data == null) {
            return data;
        }
        boolean byBlocked = actorId != null && blocked.contains(actorId) && CONTENT_KINDS.contains(kind);
        boolean carriesBlocked = data.get("message") instanceof JsonObject m && m.get("senderId") instanceof jakarta.json.JsonString s
                && blocked.contains(s.getString());
        if (!byBlocked && !carriesBlocked) {
            return data;
        }
        var b = JSON.createObjectBuilder(data);
        if (carriesBlocked) {
            b.add("message", JSON.createObjectBuilder(data.getJsonObject("message")).add("senderBlocked", true));
        }
        if (byBlocked) {
            b.add("senderBlocked", true);
        }
        return b.build();
    }

    /** Of {@code recipients}, those who have not blocked {@code actor} (typing). */
    public List<UUID> withoutBlockersOf(UUID tenantId, UUID actor, List<UUID> recipients) {
        if (recipients.isEmpty()) {
            return recipients;
        }
        List<?> rows = em.createNativeQuery("select blocker_id from user_block where tenant_id = ?1 and blocked_id = ?2")
                .setParameter(1, tenantId).setParameter(2, actor).getResultList();
        if (rows.isEmpty()) {
            return recipients;
        }
        Set<UUID> blockers = new HashSet<>();
        rows.forEach(r -> blockers.add(uuid(r)));
        return without(recipients, blockers);
    }

    private static List<UUID> without(List<UUID> all, Set<UUID> blockers) {
        List<UUID> out = new ArrayList<>(all.size());
        for (UUID u : all) {
            if (!blockers.contains(u)) {
                out.add(u);
            }
        }
        return out;
    }
}
