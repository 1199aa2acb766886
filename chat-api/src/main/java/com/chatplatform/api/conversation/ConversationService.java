package com.chatplatform.api.conversation;

import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import com.chatplatform.api.user.ChatUser;
import com.chatplatform.api.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Conversations and membership. Access to a conversation always goes through {@link #requireMember}. */
@ApplicationScoped
public class ConversationService {

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    UserService users;

    public record Member(UUID userId, String externalId, String role) {
    }

    /** The one direct conversation between the caller and another user of the same tenant (created on first use). */
    @Transactional
    public Conversation openDirect(Caller caller, String otherExternalId) {
        UUID me = caller.requireUser();
        UUID tenantId = caller.requireTenant();
        ChatUser other = users.requireByExternalId(caller, otherExternalId);
        if (other.id().equals(me)) {
            throw ApiException.invalid("A direct conversation needs another user.");
        }
        String key = me.compareTo(other.id()) < 0 ? me + ":" + other.id() : other.id() + ":" + me;
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        UUID id = UUID.randomUUID();
        int inserted = em.createNativeQuery("insert into conversation (id, tenant_id, type, direct_key, last_seq, created_at) "
                        + "values (?1, ?2, 'direct', ?3, 0, ?4) on conflict (tenant_id, direct_key) do nothing")
                .setParameter(1, id).setParameter(2, tenantId).setParameter(3, key).setParameter(4, now)
                .executeUpdate();
        if (inserted == 1) {
            for (UUID member : List.of(me, other.id())) {
                em.createNativeQuery("insert into conversation_member (conversation_id, user_id, tenant_id, role, joined_at) "
                                + "values (?1, ?2, ?3, 'member', ?4)")
                        .setParameter(1, id).setParameter(2, member).setParameter(3, tenantId).setParameter(4, now)
                        .executeUpdate();
            }
        }
        return em.createQuery("select c from Conversation c where c.tenantId = :t and c.directKey = :k", Conversation.class)
                .setParameter("t", tenantId).setParameter("k", key).getSingleResult();
    }

    /** The conversation if the calling user is a member of it in the caller's tenant; otherwise not found. */
    public Conversation requireMember(Caller caller, UUID conversationId) {
        UUID me = caller.requireUser();
        List<Conversation> found = em.createQuery("select c from Conversation c where c.id = :id and c.tenantId = :t and exists "
                        + "(select m from ConversationMember m where m.conversationId = c.id and m.userId = :u)", Conversation.class)
                .setParameter("id", conversationId).setParameter("t", caller.requireTenant()).setParameter("u", me)
                .getResultList();
        if (found.isEmpty()) {
            throw new ApiException(ErrorCode.CONVERSATION_NOT_MEMBER);
        }
        return found.get(0);
    }

    public List<Member> members(UUID tenantId, UUID conversationId) {
        List<Object[]> rows = em.createNativeQuery("select m.user_id, u.external_id, m.role from conversation_member m "
                        + "join chat_user u on u.id = m.user_id where m.conversation_id = ?1 and m.tenant_id = ?2 order by u.external_id")
                .setParameter(1, conversationId).setParameter(2, tenantId).getResultList();
        return rows.stream().map(r -> new Member(asUuid(r[0]), (String) r[1], (String) r[2])).toList();
    }

    /** Every conversation the user may read: what search restricts to. */
    public List<UUID> conversationIdsOf(UUID tenantId, UUID userId) {
        return em.createQuery("select m.conversationId from ConversationMember m where m.tenantId = :t and m.userId = :u", UUID.class)
                .setParameter("t", tenantId).setParameter("u", userId).getResultList();
    }

    static UUID asUuid(Object value) {
        return value instanceof UUID u ? u : UUID.fromString(value.toString());
    }
}
