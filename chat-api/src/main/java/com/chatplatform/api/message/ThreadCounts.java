package com.chatplatform.api.message;

import static com.chatplatform.api.platform.NativeRows.uuid;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Keeps a thread root's {@code replyCount} and {@code lastReplyAt} right when replies are deleted (soft delete by the
 * author, hard delete by a moderator, retention and erasure): both are recomputed from the replies that are not
 * deleted, in the transaction of the delete, so a recount is idempotent. Callers hold the lock of the conversation
 * (the reply path increments the root under the same lock), or take it with {@link #lockConversations}.
 */
@ApplicationScoped
public class ThreadCounts {

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    /** The thread roots these messages reply to (messages that are not replies have none). */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> rootsOf(UUID tenantId, Collection<UUID> messageIds) {
        if (messageIds.isEmpty()) {
            return List.of();
        }
        List<?> rows = em.createNativeQuery("select distinct parent_id from message where tenant_id = ?1 "
                        + "and id = any(cast(?2 as uuid[])) and parent_id is not null")
                .setParameter(1, tenantId).setParameter(2, array(messageIds)).getResultList();
        List<UUID> roots = new ArrayList<>();
        for (Object r : rows) {
            roots.add(uuid(r));
        }
        return roots;
    }

    /**
     * Recomputes the roots' reply count and last reply time from their replies that are not deleted (a root left
     * with no reply gets 0 and null, and drops out of the thread list). The caller holds the conversation's lock.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int recount(UUID tenantId, Collection<UUID> rootIds) {
        if (rootIds.isEmpty()) {
            return 0;
        }
        return em.createNativeQuery("update message r set "
                        + "reply_count = (select count(*) from message x where x.conversation_id = r.conversation_id "
                        + "  and x.parent_id = r.id and x.tenant_id = r.tenant_id and not x.deleted), "
                        + "last_reply_at = (select max(x.created_at) from message x where x.conversation_id = r.conversation_id "
                        + "  and x.parent_id = r.id and x.tenant_id = r.tenant_id and not x.deleted) "
                        + "where r.tenant_id = ?1 and r.id = any(cast(?2 as uuid[]))")
                .setParameter(1, tenantId).setParameter(2, array(rootIds)).executeUpdate();
    }

    /**
     * For the batch paths (retention, erasure) that do not hold conversation locks: locks the roots' conversations in
     * id order, as the reply path does, before the batch changes any message row (so a concurrent reply waits and then
     * counts from the recounted value, and the two cannot deadlock on a root row).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockConversations(UUID tenantId, Collection<UUID> rootIds) {
        if (rootIds.isEmpty()) {
            return;
        }
        em.createNativeQuery("select c.id from conversation c where c.tenant_id = ?1 and c.id in (select m.conversation_id from message m "
                        + "where m.tenant_id = ?1 and m.id = any(cast(?2 as uuid[]))) order by c.id for update")
                .setParameter(1, tenantId).setParameter(2, array(rootIds)).getResultList();
    }

    private static String array(Collection<UUID> ids) {
        return ids.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
    }
}
