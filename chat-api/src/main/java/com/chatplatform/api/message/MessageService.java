package com.chatplatform.api.message;

import static com.chatplatform.api.platform.NativeRows.instant;
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
import com.chatplatform.api.platform.TimeOrderedIds;
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
 * its event in one transaction before anyone is told about it (the search index reads new messages from the table in
 * commit order, ADR 0015; edits and deletes reach it through the outbox); a retried send with the same client id returns
 * the original message.
 */
@ApplicationScoped
public class MessageService {
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    /** Client id prefix of the system messages that render conversation events. */
    public static final String SYSTEM_EVENT_CLIENT_ID = "event:";
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
    ThreadCounts threadCounts;
    @Inject
    SendBatcher batcher;
    @Inject
    Event<com.chatplatform.api.event.EventCommitted> eventCommitted;

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
        return send(caller, conversationId, clientId, text, attachmentIds, mentionIds, null);
    }

    /** A send that may reply in a thread: {@code parentId} names the thread root (a reply's parent: its root). */
    public MessageView send(Caller caller, UUID conversationId, String clientId, String text, List<UUID> attachmentIds,
                            List<String> mentionIds, UUID parentId) {
        rateLimits.checkMessage(caller); // the plan's message rate (REST and WebSocket), before anything is done
        String body = validated(clientId, text, attachmentIds);
        if (batcher.accepts(caller, attachmentIds, mentionIds, parentId, body)) {
            // A plain text: group-committed with the sends waiting at this moment (ADR 0013). Committed when it returns;
            // the pushes go out here, as the one-message path's after-commit observers would (the event, then the frame).
            Optional<SendBatcher.Stored> stored = batcher.store(caller, conversationId, clientId, body);
            if (stored.isPresent()) {
                eventCommitted.fire(stored.get().eventCommitted(caller.tenantId()));
                committed.fire(stored.get().messageCommitted(caller.tenantId()));
                return stored.get().view();
            }
            // Passed on (a retry, a refusal, a lost race): the one-message path answers, looking the client id up.
            return sendChecked(caller, conversationId, clientId, text, attachmentIds, mentionIds, parentId);
        }
        try {
            // First as a new message, without looking the client id up (one round trip fewer on every send): for a
            // retry of a stored message the insert inserts nothing, and the attempt rolls back (nothing is kept).
            return self.sendOnce(caller, conversationId, clientId, text, attachmentIds, mentionIds, parentId, false);
        } catch (ApiException e) {
            // A refusal (banned since, left, archived, ...) may meet the retry of a message stored before: the
            // earlier answer wins, as for any retry; otherwise the same refusal again.
            return sendChecked(caller, conversationId, clientId, text, attachmentIds, mentionIds, parentId);
        } catch (RuntimeException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            return sendChecked(caller, conversationId, clientId, text, attachmentIds, mentionIds, parentId);
        }
    }

    /** A send that looks the client id up first (a retry answers the stored message); a concurrent twin is retried once. */
    private MessageView sendChecked(Caller caller, UUID conversationId, String clientId, String text, List<UUID> attachmentIds,
                                    List<String> mentionIds, UUID parentId) {
        try {
            return self.sendOnce(caller, conversationId, clientId, text, attachmentIds, mentionIds, parentId, true);
        } catch (RuntimeException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            return self.sendOnce(caller, conversationId, clientId, text, attachmentIds, mentionIds, parentId, true);
        }
    }

    /**
     * The tenant backend (or a tenant admin / moderator in the console) sends on behalf of a member: the same path as
     * the member's own send (rate limit, idempotency on the member's client id, bans, blocks, attachments, mentions,
     * threads). Not a member: {@code message.sender_not_member}; banned: {@code conversation.banned}. Sends by console
     * accounts are audited ("admin.message_sent").
     */
    public MessageView sendAs(Caller admin, UUID conversationId, String senderExternalId, String clientId, String text,
                              List<UUID> attachmentIds, List<String> mentionIds, UUID parentId) {
        UUID tenantId = admin.requireTenant();
        Conversation c = adminConversations.require(admin, conversationId);
        if (senderExternalId == null || senderExternalId.isBlank()) {
            throw ApiException.invalid("\"senderId\" is required (or \"kind\": \"system\" to send as the system).");
        }
        com.chatplatform.api.user.ChatUser user = users.findByExternalId(tenantId, senderExternalId)
                .orElseThrow(() -> ApiException.notFound("User"));
        moderation.requireNotBanned(tenantId, c.id(), user.id(), false);
        if (conversations.members(tenantId, c.id()).stream().noneMatch(m -> m.userId().equals(user.id()))) {
            throw new ApiException(ErrorCode.MESSAGE_SENDER_NOT_MEMBER, "User " + user.externalId() + " is not a member of this conversation.");
        }
        Caller asMember = new Caller(Caller.Kind.USER, tenantId, user.id(), null, user.externalId());
        MessageView sent = send(asMember, c.id(), clientId, text, attachmentIds, mentionIds, parentId);
        if (admin.kind() == Caller.Kind.ACCOUNT) {
            self.auditSend(admin, c.id(), sent);
        }
        return sent;
    }

    /**
     * The tenant backend posts a text as the system: a message of kind "system" with no sender, idempotent on the
     * client id within the conversation, never unread and not indexed for search.
     */
    public MessageView sendSystem(Caller admin, UUID conversationId, String clientId, String text) {
        rateLimits.checkMessage(admin);
        try {
            return self.sendSystemOnce(admin, conversationId, clientId, text);
        } catch (RuntimeException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            return self.sendSystemOnce(admin, conversationId, clientId, text);
        }
    }

    @Transactional
    public MessageView sendSystemOnce(Caller admin, UUID conversationId, String clientId, String text) {
        String body = validated(clientId, text, List.of());
        if (clientId.startsWith(SYSTEM_EVENT_CLIENT_ID)) {
            throw ApiException.invalid("Client ids starting with \"" + SYSTEM_EVENT_CLIENT_ID + "\" are reserved for the system's own messages.");
        }
        Conversation c = adminConversations.require(admin, conversationId);
        Optional<Message> earlier = em.createQuery("select m from Message m where m.conversationId = :c "
                        + "and m.senderId is null and m.clientId = :id", Message.class)
                .setParameter("c", c.id()).setParameter("id", clientId).getResultStream().findFirst();
        if (earlier.isPresent()) {
            return replayOf(earlier.get(), c.id(), body, null);
        }
        conversations.requireNotArchived(c);
        MessageView sent = store(admin, c, null, null, clientId, body, List.of(), null, null, null);
        if (admin.kind() == Caller.Kind.ACCOUNT) {
            auditSend(admin, c.id(), sent);
        }
        return sent;
    }

    @Transactional
    public void auditSend(Caller admin, UUID conversationId, MessageView sent) {
        audit.success(com.chatplatform.api.audit.Actor.of(admin), admin.requireTenant(), "admin.message_sent", "conversation", conversationId,
                com.chatplatform.api.audit.AuditLog.detail("messageId", sent.id(), "kind", sent.kind(), "senderId", sent.senderId()));
    }

    /** The event a system message renders. */
    public record SystemEvent(long seq, String kind, jakarta.json.JsonObject data) {
    }

    /**
     * A system message for a conversation event, in the event's transaction (member joined, added, left, removed;
     * renamed; topic changed). Its client id is "event:" + the event's seq; it gets the next seq with its own
     * "message.created" event, so sync and the live path deliver it like any message.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public MessageView appendSystem(Conversation conversation, EventView event, String text) {
        return store(null, conversation, null, null, SYSTEM_EVENT_CLIENT_ID + event.seq(), text, List.of(), null, null,
                new SystemEvent(event.seq(), event.kind(), event.data()));
    }

    /**
     * Inserts a new message unless its client id is taken (a retry, or a concurrent twin that committed first): no
     * exception and no logged stack trace for what is a normal event on a network that drops acks.
     */
    private boolean insertNew(Message m) {
        return em.createNativeQuery("insert into message (id, tenant_id, conversation_id, seq, sender_id, client_id, text, version, "
                        + "created_at, deleted, hard_deleted, kind, system_event_seq, parent_id, reply_count) "
                        + "values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, false, false, ?10, ?11, ?12, 0) on conflict "
                        // only a taken client id (of the sender, or of the system in this conversation); any other
                        // conflict (a sequence number twice) stays an error
                        + (m.senderId() == null ? "(conversation_id, client_id) where sender_id is null" : "(sender_id, client_id)")
                        + " do nothing")
                .setParameter(1, m.id()).setParameter(2, m.tenantId()).setParameter(3, m.conversationId()).setParameter(4, m.seq())
                .setParameter(5, m.senderId()).setParameter(6, m.clientId()).setParameter(7, m.text()).setParameter(8, m.version())
                .setParameter(9, m.createdAt()).setParameter(10, m.kind()).setParameter(11, m.systemEventSeq()).setParameter(12, m.parentId())
                .executeUpdate() == 1;
    }

    /** The client id of a new message is already taken: the transaction rolls back and the send is answered by lookup. */
    private static final class ClientIdTaken extends RuntimeException {
        ClientIdTaken() {
            super("client id taken", null, false, false);
        }
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ClientIdTaken) {
                return true;
            }
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
        return sendOnce(caller, conversationId, clientId, text, attachmentIds, mentionIds, null);
    }

    @Transactional
    public MessageView sendOnce(Caller caller, UUID conversationId, String clientId, String text, List<UUID> attachmentIds,
                                List<String> mentionIds, UUID parentId) {
        return sendOnce(caller, conversationId, clientId, text, attachmentIds, mentionIds, parentId, true);
    }

    /**
     * One attempt in one transaction. {@code lookUpEarlier}: answer the stored message of the same client id (a retry);
     * false: store it as new; when the client id is taken the attempt rolls back (the caller then retries with true).
     */
    @Transactional
    public MessageView sendOnce(Caller caller, UUID conversationId, String clientId, String text, List<UUID> attachmentIds,
                                List<String> mentionIds, UUID parentId, boolean lookUpEarlier) {
        UUID sender = caller.requireUser();
        UUID tenantId = caller.requireTenant();
        String body = validated(clientId, text, attachmentIds);
        Optional<Message> earlier = lookUpEarlier ? findByClientId(tenantId, sender, clientId) : Optional.empty();
        if (earlier.isPresent()) {
            return replayOf(earlier.get(), conversationId, body, parentId);
        }
        moderation.beforeSend(caller, conversationId); // moderation: banned users and blocks in direct conversations
        Conversation conversation = conversations.requireMember(caller, conversationId);
        conversations.requireNotArchivedAsRead(conversation);
        return store(caller, conversation, sender, caller.userExternalId(), clientId, body,
                attachmentIds == null ? List.of() : attachmentIds, mentionIds, parentId, null);
    }

    private String validated(String clientId, String text, List<UUID> attachmentIds) {
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            throw ApiException.invalid("\"clientId\" must be 1 to 64 characters of letters, digits and _ . : -");
        }
        String body = text == null ? "" : text;
        if (body.codePointCount(0, body.length()) > maxLength) {
            throw new ApiException(ErrorCode.MESSAGE_TOO_LONG, "A message has at most " + maxLength + " characters.");
        }
        if (body.isBlank() && (attachmentIds == null || attachmentIds.isEmpty())) {
            throw new ApiException(ErrorCode.MESSAGE_EMPTY);
        }
        return body;
    }

    /**
     * The one way a message is stored, for users and the system alike: the next seq (the conversation stays locked
     * until commit), the row, attachments and mentions, the thread root's reply count (no search outbox entry: search.SearchFeed
     * indexes new messages, ADR 0015), the "message.created" event and the live push after commit. {@code sender} null: a
     * system message. {@link SendBatcher} writes the same rows for plain texts with set-based statements (ADR 0013): a
     * change here is a change there too (GroupCommitIT compares the two).
     */
    private MessageView store(Caller caller, Conversation conversation, UUID sender, String senderExternalId, String clientId, String body,
                              List<UUID> attachmentList, List<String> mentionIds, UUID parentId, SystemEvent systemEvent) {
        UUID tenantId = conversation.tenantId();
        long seq = events.reserve(tenantId, conversation.id(), EventKind.MESSAGE_CREATED);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        Message root = parentId == null ? null : threadRoot(conversation, parentId);
        List<Mentions.Mentioned> mentioned = sender == null ? List.of() : mentions.resolve(tenantId, conversation.id(), body, mentionIds);
        Message message = new Message(TimeOrderedIds.next(), tenantId, conversation.id(), seq, sender, clientId, body, now,
                sender == null ? Message.SYSTEM : Message.USER, systemEvent == null ? null : systemEvent.seq(), root == null ? null : root.id());
        if (!insertNew(message)) {
            throw new ClientIdTaken(); // rolls back; the caller answers from the stored message
        }
        List<AttachmentView> attached = List.of();
        if (sender != null) {
            attached = attachments.attach(caller, conversation.id(), message.id(), attachmentList);
            mentions.add(tenantId, conversation.id(), message.id(), now, mentioned); // a new message: nothing to replace
            // no outbox entry: search.SearchFeed indexes new messages in commit order (ADR 0015)
        }
        if (root != null) {
            root.replied(now); // the root's reply count, in this transaction (the conversation lock orders replies)
        }
        MessageView view = view(message, senderExternalId, attached, List.of(),
                mentioned.stream().map(Mentions.Mentioned::externalId).sorted().toList(),
                systemEvent == null ? null : systemJson(systemEvent.kind(), systemEvent.seq(), systemEvent.data()));
        String json = MessageJson.of(view); // rendered once: the event payload and the pushed frames reuse it
        EventLog.Recorded recorded = events.recordJson(tenantId, conversation.id(), seq, EventKind.MESSAGE_CREATED, sender, senderExternalId,
                MessageJson.payload(view, json), List.of());
        committed.fire(new MessageCommitted(tenantId, view, json, recorded.recipients(), recorded.actorBlockers()));
        return view;
    }

    /**
     * The thread a reply goes to: the parent, or the parent's own root when the parent is a reply (threads are one
     * level deep). Unknown or in another conversation: thread.parent_not_found; a system message:
     * thread.parent_is_system; deleted: message.deleted.
     */
    private Message threadRoot(Conversation conversation, UUID parentId) {
        Message parent = findIn(conversation, parentId).orElseThrow(() -> new ApiException(ErrorCode.THREAD_PARENT_NOT_FOUND));
        if (parent.parentId() != null) {
            parent = findIn(conversation, parent.parentId()).orElseThrow(() -> new ApiException(ErrorCode.THREAD_PARENT_NOT_FOUND));
        }
        if (parent.system()) {
            throw new ApiException(ErrorCode.THREAD_PARENT_IS_SYSTEM);
        }
        if (parent.deleted()) {
            throw new ApiException(ErrorCode.MESSAGE_DELETED, "The thread's first message has been deleted.");
        }
        return parent;
    }

    public Optional<Message> findIn(Conversation conversation, UUID messageId) {
        return em.createQuery("select m from Message m where m.id = :id and m.conversationId = :c", Message.class)
                .setParameter("id", messageId).setParameter("c", conversation.id())
                .getResultStream().findFirst();
    }

    static jakarta.json.JsonObject systemJson(String kind, long seq, jakarta.json.JsonObject data) {
        return com.chatplatform.api.platform.JsonSupport.JSON.createObjectBuilder().add("event", kind).add("eventSeq", seq)
                .add("data", data == null ? jakarta.json.JsonValue.EMPTY_JSON_OBJECT : data).build();
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
        conversations.requireNotArchived(conversation);
        long seq = events.reserve(conversation.tenantId(), conversation.id(), EventKind.MESSAGE_EDITED);
        Message message = requireMessage(conversation, messageId);
        if (!me.equals(message.senderId())) {
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
        return events.recordJson(conversation.tenantId(), conversation.id(), seq, EventKind.MESSAGE_EDITED, me, caller.userExternalId(),
                messagePayload(view), List.of()).event();
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
        if (!me.equals(message.senderId())) {
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
        if (message.parentId() != null) { // a reply: its root's replyCount and lastReplyAt, under the conversation lock
            threadCounts.recount(conversation.tenantId(), List.of(message.parentId()));
        }
        MessageView view = views(conversation.tenantId(), List.of(message)).get(0);
        return events.recordJson(conversation.tenantId(), conversation.id(), seq, EventKind.MESSAGE_DELETED, me, caller.userExternalId(),
                messagePayload(view), List.of()).event();
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
        conversations.requireNotArchived(conversation);
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
        return em.createQuery("select m from Message m where m.id = :id and m.conversationId = :c", Message.class)
                .setParameter("id", messageId).setParameter("c", conversation.id())
                .getResultStream().findFirst()
                .orElseThrow(() -> new ApiException(ErrorCode.MESSAGE_NOT_FOUND));
    }

    private static String messagePayload(MessageView view) {
        return MessageJson.payload(view, MessageJson.of(view));
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
        Page p = page(conversation, after, limit);
        return new Page(moderation.senderBlocked(caller, p.items()), p.nextAfter(), p.hasMore()); // "senderBlocked" for the blocker
    }

    /**
     * Queries about one conversation go by its id alone: the conversation was resolved in the caller's tenant, its
     * messages share that tenant, row-level security scopes the rows, and a tenant_id condition let PostgreSQL read all
     * of a tenant the statistics did not know yet through a tenant_id index (ADR 0014).
     */
    private Page page(Conversation conversation, long after, int limit) {
        List<Message> rows = em.createQuery("select m from Message m where m.conversationId = :c and m.seq > :after order by m.seq", Message.class)
                .setParameter("c", conversation.id()).setParameter("after", after)
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
            List<Message> rows = new ArrayList<>(em.createQuery("select m from Message m where m.conversationId = :c "
                            + "and m.seq < :before order by m.seq desc", Message.class)
                    .setParameter("c", conversation.id()).setParameter("before", before)
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

    /**
     * Loads messages of one tenant with their attachments, reactions and mentions for indexing, in a few queries
     * whatever their number; messages that no longer exist are left out.
     */
    public List<MessageView> load(UUID tenantId, java.util.Collection<UUID> messageIds) {
        if (messageIds.isEmpty()) {
            return List.of();
        }
        // By primary key alone, the tenant checked on the rows: with "tenant_id = ? and id in (...)" PostgreSQL took the
        // (tenant_id, sender_id, client_id) index whenever its statistics had not caught up with a new tenant and filtered
        // every message of the tenant (20 ms for 250 ids at 35,000 messages, growing with the tenant).
        List<Message> found = em.createQuery("select m from Message m where m.id in :ids", Message.class)
                .setParameter("ids", List.copyOf(messageIds)).getResultStream().filter(m -> m.tenantId().equals(tenantId)).toList();
        return found.isEmpty() ? List.of() : views(tenantId, found);
    }

    public List<MessageView> views(UUID tenantId, List<Message> messages) {
        Map<UUID, String> senders = users.externalIds(tenantId, messages.stream().map(Message::senderId)
                .filter(java.util.Objects::nonNull).distinct().toList());
        Map<String, jakarta.json.JsonObject> system = systemData(messages);
        List<UUID> ids = messages.stream().map(Message::id).toList();
        Map<UUID, List<AttachmentView>> files = attachments.byMessage(tenantId, ids);
        Map<UUID, List<MessageView.Reaction>> reactions = reactions(tenantId, ids);
        Map<UUID, List<String>> mentioned = mentions.byMessage(tenantId, ids);
        return messages.stream().map(m -> view(m, m.senderId() == null ? null : senders.get(m.senderId()), files.getOrDefault(m.id(), List.of()),
                reactions.getOrDefault(m.id(), List.of()), mentioned.getOrDefault(m.id(), List.of()),
                m.systemEventSeq() == null ? null : system.get(m.conversationId() + "/" + m.systemEventSeq()))).toList();
    }

    /**
     * The events system messages render, read from the event log (where erasure scrubs user ids), keyed "conversation/seq";
     * by conversation id (the messages are the tenant's), not by tenant_id (ADR 0014).
     */
    private Map<String, jakarta.json.JsonObject> systemData(List<Message> messages) {
        Map<UUID, List<Long>> wanted = new LinkedHashMap<>();
        for (Message m : messages) {
            if (m.systemEventSeq() != null) {
                wanted.computeIfAbsent(m.conversationId(), k -> new ArrayList<>()).add(m.systemEventSeq());
            }
        }
        Map<String, jakarta.json.JsonObject> result = new java.util.HashMap<>();
        for (Map.Entry<UUID, List<Long>> e : wanted.entrySet()) {
            List<Object[]> rows = em.createNativeQuery("select seq, kind, payload::text from conversation_event where "
                            + "conversation_id = ?1 and seq = any(cast(?2 as bigint[]))")
                    .setParameter(1, e.getKey())
                    .setParameter(2, "{" + e.getValue().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")) + "}")
                    .getResultList();
            for (Object[] r : rows) {
                long seq = ((Number) r[0]).longValue();
                result.put(e.getKey() + "/" + seq, systemJson((String) r[1], seq, com.chatplatform.api.event.EventLog.parse((String) r[2])));
            }
        }
        return result;
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

    static MessageView view(Message m, String senderExternalId, List<AttachmentView> files, List<MessageView.Reaction> reactions,
                                    List<String> mentioned, jakarta.json.JsonObject system) {
        return new MessageView(m.id(), m.conversationId(), m.seq(), senderExternalId, m.clientId(), m.text(),
                m.deleted() ? List.of() : files, m.version(), m.createdAt().toInstant(), m.deleted(),
                m.editedAt() == null ? null : m.editedAt().toInstant(), m.deleted() ? List.of() : reactions,
                m.deleted() ? List.of() : mentioned, m.hardDeleted(), m.kind(), system, m.parentId(), m.replyCount(),
                m.lastReplyAt() == null ? null : m.lastReplyAt().toInstant());
    }

    private MessageView replayOf(Message earlier, UUID conversationId, String text, UUID parentId) {
        if (!earlier.conversationId().equals(conversationId) || !earlier.text().equals(text)
                || (parentId == null) != (earlier.parentId() == null)) {
            throw new ApiException(ErrorCode.MESSAGE_CLIENT_ID_REUSED);
        }
        return views(earlier.tenantId(), List.of(earlier)).get(0);
    }

    /**
     * By the (sender, client id) unique index; the tenant is compared on the row, as in {@link #load}: a tenant_id
     * condition let PostgreSQL read all the tenant's messages through a tenant_id index whenever its statistics did not
     * know the tenant yet (V19).
     */
    private Optional<Message> findByClientId(UUID tenantId, UUID sender, String clientId) {
        return em.createQuery("select m from Message m where m.senderId = :s and m.clientId = :c", Message.class)
                .setParameter("s", sender).setParameter("c", clientId)
                .getResultStream().filter(m -> m.tenantId().equals(tenantId)).findFirst();
    }
}
