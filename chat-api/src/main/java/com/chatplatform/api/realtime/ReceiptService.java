package com.chatplatform.api.realtime;

import com.chatplatform.api.conversation.Conversation;
import com.chatplatform.api.conversation.ConversationService;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/**
 * Delivered and read receipts. The delivered position of a member ({@code conversation_member.delivered_seq}) says
 * how far the member's devices have received the conversation; it only moves forward and never past the
 * conversation's last seq. The read position is the read marker ({@code read_seq}, moved by {@code read}); a member
 * who has read up to N has also received up to N, so the delivered position shown is never below the read one.
 * Receipts are not events of the log (they would double it): a change is pushed to the members as a
 * {@code receipt} frame after commit, and {@link #receipts} is the state to catch up from.
 */
@ApplicationScoped
public class ReceiptService {

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    ConversationService conversations;
    @Inject
    Event<ReceiptCommitted> committed;

    /** One member's positions. */
    public record Receipt(String userId, long deliveredSeq, long readSeq) {
    }

    public record Receipts(UUID conversationId, long lastSeq, List<Receipt> items) {
    }

    /** The answer to {@code delivered}: whether the position moved, and the caller's positions now. */
    public record DeliveredChange(boolean changed, UUID conversationId, Receipt receipt) {
    }

    /** Fired in the transaction that moved a position, pushed to the members' sessions after it commits. */
    public record ReceiptCommitted(UUID tenantId, UUID conversationId, String userId, String kind, long seq, List<UUID> memberUserIds) {
    }

    /**
     * Moves the caller's delivered position forward to {@code seq}. After the conversation's last seq:
     * delivered.beyond_end; at or behind the current position (delivered or read): no change.
     */
    @Transactional
    public DeliveredChange markDelivered(Caller caller, UUID conversationId, Long seq) {
        UUID me = caller.requireUser();
        if (seq == null || seq < 0) {
            throw ApiException.invalid("\"seq\" must be a sequence number.");
        }
        Conversation c = conversations.requireMember(caller, conversationId);
        long lastSeq = ((Number) em.createNativeQuery("select last_seq from conversation where id = ?1 and tenant_id = ?2")
                .setParameter(1, c.id()).setParameter(2, c.tenantId()).getSingleResult()).longValue();
        if (seq > lastSeq) {
            throw new ApiException(ErrorCode.DELIVERED_BEYOND_END, "The conversation's last seq is " + lastSeq + ".");
        }
        int moved = em.createNativeQuery("update conversation_member set delivered_seq = ?1 where conversation_id = ?2 and user_id = ?3 "
                        + "and tenant_id = ?4 and greatest(delivered_seq, read_seq) < ?1")
                .setParameter(1, seq).setParameter(2, c.id()).setParameter(3, me).setParameter(4, c.tenantId()).executeUpdate();
        Receipt mine = receipts(c).stream().filter(r -> r.userId().equals(caller.userExternalId())).findFirst()
                .orElseThrow(() -> new ApiException(ErrorCode.CONVERSATION_NOT_MEMBER));
        if (moved == 0) {
            return new DeliveredChange(false, c.id(), mine);
        }
        committed.fire(new ReceiptCommitted(c.tenantId(), c.id(), caller.userExternalId(), "delivered", seq, memberIds(c)));
        return new DeliveredChange(true, c.id(), mine);
    }

    /** Every member's delivered and read position (members only). */
    @Transactional
    public Receipts receipts(Caller caller, UUID conversationId) {
        Conversation c = conversations.requireMember(caller, conversationId);
        long lastSeq = ((Number) em.createNativeQuery("select last_seq from conversation where id = ?1 and tenant_id = ?2")
                .setParameter(1, c.id()).setParameter(2, c.tenantId()).getSingleResult()).longValue();
        return new Receipts(c.id(), lastSeq, receipts(c));
    }

    private List<Receipt> receipts(Conversation c) {
        List<Object[]> rows = em.createNativeQuery("select u.external_id, greatest(m.delivered_seq, m.read_seq), m.read_seq "
                        + "from conversation_member m join chat_user u on u.id = m.user_id "
                        + "where m.conversation_id = ?1 order by u.external_id") // c is the caller's tenant's (ADR 0014)
                .setParameter(1, c.id()).getResultList();
        return rows.stream().map(r -> new Receipt((String) r[0], ((Number) r[1]).longValue(), ((Number) r[2]).longValue())).toList();
    }

    private List<UUID> memberIds(Conversation c) {
        return em.createQuery("select m.userId from ConversationMember m where m.conversationId = :c", UUID.class)
                .setParameter("c", c.id()).getResultList();
    }
}
