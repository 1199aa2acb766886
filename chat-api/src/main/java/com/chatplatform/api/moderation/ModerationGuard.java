package com.chatplatform.api.moderation;

import static com.chatplatform.api.platform.NativeRows.uuid;

import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.UUID;

/**
 * The checks other features call before a change: blocks between two users (direct conversations and direct
 * messages) and bans from a group or channel (join, invite, send). Each check is one indexed query and throws a
 * stable error; nothing is changed.
 */
@ApplicationScoped
public class ModerationGuard {

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @jakarta.inject.Inject
    BlockedSenders blockedSenders;

    /** Refuses with {@code user.blocked} when either user has blocked the other. */
    public void requireNoBlock(UUID tenantId, UUID me, UUID other) {
        List<?> rows = em.createNativeQuery("select blocker_id from user_block where tenant_id = ?1 "
                        + "and ((blocker_id = ?2 and blocked_id = ?3) or (blocker_id = ?3 and blocked_id = ?2))")
                .setParameter(1, tenantId).setParameter(2, me).setParameter(3, other).getResultList();
        if (rows.isEmpty()) {
            return;
        }
        throw blocked(rows.stream().anyMatch(r -> uuid(r).equals(me)));
    }

    private static ApiException blocked(boolean iBlocked) {
        return new ApiException(ErrorCode.USER_BLOCKED, iBlocked
                ? "You have blocked this user; unblock them (DELETE /blocks/{userId}) to talk to them directly."
                : "This user does not accept direct messages from you.");
    }

    /** The views as returned to the caller: {@code senderBlocked} on those whose sender the caller has blocked ({@link BlockedSenders}). */
    public List<com.chatplatform.api.message.MessageView> senderBlocked(Caller caller, List<com.chatplatform.api.message.MessageView> views) {
        return blockedSenders.mark(caller, views);
    }

    /** Whether the user has an active (not expired) ban from the conversation. */
    public boolean isBanned(UUID tenantId, UUID conversationId, UUID userId) {
        return !em.createNativeQuery("select 1 from conversation_ban where tenant_id = ?1 and conversation_id = ?2 and user_id = ?3 "
                        + "and (expires_at is null or expires_at > now())")
                .setParameter(1, tenantId).setParameter(2, conversationId).setParameter(3, userId).getResultList().isEmpty();
    }

    /** Refuses with {@code conversation.banned} when the user has an active ban from the conversation. */
    public void requireNotBanned(UUID tenantId, UUID conversationId, UUID userId, boolean self) {
        if (isBanned(tenantId, conversationId, userId)) {
            throw banned(self);
        }
    }

    private static ApiException banned(boolean self) {
        return new ApiException(ErrorCode.CONVERSATION_BANNED, self ? "You are banned from this conversation."
                : "This user is banned from this conversation; unban them first.");
    }

    /**
     * Before a message is sent: a banned user gets {@code conversation.banned} (rather than "not a member"), and in a
     * direct conversation a block between the two members gets {@code user.blocked}.
     */
    public void beforeSend(Caller caller, UUID conversationId) {
        UUID me = caller.requireUser();
        UUID tenantId = caller.requireTenant();
        if (conversationId == null) {
            return;
        }
        // One round trip on the send path: the sender's active ban, and in a direct conversation the block rows between
        // the sender (a member) and the other member, either way round.
        Object[] row = (Object[]) em.createNativeQuery("select exists (select 1 from conversation_ban where tenant_id = ?1 "
                        + "and conversation_id = ?2 and user_id = ?3 and (expires_at is null or expires_at > now())), "
                        + "(select bool_or(b.blocker_id = ?3) from conversation c join conversation_member m on m.conversation_id = c.id "
                        + "and m.tenant_id = c.tenant_id and m.user_id <> ?3 join user_block b on b.tenant_id = c.tenant_id "
                        + "and ((b.blocker_id = ?3 and b.blocked_id = m.user_id) or (b.blocker_id = m.user_id and b.blocked_id = ?3)) "
                        + "where c.id = ?2 and c.tenant_id = ?1 and c.type = 'direct' "
                        + "and exists (select 1 from conversation_member x where x.conversation_id = c.id and x.user_id = ?3))")
                .setParameter(1, tenantId).setParameter(2, conversationId).setParameter(3, me).getSingleResult();
        if (Boolean.TRUE.equals(row[0])) {
            throw banned(true);
        }
        if (row[1] != null) {
            throw blocked(Boolean.TRUE.equals(row[1]));
        }
    }
}
