package com.chatplatform.api.moderation;

import com.chatplatform.api.conversation.Conversation;
import com.chatplatform.api.conversation.ConversationService;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * A member mutes a conversation until a time or until unmuted. The mute is stored on the membership and is private
 * to the member (not a conversation event): it shows in the member's conversation list ({@code muted},
 * {@code mutedUntil}) and keeps the conversation's unread messages out of the total ({@code GET /unread}).
 */
@ApplicationScoped
public class MuteService {
    static final Duration MAX_AHEAD = Duration.ofDays(3660);

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    ConversationService conversations;

    public record MuteState(UUID conversationId, boolean muted, Instant mutedUntil) {
    }

    public record Unread(long totalUnreadCount, long unreadConversations, long mutedUnreadCount) {
    }

    /** Mutes until {@code until} (an ISO-8601 instant in the future) or, when null, until unmuted. */
    @Transactional
    public MuteState mute(Caller caller, UUID conversationId, String until) {
        UUID me = caller.requireUser();
        Instant end = parseFuture(until);
        Conversation c = conversations.requireMember(caller, conversationId);
        em.createNativeQuery("update conversation_member set muted = true, muted_until = ?1 where conversation_id = ?2 and user_id = ?3 and tenant_id = ?4")
                .setParameter(1, end == null ? null : OffsetDateTime.ofInstant(end, ZoneOffset.UTC))
                .setParameter(2, c.id()).setParameter(3, me).setParameter(4, c.tenantId()).executeUpdate();
        return new MuteState(c.id(), true, end);
    }

    @Transactional
    public MuteState unmute(Caller caller, UUID conversationId) {
        UUID me = caller.requireUser();
        Conversation c = conversations.requireMember(caller, conversationId);
        em.createNativeQuery("update conversation_member set muted = false, muted_until = null where conversation_id = ?1 and user_id = ?2 and tenant_id = ?3")
                .setParameter(1, c.id()).setParameter(2, me).setParameter(3, c.tenantId()).executeUpdate();
        return new MuteState(c.id(), false, null);
    }

    /**
     * Unread messages over all the caller's conversations (the same rule as each conversation's unreadCount), with
     * the conversations muted now left out of the total and counted apart.
     */
    public Unread unread(Caller caller) {
        UUID me = caller.requireUser();
        Object[] r = (Object[]) em.createNativeQuery("select coalesce(sum(n) filter (where not muted), 0), count(*) filter (where n > 0 and not muted), "
                        + "coalesce(sum(n) filter (where muted), 0) from (select (m.muted and (m.muted_until is null or m.muted_until > now())) as muted, "
                        + "(select count(*) from message x where x.conversation_id = m.conversation_id and x.seq > m.read_seq "
                        + "and x.kind = 'user' and x.sender_id <> m.user_id and not x.deleted "
                        + "and not exists (select 1 from user_block b where b.blocker_id = m.user_id and b.blocked_id = x.sender_id)) as n "
                        + "from conversation_member m where m.tenant_id = ?1 and m.user_id = ?2) s")
                .setParameter(1, caller.requireTenant()).setParameter(2, me).getSingleResult();
        return new Unread(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), ((Number) r[2]).longValue());
    }

    /** An ISO-8601 instant after now and at most about 10 years ahead; null stays null. */
    static Instant parseFuture(String value) {
        if (value == null) {
            return null;
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorCode.MODERATION_INVALID_EXPIRY, "\"" + value + "\" is not an ISO-8601 instant such as 2030-01-31T12:00:00Z.");
        }
        Instant now = Instant.now();
        if (!at.isAfter(now) || at.isAfter(now.plus(MAX_AHEAD))) {
            throw new ApiException(ErrorCode.MODERATION_INVALID_EXPIRY, "The time must be in the future and at most 10 years ahead.");
        }
        return at;
    }
}
