package com.chatplatform.api.presence;

import static com.chatplatform.api.platform.NativeRows.instant;
import static com.chatplatform.api.platform.NativeRows.uuid;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The database side of presence and typing. Every method is its own transaction: they run on WebSocket and
 * executor threads, where a read outside a transaction would use a connection without the tenant scope.
 */
@ApplicationScoped
public class PresenceStore {

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    /** A user the caller may see (itself or a co-member), with the last time its last socket closed (null: never). */
    public record Visible(UUID userId, String externalId, Instant lastSeenAt) {
    }

    /** Users who share at least one conversation with {@code userId} (not the user itself). */
    @Transactional
    public List<UUID> coMembers(UUID tenantId, UUID userId) {
        List<?> rows = em.createNativeQuery("select distinct b.user_id from conversation_member a join conversation_member b "
                        + "on b.conversation_id = a.conversation_id and b.tenant_id = a.tenant_id "
                        + "where a.tenant_id = ?1 and a.user_id = ?2 and b.user_id <> ?2")
                .setParameter(1, tenantId).setParameter(2, userId).getResultList();
        List<UUID> out = new ArrayList<>();
        for (Object r : rows) {
            out.add(uuid(r));
        }
        return out;
    }

    /** A user's id as the tenant knows it (empty when the user no longer exists). */
    @Transactional
    public java.util.Optional<String> externalId(UUID tenantId, UUID userId) {
        List<?> rows = em.createNativeQuery("select external_id from chat_user where id = ?1 and tenant_id = ?2")
                .setParameter(1, userId).setParameter(2, tenantId).getResultList();
        return rows.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of((String) rows.get(0));
    }

    @Transactional
    public void saveLastSeen(UUID tenantId, UUID userId, Instant at) {
        em.createNativeQuery("insert into user_presence (user_id, tenant_id, last_seen_at) values (?1, ?2, ?3) "
                        + "on conflict (user_id) do update set last_seen_at = greatest(user_presence.last_seen_at, excluded.last_seen_at)")
                .setParameter(1, userId).setParameter(2, tenantId).setParameter(3, OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .executeUpdate();
    }

    /** Of the external ids asked for, those the caller may see: itself and users sharing a conversation with it. */
    @Transactional
    public List<Visible> visible(UUID tenantId, UUID me, List<String> externalIds) {
        List<Object[]> rows = em.createNativeQuery("select u.id, u.external_id, p.last_seen_at from chat_user u "
                        + "left join user_presence p on p.user_id = u.id and p.tenant_id = u.tenant_id "
                        + "where u.tenant_id = ?1 and u.external_id = any(string_to_array(?3, chr(31))) and (u.id = ?2 or exists ("
                        + "select 1 from conversation_member a join conversation_member b on b.conversation_id = a.conversation_id "
                        + "where a.tenant_id = ?1 and a.user_id = ?2 and b.user_id = u.id))")
                .setParameter(1, tenantId).setParameter(2, me).setParameter(3, String.join("\u001f", externalIds)).getResultList();
        List<Visible> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(new Visible(uuid(r[0]), (String) r[1], instant(r[2])));
        }
        return out;
    }

    /**
     * The other members of a conversation the caller belongs to (checked by the caller of this method); by the
     * conversation's id, the tenant compared on the rows, not used as the access path (ADR 0014).
     */
    @Transactional
    public List<UUID> otherMembers(UUID tenantId, UUID conversationId, UUID me) {
        return em.createQuery("select m.userId, m.tenantId from ConversationMember m where m.conversationId = :c and m.userId <> :u",
                        Object[].class)
                .setParameter("c", conversationId).setParameter("u", me).getResultStream()
                .filter(r -> tenantId.equals(r[1])).map(r -> (UUID) r[0]).toList();
    }
}
