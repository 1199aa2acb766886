package com.chatplatform.api.conversation;

import static com.chatplatform.api.platform.NativeRows.instant;
import static com.chatplatform.api.platform.NativeRows.uuid;

import com.chatplatform.api.event.EventLog;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.KeysetCursor;
import com.chatplatform.api.platform.SqlLike;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The tenant administration's view of conversations (tenant backends with an API key, tenant admins and moderators
 * in the console): every conversation of the caller's tenant, whether or not anyone of them is a member. Read only;
 * the tenant comes from the caller and every query is scoped by it, so another tenant's id is simply not found.
 */
@ApplicationScoped
public class AdminConversationService {
    public static final int MAX_PAGE = 200;
    public static final int MAX_MEMBERS_SHOWN = 1000;
    private static final Set<String> TYPES = Set.of("direct", "group", "channel");

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    public record Summary(UUID id, String type, String name, String topic, long memberCount, long lastSeq,
                          Instant createdAt, Instant lastActivityAt, Instant lastMessageAt, Instant archivedAt) {
    }

    public record Page(List<Summary> items, String nextCursor, boolean hasMore) {
    }

    public record AdminMember(String userId, String role, long readSeq, Instant joinedAt) {
    }

    public record Detail(UUID id, String type, String name, String topic, JsonObject customData, long memberCount, long lastSeq,
                         Instant createdAt, Instant lastActivityAt, Instant lastMessageAt, List<AdminMember> members,
                         boolean membersTruncated, Instant archivedAt) {
    }

    /**
     * The tenant's conversations, most recent activity first (keyset paging on (last_activity_at, id)), optionally of
     * one type and with a name starting with {@code namePrefix} (case-insensitive; direct conversations have no name).
     */
    public Page list(Caller caller, String type, String namePrefix, String cursor, int limit) {
        UUID tenantId = caller.requireTenant();
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiException.invalid("\"limit\" must be between 1 and " + MAX_PAGE + ".");
        }
        if (type != null && !type.isEmpty() && !TYPES.contains(type)) {
            throw ApiException.invalid("\"type\" must be \"direct\", \"group\" or \"channel\".");
        }
        String prefix = namePrefix == null || namePrefix.isBlank() ? null : namePrefix.strip();
        if (prefix != null && prefix.codePointCount(0, prefix.length()) > ConversationService.MAX_NAME) {
            throw ApiException.invalid("\"name\" has at most " + ConversationService.MAX_NAME + " characters.");
        }
        KeysetCursor after = KeysetCursor.parse(cursor);
        StringBuilder sql = new StringBuilder("select c.id, c.type, c.name, c.topic, "
                + "(select count(*) from conversation_member m where m.conversation_id = c.id and m.tenant_id = c.tenant_id), "
                + "c.last_seq, c.created_at, c.last_activity_at, c.last_message_at, c.archived_at from conversation c where c.tenant_id = ?1 ");
        if (type != null && !type.isEmpty()) {
            sql.append("and c.type = ?2 ");
        }
        if (prefix != null) {
            sql.append("and lower(c.name) like ?3 escape '\\' ");
        }
        if (after != null) {
            sql.append("and (c.last_activity_at, c.id) < (?4, ?5) ");
        }
        sql.append("order by c.last_activity_at desc, c.id desc limit ?6");
        Query q = em.createNativeQuery(sql.toString()).setParameter(1, tenantId).setParameter(6, limit + 1);
        if (type != null && !type.isEmpty()) {
            q.setParameter(2, type);
        }
        if (prefix != null) {
            q.setParameter(3, SqlLike.lowerPrefix(prefix));
        }
        if (after != null) {
            q.setParameter(4, after.at()).setParameter(5, after.id());
        }
        List<Object[]> rows = q.getResultList();
        boolean hasMore = rows.size() > limit;
        List<Summary> items = new ArrayList<>();
        for (Object[] r : hasMore ? rows.subList(0, limit) : rows) {
            items.add(new Summary(uuid(r[0]), (String) r[1], (String) r[2], (String) r[3], ((Number) r[4]).longValue(),
                    ((Number) r[5]).longValue(), instant(r[6]), instant(r[7]), instant(r[8]), instant(r[9])));
        }
        String next = null;
        if (hasMore) {
            Summary tail = items.get(items.size() - 1);
            next = KeysetCursor.of(tail.lastActivityAt(), tail.id());
        }
        return new Page(items, next, hasMore);
    }

    /** One conversation of the tenant with its members and their roles (not found: resource.not_found). */
    public Detail detail(Caller caller, UUID conversationId) {
        Conversation c = require(caller, conversationId);
        long count = ((Number) em.createNativeQuery("select count(*) from conversation_member where conversation_id = ?1 and tenant_id = ?2")
                .setParameter(1, c.id()).setParameter(2, c.tenantId()).getSingleResult()).longValue();
        List<Object[]> rows = em.createNativeQuery("select u.external_id, m.role, m.read_seq, m.joined_at from conversation_member m "
                        + "join chat_user u on u.id = m.user_id where m.conversation_id = ?1 and m.tenant_id = ?2 "
                        + "order by case m.role when 'owner' then 0 when 'admin' then 1 else 2 end, u.external_id limit ?3")
                .setParameter(1, c.id()).setParameter(2, c.tenantId()).setParameter(3, MAX_MEMBERS_SHOWN).getResultList();
        List<AdminMember> members = rows.stream().map(r -> new AdminMember((String) r[0], (String) r[1], ((Number) r[2]).longValue(),
                instant(r[3]))).toList();
        return new Detail(c.id(), c.type(), c.name(), c.topic(), c.customData() == null ? null : EventLog.parse(c.customData()), count,
                c.lastSeq(), c.createdAt().toInstant(), c.lastActivityAt().toInstant(),
                c.lastMessageAt() == null ? null : c.lastMessageAt().toInstant(), members, count > members.size(),
                c.archivedAt() == null ? null : c.archivedAt().toInstant());
    }

    /**
     * A conversation of the caller's tenant, found without any membership: only for the admin API (tenant backends,
     * tenant admins, moderators). Not found (or another tenant's): resource.not_found.
     */
    public Conversation require(Caller caller, UUID conversationId) {
        UUID tenantId = caller.requireTenant();
        if (conversationId == null) {
            throw ApiException.notFound("Conversation");
        }
        List<Conversation> found = em.createQuery("select c from Conversation c where c.id = :id and c.tenantId = :t", Conversation.class)
                .setParameter("id", conversationId).setParameter("t", tenantId).getResultList();
        if (found.isEmpty()) {
            throw ApiException.notFound("Conversation");
        }
        return found.get(0); // no shared cache (persistence.xml): the row as committed
    }
}
