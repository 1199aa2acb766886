package com.chatplatform.api.event;

import static com.chatplatform.api.platform.NativeRows.instant;
import static com.chatplatform.api.platform.NativeRows.uuid;
import static com.chatplatform.api.platform.JsonSupport.JSON;

import com.chatplatform.api.conversation.Conversation;
import com.chatplatform.api.conversation.ConversationService;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.message.MessageService;
import com.chatplatform.api.message.MessageView;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.KeysetCursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reading side of the event log: a conversation's events after a sequence number (catch-up with no time
 * limit: the log is never trimmed), and the caller's conversation list with each conversation's lastSeq,
 * last message and unread count, so a client knows which conversations to catch up.
 */
@ApplicationScoped
public class SyncService {
    public static final int MAX_PAGE = 200;
    private static final Jsonb JSONB = JsonbBuilder.create();

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    ConversationService conversations;
    @Inject
    MessageService messages;
    @Inject
    com.chatplatform.api.moderation.BlockedSenders blockedSenders;

    public record EventPage(List<EventView> items, long nextAfter, boolean hasMore, long lastSeq) {
    }

    public record ConversationSummary(UUID id, String type, String name, String topic, JsonObject customData, String role,
                                      long lastSeq, long readSeq, long unreadCount, MessageView lastMessage,
                                      Instant lastActivityAt,
                                      boolean muted, Instant mutedUntil, // moderation: the member's mute (now)
                                      Instant archivedAt) { // null: not archived
    }

    public record ConversationPage(List<ConversationSummary> items, String nextCursor, boolean hasMore) {
    }

    /** One membership in the sync listing: enough for a client to decide what to catch up. */
    public record SyncEntry(UUID conversationId, String type, String role, long lastSeq, long readSeq, Instant archivedAt) {
    }

    public record SyncPage(List<SyncEntry> items, String nextCursor, boolean hasMore) {
    }

    /**
     * Every event with seq greater than {@code after}, in order. Events that refer to a message whose
     * content is not stored in the log (deleted messages, messages from before the event log) carry the
     * message's current state.
     */
    public EventPage events(Caller caller, UUID conversationId, long after, int limit) {
        if (after < 0) {
            throw ApiException.invalid("\"after\" must be 0 or a sequence number.");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiException.invalid("\"limit\" must be between 1 and " + MAX_PAGE + ".");
        }
        Conversation c = conversations.requireMember(caller, conversationId);
        // by the conversation's id, resolved in the caller's tenant; no tenant_id access path (ADR 0014)
        List<Object[]> rows = em.createNativeQuery("select e.seq, e.kind, u.external_id, e.created_at, e.payload::text "
                        + "from conversation_event e left join chat_user u on u.id = e.actor_id "
                        + "where e.conversation_id = ?1 and e.seq > ?2 order by e.seq limit ?3")
                .setParameter(1, c.id()).setParameter(2, after).setParameter(3, limit + 1)
                .getResultList();
        boolean hasMore = rows.size() > limit;
        List<Object[]> page = hasMore ? rows.subList(0, limit) : rows;
        List<JsonObject> payloads = new ArrayList<>();
        List<UUID> toHydrate = new ArrayList<>();
        for (Object[] r : page) {
            JsonObject payload = EventLog.parse((String) r[4]);
            payloads.add(payload);
            if (payload.containsKey("messageId") && !payload.containsKey("message") && ((String) r[1]).startsWith("message.")) {
                toHydrate.add(UUID.fromString(payload.getString("messageId")));
            }
        }
        Map<UUID, MessageView> current = messages.byIds(c.tenantId(), toHydrate);
        java.util.Set<String> blocked = page.isEmpty() ? java.util.Set.of() : blockedSenders.blockedBy(caller); // "senderBlocked" for the blocker
        List<EventView> items = new ArrayList<>(page.size());
        for (int i = 0; i < page.size(); i++) {
            Object[] r = page.get(i);
            JsonObject payload = payloads.get(i);
            if (payload.containsKey("messageId") && !payload.containsKey("message")) {
                MessageView m = current.get(UUID.fromString(payload.getString("messageId")));
                if (m != null && ((String) r[1]).startsWith("message.")) {
                    payload = JSON.createObjectBuilder(payload).add("message", EventLog.parse(JSONB.toJson(m))).build();
                }
            }
            payload = com.chatplatform.api.moderation.BlockedSenders.markEventData(blocked, (String) r[1], (String) r[2], payload);
            items.add(new EventView(c.id(), ((Number) r[0]).longValue(), (String) r[1], (String) r[2], instant(r[3]), payload));
        }
        long lastSeq = ((Number) em.createNativeQuery("select last_seq from conversation where id = ?1 and tenant_id = ?2")
                .setParameter(1, c.id()).setParameter(2, c.tenantId()).getSingleResult()).longValue();
        long next = items.isEmpty() ? after : items.get(items.size() - 1).seq();
        return new EventPage(items, next, hasMore, lastSeq);
    }

