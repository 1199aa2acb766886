package com.chatplatform.api.message;

import static com.chatplatform.api.platform.NativeRows.uuid;
import com.chatplatform.api.conversation.Conversation;
import com.chatplatform.api.conversation.ConversationService;
import com.chatplatform.api.event.EventKind;
import com.chatplatform.api.event.EventLog;
import com.chatplatform.api.event.EventView;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    Mentions mentions;
    @Inject
    Event<MessageCommitted> committed;
    @Inject
    EventLog events;
    /** This bean through its proxy, so sendOnce runs in its own transaction. */
    @Inject
    MessageService self;
    @Inject
    com.chatplatform.api.ratelimit.RateLimiter rateLimits;
    @Inject
    com.chatplatform.api.moderation.ModerationGuard moderation;
    @Inject
    com.chatplatform.api.conversation.AdminConversationService adminConversations;
    @Inject
    com.chatplatform.api.audit.AuditLog audit;

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
        return send(caller, conversationId, clientId, text, attachmentIds, null);
    }

    /**
     * Sends a message with an explicit list of mentioned user ids (each must be a member; {@code null}: none) on top
     * of the {@code @id} mentions found in the text.
     */
    public MessageView send(Caller caller, UUID conversationId, String clientId, String text, List<UUID> attachmentIds,
                            List<String> mentionIds) {
        rateLimits.checkMessage(caller); // the plan's message rate (REST and WebSocket), before anything is done
        try {
            return self.sendOnce(caller, conversationId, clientId, text, attachmentIds, mentionIds);
        } catch (RuntimeException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            return self.sendOnce(caller, conversationId, clientId, text, attachmentIds, mentionIds);
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
        return sendOnce(caller, conversationId, clientId, text, attachmentIds, null);
    }

    @Transactional
    public MessageView sendOnce(Caller caller, UUID conversationId, String clientId, String text, List<UUID> attachmentIds,
                                List<String> mentionIds) {
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
        moderation.beforeSend(caller, conversationId); // moderation: banned users and blocks in direct conversations
        Conversation conversation = conversations.requireMember(caller, conversationId);
        long seq = events.reserve(tenantId, conversation.id(), EventKind.MESSAGE_CREATED);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        List<Mentions.Mentioned> mentioned = mentions.resolve(tenantId, conversation.id(), body, mentionIds);
        Message message = new Message(UUID.randomUUID(), tenantId, conversation.id(), seq, sender, clientId, body, now);
        em.persist(message);
        em.flush();
        List<AttachmentView> attached = attachments.attach(caller, conversation.id(), message.id(), attachmentList);
        mentions.replace(tenantId, conversation.id(), message.id(), now, mentioned);
        outbox.add(tenantId, Outbox.MESSAGE_CHANGED, message.id());
        MessageView view = view(message, caller.userExternalId(), attached, List.of(),
                mentioned.stream().map(Mentions.Mentioned::externalId).sorted().toList());
        events.record(tenantId, conversation.id(), seq, EventKind.MESSAGE_CREATED, sender, caller.userExternalId(),
                messageData(view), List.of());
        List<UUID> members = conversations.members(tenantId, conversation.id()).stream().map(ConversationService.Member::userId).toList();
        committed.fire(new MessageCommitted(tenantId, view, members));
        return view;
    }

    /** The author replaces the text; the earlier text is kept in the edit history. Returns the event. */
    @Transactional
    public EventView edit(Caller caller, UUID conversationId, UUID messageId, String text) {
        return edit(caller, conversationId, messageId, text, null);
    }

    /** An edit with an explicit mention list (see {@link #send(Caller, UUID, String, String, List, List)}). */
    @Transactional
    public EventView edit(Caller caller, UUID conversationId, UUID messageId, String text, List<String> mentionIds) {
        UUID me = caller.requireUser();
        String body = text == null ? "" : text;
        if (body.codePointCount(0, body.length()) > maxLength) {
            throw new ApiException(ErrorCode.MESSAGE_TOO_LONG, "A message has at most " + maxLength + " characters.");
        }
        Conversation conversation = conversations.requireMember(caller, conversationId);
        long seq = events.reserve(conversation.tenantId(), conversation.id(), EventKind.MESSAGE_EDITED);
        Message message = requireMessage(conversation, messageId);
        if (!message.senderId().equals(me)) {
            throw new ApiException(ErrorCode.MESSAGE_NOT_AUTHOR, "Only the author may edit this message.");
        }
        if (message.deleted()) {
            throw new ApiException(ErrorCode.MESSAGE_DELETED);
        }
        boolean hasAttachments = !attachments.byMessage(conversation.tenantId(), List.of(message.id())).isEmpty();
        if (body.isBlank() && !hasAttachments) {
            throw new ApiException(ErrorCode.MESSAGE_EMPTY);
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        em.createNativeQuery("insert into message_edit (message_id, version, tenant_id, previous_text, edited_at) values (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, message.id()).setParameter(2, message.version()).setParameter(3, conversation.tenantId())
                .setParameter(4, message.text()).setParameter(5, now).executeUpdate();
        List<Mentions.Mentioned> mentioned = mentions.resolve(conversation.tenantId(), conversation.id(), body, mentionIds);
        message.edit(body, now);
        em.flush();
        mentions.replace(conversation.tenantId(), conversation.id(), message.id(), message.createdAt(), mentioned);
        outbox.add(conversation.tenantId(), Outbox.MESSAGE_CHANGED, message.id());
        MessageView view = views(conversation.tenantId(), List.of(message)).get(0);
        return events.record(conversation.tenantId(), conversation.id(), seq, EventKind.MESSAGE_EDITED, me, caller.userExternalId(),
                messageData(view), List.of());
    }

    /**
     * Soft delete by the author: the message keeps its id and seq, loses its text, attachments, reactions
     * and edit history, and its content is removed from the event log and the search index.
     */
    @Transactional
    public EventView delete(Caller caller, UUID conversationId, UUID messageId) {
        UUID me = caller.requireUser();
        Conversation conversation = conversations.requireMember(caller, conversationId);
        long seq = events.reserve(conversation.tenantId(), conversation.id(), EventKind.MESSAGE_DELETED);
        Message message = requireMessage(conversation, messageId);
        if (!message.senderId().equals(me)) {
            throw new ApiException(ErrorCode.MESSAGE_NOT_AUTHOR, "Only the author may delete this message.");
        }
        if (message.deleted()) {
            throw new ApiException(ErrorCode.MESSAGE_DELETED);
        }
        message.softDelete();
        em.flush();
        em.createNativeQuery("delete from message_edit where message_id = ?1 and tenant_id = ?2")
                .setParameter(1, message.id()).setParameter(2, conversation.tenantId()).executeUpdate();
        em.createNativeQuery("delete from message_reaction where message_id = ?1 and tenant_id = ?2")
                .setParameter(1, message.id()).setParameter(2, conversation.tenantId()).executeUpdate();
        mentions.remove(conversation.tenantId(), message.id());
        events.forgetMessageContent(conversation.tenantId(), conversation.id(), message.id());
        outbox.add(conversation.tenantId(), Outbox.MESSAGE_CHANGED, message.id());
        MessageView view = views(conversation.tenantId(), List.of(message)).get(0);
        return events.record(conversation.tenantId(), conversation.id(), seq, EventKind.MESSAGE_DELETED, me, caller.userExternalId(),
                messageData(view), List.of());
    }

    /**
     * Adds or removes the caller's reaction. Idempotent: adding a reaction that is there, or removing one
     * that is not, changes nothing and returns empty (no event).
     */
    @Transactional
    public Optional<EventView> react(Caller caller, UUID conversationId, UUID messageId, String emoji, boolean add) {
        UUID me = caller.requireUser();
        if (!Reactions.isValid(emoji)) {
            throw new ApiException(ErrorCode.REACTION_INVALID);
        }
        Conversation conversation = conversations.requireMember(caller, conversationId);
        EventKind kind = add ? EventKind.REACTION_ADDED : EventKind.REACTION_REMOVED;
        long seq = events.reserve(conversation.tenantId(), conversation.id(), kind);
        Message message = requireMessage(conversation, messageId);
        if (message.deleted()) {
            throw new ApiException(ErrorCode.MESSAGE_DELETED);
        }
        int changed = add
                ? em.createNativeQuery("insert into message_reaction (message_id, user_id, emoji, tenant_id, created_at) "
                        + "values (?1, ?2, ?3, ?4, now()) on conflict do nothing")
                .setParameter(1, message.id()).setParameter(2, me).setParameter(3, emoji).setParameter(4, conversation.tenantId())
                .executeUpdate()
                : em.createNativeQuery("delete from message_reaction where message_id = ?1 and user_id = ?2 and emoji = ?3 and tenant_id = ?4")
                .setParameter(1, message.id()).setParameter(2, me).setParameter(3, emoji).setParameter(4, conversation.tenantId())
                .executeUpdate();
        if (changed == 0) {
            // Nothing changed: give the sequence number back (the conversation row is still locked by us).
            em.createNativeQuery("update conversation set last_seq = last_seq - 1 where id = ?1 and tenant_id = ?2 and last_seq = ?3")
                    .setParameter(1, conversation.id()).setParameter(2, conversation.tenantId()).setParameter(3, seq).executeUpdate();
            return Optional.empty();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messageId", message.id());
        data.put("emoji", emoji);
        data.put("userId", caller.userExternalId());
        return Optional.of(events.record(conversation.tenantId(), conversation.id(), seq, kind, me, caller.userExternalId(), data, List.of()));
    }

    /** Earlier texts of a message, oldest first (empty for a deleted message: its history is erased). */
    public List<MessageEditView> edits(Caller caller, UUID conversationId, UUID messageId) {
        Conversation conversation = conversations.requireMember(caller, conversationId);
        Message message = requireMessage(conversation, messageId);
        List<Object[]> rows = em.createNativeQuery("select version, previous_text, edited_at from message_edit "
                        + "where message_id = ?1 and tenant_id = ?2 order by version")
                .setParameter(1, message.id()).setParameter(2, conversation.tenantId()).getResultList();
        return rows.stream().map(r -> new MessageEditView(((Number) r[0]).longValue(), (String) r[1], instant(r[2]))).toList();
    }

    /** Current views of messages by id (for the conversation list and event hydration). */
    public Map<UUID, MessageView> byIds(UUID tenantId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<Message> found = em.createQuery("select m from Message m where m.tenantId = :t and m.id in :ids", Message.class)
                .setParameter("t", tenantId).setParameter("ids", ids).getResultList();
        Map<UUID, MessageView> result = new LinkedHashMap<>();
        for (MessageView v : views(tenantId, found)) {
            result.put(v.id(), v);
        }
        return result;
    }

    private Message requireMessage(Conversation conversation, UUID messageId) {
        if (messageId == null) {
            throw ApiException.invalid("\"messageId\" is required.");
        }
        return em.createQuery("select m from Message m where m.id = :id and m.tenantId = :t and m.conversationId = :c", Message.class)
                .setParameter("id", messageId).setParameter("t", conversation.tenantId()).setParameter("c", conversation.id())
                .getResultStream().findFirst()
                .orElseThrow(() -> new ApiException(ErrorCode.MESSAGE_NOT_FOUND));
    }

    private static Map<String, Object> messageData(MessageView view) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messageId", view.id());
        data.put("message", view);
        return data;
    }

    private static java.time.Instant instant(Object value) {
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        return (java.time.Instant) value;
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
        return page(conversation, after, limit);
    }

    private Page page(Conversation conversation, long after, int limit) {
        List<Message> rows = em.createQuery("select m from Message m where m.tenantId = :t and m.conversationId = :c and m.seq > :after order by m.seq", Message.class)
                .setParameter("t", conversation.tenantId()).setParameter("c", conversation.id()).setParameter("after", after)
                .setMaxResults(limit + 1).getResultList();
        boolean hasMore = rows.size() > limit;
        List<Message> page = hasMore ? rows.subList(0, limit) : rows;
        List<MessageView> views = views(conversation.tenantId(), page);
        long next = page.isEmpty() ? after : page.get(page.size() - 1).seq();
        return new Page(views, next, hasMore);
    }

    /** A page of the admin history: oldest first; {@code nextBefore}: the {@code before} of the next older page. */
    public record AdminPage(List<MessageView> items, long nextAfter, Long nextBefore, boolean hasMore) {
    }

    /**
     * The history of any conversation of the caller's tenant for the admin API (tenant backends, tenant admins and
     * moderators), deleted and hard-deleted messages as tombstones. {@code after}: messages with a greater seq, oldest
     * first; or {@code before}: the {@code limit} messages just before that seq (oldest first within the page;
     * {@code hasMore}: older ones exist). Every read is audited ("admin.conversation_read").
     */
    @Transactional
    public AdminPage adminHistory(Caller caller, UUID conversationId, Long after, Long before, int limit) {
        UUID tenantId = caller.requireTenant();
        if (after != null && before != null) {
            throw ApiException.invalid("Give \"after\" or \"before\", not both.");
        }
        if ((after != null && after < 0) || (before != null && before < 1)) {
            throw ApiException.invalid("\"after\" must be 0 or a sequence number; \"before\" a sequence number.");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiException.invalid("\"limit\" must be between 1 and " + MAX_PAGE + ".");
        }
        Conversation conversation = adminConversations.require(caller, conversationId);
        AdminPage result;
        if (before == null) {
            Page p = page(conversation, after == null ? 0 : after, limit);
            result = new AdminPage(p.items(), p.nextAfter(), null, p.hasMore());
        } else {
            List<Message> rows = new ArrayList<>(em.createQuery("select m from Message m where m.tenantId = :t and m.conversationId = :c "
                            + "and m.seq < :before order by m.seq desc", Message.class)
                    .setParameter("t", conversation.tenantId()).setParameter("c", conversation.id()).setParameter("before", before)
                    .setMaxResults(limit + 1).getResultList());
            boolean hasMore = rows.size() > limit;
            List<Message> page = new ArrayList<>(hasMore ? rows.subList(0, limit) : rows);
            java.util.Collections.reverse(page);
            List<MessageView> views = views(conversation.tenantId(), page);
            long nextAfter = page.isEmpty() ? before - 1 : page.get(page.size() - 1).seq();
            result = new AdminPage(views, nextAfter, page.isEmpty() ? null : page.get(0).seq(), hasMore);
        }
        audit.success(com.chatplatform.api.audit.Actor.of(caller), tenantId, "admin.conversation_read", "conversation", conversation.id(),
                com.chatplatform.api.audit.AuditLog.detail("after", after, "before", before, "messages", result.items().size()));
        return result;
    }

    /** Loads a message with its attachments for indexing; empty when it no longer exists. */
    public Optional<MessageView> load(UUID tenantId, UUID messageId) {
        List<Message> found = em.createQuery("select m from Message m where m.id = :id and m.tenantId = :t", Message.class)
                .setParameter("id", messageId).setParameter("t", tenantId).getResultList();
        return found.isEmpty() ? Optional.empty() : Optional.of(views(tenantId, found).get(0));
    }

    private List<MessageView> views(UUID tenantId, List<Message> messages) {
        Map<UUID, String> senders = users.externalIds(tenantId, messages.stream().map(Message::senderId).distinct().toList());
        List<UUID> ids = messages.stream().map(Message::id).toList();
        Map<UUID, List<AttachmentView>> files = attachments.byMessage(tenantId, ids);
        Map<UUID, List<MessageView.Reaction>> reactions = reactions(tenantId, ids);
        Map<UUID, List<String>> mentioned = mentions.byMessage(tenantId, ids);
        return messages.stream().map(m -> view(m, senders.get(m.senderId()), files.getOrDefault(m.id(), List.of()),
                reactions.getOrDefault(m.id(), List.of()), mentioned.getOrDefault(m.id(), List.of()))).toList();
    }

    private Map<UUID, List<MessageView.Reaction>> reactions(UUID tenantId, List<UUID> messageIds) {
        if (messageIds.isEmpty()) {
            return Map.of();
        }
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < messageIds.size(); i++) {
            in.append(i == 0 ? "" : ", ").append('?').append(i + 2);
        }
        var query = em.createNativeQuery("select r.message_id, r.emoji, u.external_id from message_reaction r "
                        + "join chat_user u on u.id = r.user_id where r.tenant_id = ?1 and r.message_id in (" + in + ") "
                        + "order by r.message_id, r.emoji, u.external_id")
                .setParameter(1, tenantId);
        for (int i = 0; i < messageIds.size(); i++) {
            query.setParameter(i + 2, messageIds.get(i));
        }
        List<Object[]> rows = query.getResultList();
        Map<UUID, TreeMap<String, List<String>>> grouped = new LinkedHashMap<>();
        for (Object[] r : rows) {
            UUID id = uuid(r[0]);
            grouped.computeIfAbsent(id, k -> new TreeMap<>()).computeIfAbsent((String) r[1], k -> new ArrayList<>()).add((String) r[2]);
        }
        Map<UUID, List<MessageView.Reaction>> result = new LinkedHashMap<>();
        grouped.forEach((id, byEmoji) -> result.put(id, byEmoji.entrySet().stream()
                .map(e -> new MessageView.Reaction(e.getKey(), List.copyOf(e.getValue()))).toList()));
        return result;
    }

    private static MessageView view(Message m, String senderExternalId, List<AttachmentView> files, List<MessageView.Reaction> reactions,
                                    List<String> mentioned) {
        return new MessageView(m.id(), m.conversationId(), m.seq(), senderExternalId, m.clientId(), m.text(),
                m.deleted() ? List.of() : files, m.version(), m.createdAt().toInstant(), m.deleted(),
                m.editedAt() == null ? null : m.editedAt().toInstant(), m.deleted() ? List.of() : reactions,
                m.deleted() ? List.of() : mentioned, m.hardDeleted());
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
}
