package com.chatplatform.api.message;

import com.chatplatform.api.conversation.Conversation;
import com.chatplatform.api.conversation.ConversationService;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.media.AttachmentService;
import com.chatplatform.api.media.AttachmentView;
import com.chatplatform.api.outbox.Outbox;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import com.chatplatform.api.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sending and reading messages. A message is committed with its per-conversation sequence number and
 * its outbox entry in one transaction before anyone is told about it; a retried send with the same
 * client id returns the original message.
 */
@ApplicationScoped
public class MessageService {
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    public static final int MAX_PAGE = 200;

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    ConversationService conversations;
    @Inject
    AttachmentService attachments;
    @Inject
    UserService users;
    @Inject
    Outbox outbox;
    @Inject
    Event<MessageCommitted> committed;
    /** This bean through its proxy, so sendOnce runs in its own transaction. */
    @Inject
    MessageService self;

    @Inject
    @ConfigProperty(name = "chat.message.max-length", defaultValue = "4000")
    int maxLength;

    public record Page(List<MessageView> items, long nextAfter, boolean hasMore) {
    }

    /**
     * Sends a message. Two concurrent sends with the same client id race on the unique constraint; the
     * loser's transaction rolls back and its retry returns the winner's message.
     */
    public MessageView send(Caller caller, UUID conversationId, String clientId, String text, List<UUID> attachmentIds) {
        try {
            return self.sendOnce(caller, conversationId, clientId, text, attachmentIds);
        } catch (RuntimeException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            return self.sendOnce(caller, conversationId, clientId, text, attachmentIds);
        }
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    @Transactional
    public MessageView sendOnce(Caller caller, UUID conversationId, String clientId, String text, List<UUID> attachmentIds) {
        UUID sender = caller.requireUser();
        UUID tenantId = caller.requireTenant();
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            throw ApiException.invalid("\"clientId\" must be 1 to 64 characters of letters, digits and _ . : -");
        }
        String body = text == null ? "" : text;
        List<UUID> attachmentList = attachmentIds == null ? List.of() : attachmentIds;
        if (body.codePointCount(0, body.length()) > maxLength) {
            throw new ApiException(ErrorCode.MESSAGE_TOO_LONG, "A message has at most " + maxLength + " characters.");
        }
        if (body.isBlank() && attachmentList.isEmpty()) {
            throw new ApiException(ErrorCode.MESSAGE_EMPTY);
        }
        Optional<Message> earlier = findByClientId(tenantId, sender, clientId);
        if (earlier.isPresent()) {
            return replayOf(earlier.get(), conversationId, body, caller);
        }
        Conversation conversation = conversations.requireMember(caller, conversationId);
        long seq = nextSeq(tenantId, conversation.id());
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        Message message = new Message(UUID.randomUUID(), tenantId, conversation.id(), seq, sender, clientId, body, now);
        em.persist(message);
        em.flush();
        List<AttachmentView> attached = attachments.attach(caller, conversation.id(), message.id(), attachmentList);
        outbox.add(tenantId, Outbox.MESSAGE_CHANGED, message.id());
        MessageView view = view(message, caller.userExternalId(), attached);
        List<UUID> members = conversations.members(tenantId, conversation.id()).stream().map(ConversationService.Member::userId).toList();
        committed.fire(new MessageCommitted(tenantId, view, members));
        return view;
    }

    /** Messages after a sequence number, oldest first: the catch-up and history path. */
    public Page after(Caller caller, UUID conversationId, long after, int limit) {
        if (after < 0) {
            throw ApiException.invalid("\"after\" must be 0 or a sequence number.");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiException.invalid("\"limit\" must be between 1 and " + MAX_PAGE + ".");
        }
        Conversation conversation = conversations.requireMember(caller, conversationId);
        List<Message> rows = em.createQuery("select m from Message m where m.tenantId = :t and m.conversationId = :c and m.seq > :after order by m.seq", Message.class)
                .setParameter("t", conversation.tenantId()).setParameter("c", conversation.id()).setParameter("after", after)
                .setMaxResults(limit + 1).getResultList();
        boolean hasMore = rows.size() > limit;
        List<Message> page = hasMore ? rows.subList(0, limit) : rows;
        List<MessageView> views = views(conversation.tenantId(), page);
        long next = page.isEmpty() ? after : page.get(page.size() - 1).seq();
        return new Page(views, next, hasMore);
    }

    /** Loads a message with its attachments for indexing; empty when it no longer exists. */
    public Optional<MessageView> load(UUID tenantId, UUID messageId) {
        List<Message> found = em.createQuery("select m from Message m where m.id = :id and m.tenantId = :t", Message.class)
                .setParameter("id", messageId).setParameter("t", tenantId).getResultList();
        return found.isEmpty() ? Optional.empty() : Optional.of(views(tenantId, found).get(0));
    }

    private List<MessageView> views(UUID tenantId, List<Message> messages) {
        Map<UUID, String> senders = users.externalIds(tenantId, messages.stream().map(Message::senderId).distinct().toList());
        Map<UUID, List<AttachmentView>> files = attachments.byMessage(tenantId, messages.stream().map(Message::id).toList());
        return messages.stream().map(m -> view(m, senders.get(m.senderId()), files.getOrDefault(m.id(), List.of()))).toList();
    }

    private static MessageView view(Message m, String senderExternalId, List<AttachmentView> files) {
        return new MessageView(m.id(), m.conversationId(), m.seq(), senderExternalId, m.clientId(), m.text(), files,
                m.version(), m.createdAt().toInstant());
    }

    private MessageView replayOf(Message earlier, UUID conversationId, String text, Caller caller) {
        if (!earlier.conversationId().equals(conversationId) || !earlier.text().equals(text)) {
            throw new ApiException(ErrorCode.MESSAGE_CLIENT_ID_REUSED);
        }
        return views(earlier.tenantId(), List.of(earlier)).get(0);
    }

    private Optional<Message> findByClientId(UUID tenantId, UUID sender, String clientId) {
        return em.createQuery("select m from Message m where m.tenantId = :t and m.senderId = :s and m.clientId = :c", Message.class)
                .setParameter("t", tenantId).setParameter("s", sender).setParameter("c", clientId)
                .getResultStream().findFirst();
    }

    /** Takes the next sequence number; the row lock serialises senders of one conversation until commit. */
    private long nextSeq(UUID tenantId, UUID conversationId) {
        Object value = em.createNativeQuery("update conversation set last_seq = last_seq + 1, last_message_at = now() "
                        + "where id = ?1 and tenant_id = ?2 returning last_seq")
                .setParameter(1, conversationId).setParameter(2, tenantId).getSingleResult();
        return ((Number) value).longValue();
    }
}