    /**
     * The caller's conversations, most recent activity first (keyset pagination on (last_activity_at, id)).
     * Unread count: messages after the member's read position that others sent and that are not deleted.
     */
    public ConversationPage list(Caller caller, String cursor, int limit) {
        UUID me = caller.requireUser();
        UUID tenantId = caller.requireTenant();
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiException.invalid("\"limit\" must be between 1 and " + MAX_PAGE + ".");
        }
        KeysetCursor after = KeysetCursor.parse(cursor);
        OffsetDateTime afterTime = after == null ? null : after.at();
        UUID afterId = after == null ? null : after.id();
        String sql = "select c.id, c.type, c.name, c.topic, c.custom_data, m.role, c.last_seq, m.read_seq, "
                + "(select count(*) from message x where x.conversation_id = c.id and x.seq > m.read_seq "
                + "   and x.kind = 'user' and x.sender_id <> m.user_id and not x.deleted "
                + "   and not exists (select 1 from user_block b where b.blocker_id = m.user_id and b.blocked_id = x.sender_id)) as unread, "
                + "(select x.id from message x where x.conversation_id = c.id order by x.seq desc limit 1) as last_message, "
                + "c.last_activity_at, "
                + "(m.muted and (m.muted_until is null or m.muted_until > now())) as muted, m.muted_until, c.archived_at "
                + "from conversation_member m join conversation c on c.id = m.conversation_id and c.tenant_id = m.tenant_id "
                + "where m.tenant_id = ?1 and m.user_id = ?2 "
                + (afterTime == null ? "" : "and (c.last_activity_at, c.id) < (?3, ?4) ")
                + "order by c.last_activity_at desc, c.id desc limit ?5";
        Query q = em.createNativeQuery(sql).setParameter(1, tenantId).setParameter(2, me).setParameter(5, limit + 1);
        if (afterTime != null) {
            q.setParameter(3, afterTime).setParameter(4, afterId);
        }
        List<Object[]> rows = q.getResultList();
        boolean hasMore = rows.size() > limit;
        List<Object[]> page = hasMore ? rows.subList(0, limit) : rows;
        List<UUID> lastIds = page.stream().filter(r -> r[9] != null).map(r -> uuid(r[9])).toList();
        Map<UUID, MessageView> last = messages.byIds(tenantId, lastIds);
        java.util.Set<String> blocked = lastIds.isEmpty() ? java.util.Set.of() : blockedSenders.blockedBy(caller);
        List<ConversationSummary> items = new ArrayList<>();
        for (Object[] r : page) {
            items.add(new ConversationSummary(uuid(r[0]), (String) r[1], (String) r[2], (String) r[3],
                    r[4] == null ? null : EventLog.parse((String) r[4]), (String) r[5], ((Number) r[6]).longValue(),
                    ((Number) r[7]).longValue(), ((Number) r[8]).longValue(), r[9] == null ? null : com.chatplatform.api.moderation.BlockedSenders.mark(blocked, last.get(uuid(r[9]))),
                    instant(r[10]), Boolean.TRUE.equals(r[11]), Boolean.TRUE.equals(r[11]) && r[12] != null ? instant(r[12]) : null,
                    r[13] == null ? null : instant(r[13])));
        }
        String next = null;
        if (hasMore) {
            ConversationSummary tail = items.get(items.size() - 1);
            next = KeysetCursor.of(tail.lastActivityAt(), tail.id());
        }
        return new ConversationPage(items, next, hasMore);
    }

    /**
     * Every conversation the caller is a member of with its lastSeq, in a stable order (conversation id),
     * so paging is not disturbed by activity while it runs. A client compares it with what it has: a
     * higher lastSeq means "catch up with events?after=", a new id means it was added, a missing id that
     * it was removed or left.
     */
    public SyncPage sync(Caller caller, String cursor, int limit) {
        UUID me = caller.requireUser();
        UUID tenantId = caller.requireTenant();
        if (limit < 1 || limit > 1000) {
            throw ApiException.invalid("\"limit\" must be between 1 and 1000.");
        }
        UUID after = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                after = UUID.fromString(cursor);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("\"cursor\" is not a cursor this API returned.");
            }
        }
        Query q = em.createNativeQuery("select c.id, c.type, m.role, c.last_seq, m.read_seq, c.archived_at from conversation_member m "
                        + "join conversation c on c.id = m.conversation_id and c.tenant_id = m.tenant_id "
                        + "where m.tenant_id = ?1 and m.user_id = ?2 " + (after == null ? "" : "and c.id > ?3 ")
                        + "order by c.id limit ?4")
                .setParameter(1, tenantId).setParameter(2, me).setParameter(4, limit + 1);
        if (after != null) {
            q.setParameter(3, after);
        }
        List<Object[]> rows = q.getResultList();
        boolean hasMore = rows.size() > limit;
        List<SyncEntry> items = (hasMore ? rows.subList(0, limit) : rows).stream()
                .map(r -> new SyncEntry(uuid(r[0]), (String) r[1], (String) r[2], ((Number) r[3]).longValue(), ((Number) r[4]).longValue(),
                        r[5] == null ? null : instant(r[5])))
                .toList();
        return new SyncPage(items, hasMore ? items.get(items.size() - 1).conversationId().toString() : null, hasMore);
    }
}
