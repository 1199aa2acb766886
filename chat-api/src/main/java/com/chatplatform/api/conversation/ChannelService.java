package com.chatplatform.api.conversation;

import static com.chatplatform.api.platform.NativeRows.uuid;

import com.chatplatform.api.platform.NativeRows;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.SqlLike;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Channel browsing for end users: the tenant's public channels the caller may join, by name. Channels the caller is
 * banned from and archived channels are left out; channels the caller is already in are listed with
 * {@code joined} true.
 */
@ApplicationScoped
public class ChannelService {
    public static final int MAX_PAGE = 200;

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    public record ChannelView(UUID id, String name, String topic, long memberCount, boolean joined, Instant lastActivityAt) {
    }

    public record ChannelPage(List<ChannelView> items, String nextCursor, boolean hasMore) {
    }

    /** By name (case-insensitive, then id), keyset-paged; {@code namePrefix}: case-insensitive name prefix. */
    public ChannelPage browse(Caller caller, String namePrefix, String cursor, int limit) {
        UUID me = caller.requireUser();
        UUID tenantId = caller.requireTenant();
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiException.invalid("\"limit\" must be between 1 and " + MAX_PAGE + ".");
        }
        String prefix = namePrefix == null || namePrefix.isBlank() ? null : namePrefix.strip();
        if (prefix != null && prefix.codePointCount(0, prefix.length()) > ConversationService.MAX_NAME) {
            throw ApiException.invalid("\"name\" has at most " + ConversationService.MAX_NAME + " characters.");
        }
        String afterName = null;
        UUID afterId = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("/", 2);
                afterId = UUID.fromString(parts[0]);
                afterName = parts[1];
            } catch (RuntimeException e) {
                throw ApiException.invalid("\"cursor\" is not a cursor this API returned.");
            }
        }
        String sql = "select c.id, c.name, c.topic, "
                + "(select count(*) from conversation_member x where x.conversation_id = c.id and x.tenant_id = c.tenant_id), "
                + "exists (select 1 from conversation_member x where x.conversation_id = c.id and x.tenant_id = c.tenant_id and x.user_id = ?2), "
                + "c.last_activity_at, lower(c.name) from conversation c where c.tenant_id = ?1 and c.type = 'channel' and c.archived_at is null "
                + "and not exists (select 1 from conversation_ban b where b.tenant_id = c.tenant_id and b.conversation_id = c.id "
                + "and b.user_id = ?2 and (b.expires_at is null or b.expires_at > now())) "
                + (prefix == null ? "" : "and lower(c.name) like ?3 escape '\\' ")
                + (afterId == null ? "" : "and (lower(c.name), c.id) > (?4, ?5) ")
                + "order by lower(c.name), c.id limit ?6";
        Query q = em.createNativeQuery(sql).setParameter(1, tenantId).setParameter(2, me).setParameter(6, limit + 1);
        if (prefix != null) {
            q.setParameter(3, SqlLike.lowerPrefix(prefix));
        }
        if (afterId != null) {
            q.setParameter(4, afterName).setParameter(5, afterId);
        }
        List<Object[]> rows = q.getResultList();
        boolean hasMore = rows.size() > limit;
        List<Object[]> page = hasMore ? rows.subList(0, limit) : rows;
        List<ChannelView> items = new ArrayList<>();
        for (Object[] r : page) {
            items.add(new ChannelView(uuid(r[0]), (String) r[1], (String) r[2], ((Number) r[3]).longValue(), Boolean.TRUE.equals(r[4]),
                    NativeRows.instant(r[5])));
        }
        String next = null;
        if (hasMore) {
            Object[] tail = page.get(page.size() - 1);
            next = Base64.getUrlEncoder().withoutPadding().encodeToString((uuid(tail[0]) + "/" + tail[6]).getBytes(StandardCharsets.UTF_8));
        }
        return new ChannelPage(items, next, hasMore);
    }
}
