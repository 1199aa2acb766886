package com.chatplatform.api.message;

import static com.chatplatform.api.platform.NativeRows.instant;
import static com.chatplatform.api.platform.NativeRows.uuid;

import com.chatplatform.api.audit.Actor;
import com.chatplatform.api.audit.AuditLog;
import com.chatplatform.api.conversation.AdminConversationService;
import com.chatplatform.api.conversation.Conversation;
import com.chatplatform.api.conversation.ConversationService;
import com.chatplatform.api.event.EventKind;
import com.chatplatform.api.event.EventLog;
import com.chatplatform.api.event.EventView;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Pinned messages. Like Slack, any member of a conversation pins and unpins (no role needed); the admin API (tenant
 * backends, tenant admins, moderators) pins in any conversation of its tenant. At most {@link #MAX_PINS} per
 * conversation. Each change is a conversation event ("pin.added", "pin.removed"), so sync replays it.
 */
@ApplicationScoped
public class PinService {
    public static final int MAX_PINS = 50;

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    ConversationService conversations;
    @Inject
    AdminConversationService adminConversations;
    @Inject
    MessageService messages;
    @Inject
    com.chatplatform.api.moderation.BlockedSenders blockedSenders;
    @Inject
    EventLog events;
    @Inject
    AuditLog audit;

    /** {@code pinnedBy}: the end user who pinned, absent when the admin API pinned. */
    public record PinView(MessageView message, String pinnedBy, Instant pinnedAt) {
    }

    public record Pins(List<PinView> items) {
    }

    /** The conversation's pins, most recently pinned first. */
    public Pins list(Caller caller, UUID conversationId) {
        Conversation c = conversation(caller, conversationId);
        List<Object[]> rows = em.createNativeQuery("select p.message_id, u.external_id, p.pinned_at from message_pin p "
                        + "left join chat_user u on u.id = p.pinned_by where p.conversation_id = ?1 and p.tenant_id = ?2 "
                        + "order by p.pinned_at desc, p.message_id")
                .setParameter(1, c.id()).setParameter(2, c.tenantId()).getResultList();
        List<UUID> ids = rows.stream().map(r -> uuid(r[0])).toList();
        Map<UUID, MessageView> views = messages.byIds(c.tenantId(), ids);
        java.util.Set<String> blocked = views.isEmpty() ? java.util.Set.of() : blockedSenders.blockedBy(caller); // "senderBlocked"
        List<PinView> items = new ArrayList<>();
        for (Object[] r : rows) {
            MessageView m = views.get(uuid(r[0]));
            if (m != null) {
                items.add(new PinView(com.chatplatform.api.moderation.BlockedSenders.mark(blocked, m), (String) r[1], instant(r[2])));
            }
        }
        return new Pins(items);
    }

    /** Pins a message (already pinned: no change). Deleted: message.deleted; 50 pins: pin.limit_reached. */
    @Transactional
    public Optional<EventView> pin(Caller caller, UUID conversationId, UUID messageId) {
        return change(caller, conversationId, messageId, true);
    }

    /** Unpins a message (not pinned: no change). */
    @Transactional
    public Optional<EventView> unpin(Caller caller, UUID conversationId, UUID messageId) {
        return change(caller, conversationId, messageId, false);
    }

    private Optional<EventView> change(Caller caller, UUID conversationId, UUID messageId, boolean add) {
        Conversation c = conversation(caller, conversationId);
        conversations.requireNotArchived(c);
        events.lock(c.tenantId(), c.id()); // pins of one conversation are changed one at a time (the limit holds)
        if (messageId == null) {
            throw new ApiException(ErrorCode.MESSAGE_NOT_FOUND);
        }
        Message message = messages.findIn(c, messageId).orElseThrow(() -> new ApiException(ErrorCode.MESSAGE_NOT_FOUND));
        UUID user = caller.kind() == Caller.Kind.USER ? caller.principalId() : null;
        int changed;
        if (add) {
            if (message.deleted()) {
                throw new ApiException(ErrorCode.MESSAGE_DELETED);
            }
            boolean pinned = !em.createNativeQuery("select 1 from message_pin where conversation_id = ?1 and message_id = ?2 and tenant_id = ?3")
                    .setParameter(1, c.id()).setParameter(2, message.id()).setParameter(3, c.tenantId()).getResultList().isEmpty();
            if (pinned) {
                return Optional.empty();
            }
            long count = ((Number) em.createNativeQuery("select count(*) from message_pin where conversation_id = ?1 and tenant_id = ?2")
                    .setParameter(1, c.id()).setParameter(2, c.tenantId()).getSingleResult()).longValue();
            if (count >= MAX_PINS) {
                throw new ApiException(ErrorCode.PIN_LIMIT_REACHED, "A conversation has at most " + MAX_PINS + " pinned messages; unpin one first.");
            }
            changed = em.createNativeQuery("insert into message_pin (conversation_id, message_id, tenant_id, pinned_by, pinned_by_kind, pinned_at) "
                            + "values (?1, ?2, ?3, ?4, ?5, ?6)")
                    .setParameter(1, c.id()).setParameter(2, message.id()).setParameter(3, c.tenantId()).setParameter(4, user)
                    .setParameter(5, caller.kind().name().toLowerCase(Locale.ROOT))
                    .setParameter(6, OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS)).executeUpdate();
        } else {
            changed = em.createNativeQuery("delete from message_pin where conversation_id = ?1 and message_id = ?2 and tenant_id = ?3")
                    .setParameter(1, c.id()).setParameter(2, message.id()).setParameter(3, c.tenantId()).executeUpdate();
        }
        if (changed == 0) {
            return Optional.empty();
        }
        EventKind kind = add ? EventKind.PIN_ADDED : EventKind.PIN_REMOVED;
        long seq = events.reserve(c.tenantId(), c.id(), kind);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messageId", message.id());
        data.put("userId", caller.userExternalId()); // who pinned or unpinned (absent: the admin API); erasure scrubs *Id keys
        EventView event = events.record(c.tenantId(), c.id(), seq, kind, user, caller.userExternalId(), data, List.of());
        if (caller.kind() != Caller.Kind.USER) {
            audit.success(Actor.of(caller), c.tenantId(), add ? "admin.pin_added" : "admin.pin_removed", "conversation", c.id(),
                    AuditLog.detail("messageId", message.id()));
        }
        return Optional.of(event);
    }

    /** End users reach conversations they are members of; the admin API every conversation of its tenant. */
    private Conversation conversation(Caller caller, UUID conversationId) {
        return caller.kind() == Caller.Kind.USER ? conversations.requireMember(caller, conversationId)
                : adminConversations.require(caller, conversationId);
    }
}
