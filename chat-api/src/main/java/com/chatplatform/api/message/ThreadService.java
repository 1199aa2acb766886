package com.chatplatform.api.message;

import com.chatplatform.api.conversation.Conversation;
import com.chatplatform.api.conversation.ConversationService;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.KeysetCursor;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Reading threads (members only). A reply is sent like any message with {@code parentId} ({@link MessageService});
 * the thread root keeps {@code replyCount} and {@code lastReplyAt}, so the conversation's threads are its roots with
 * replies, by most recent reply.
 */
@ApplicationScoped
public class ThreadService {
    public static final int MAX_PAGE = 200;

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    ConversationService conversations;
    @Inject
    MessageService messages;
    @Inject
    com.chatplatform.api.moderation.ModerationGuard blocks;

    public record ThreadList(List<MessageView> items, String nextCursor, boolean hasMore) {
    }

    public record Thread(MessageView root, List<MessageView> items, long nextAfter, boolean hasMore) {
    }

    /** Thread roots with at least one reply, most recent reply first (keyset paging on (lastReplyAt, id)). */
    public ThreadList threads(Caller caller, UUID conversationId, String cursor, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiException.invalid("\"limit\" must be between 1 and " + MAX_PAGE + ".");
        }
        KeysetCursor after = KeysetCursor.parse(cursor);
        OffsetDateTime afterTime = after == null ? null : after.at();
        UUID afterId = after == null ? null : after.id();
        Conversation c = conversations.requireMember(caller, conversationId);
        TypedQuery<Message> q = em.createQuery("select m from Message m where m.conversationId = :c and m.replyCount > 0"
                        + (afterTime == null ? "" : " and (m.lastReplyAt < :at or (m.lastReplyAt = :at and m.id < :id))")
                        + " order by m.lastReplyAt desc, m.id desc", Message.class)
                .setParameter("c", c.id()).setMaxResults(limit + 1);
        if (afterTime != null) {
            q.setParameter("at", afterTime).setParameter("id", afterId);
        }
        List<Message> rows = q.getResultList();
        boolean hasMore = rows.size() > limit;
        List<Message> page = hasMore ? rows.subList(0, limit) : rows;
        String next = null;
        if (hasMore) {
            Message tail = page.get(page.size() - 1);
            next = KeysetCursor.of(tail.lastReplyAt().toInstant(), tail.id());
        }
        return new ThreadList(blocks.senderBlocked(caller, messages.views(c.tenantId(), page)), next, hasMore);
    }

    /** A thread: its root and its replies after seq {@code after}, oldest first. Unknown root: thread.parent_not_found. */
    public Thread thread(Caller caller, UUID conversationId, UUID messageId, long after, int limit) {
        if (after < 0) {
            throw ApiException.invalid("\"after\" must be 0 or a sequence number.");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiException.invalid("\"limit\" must be between 1 and " + MAX_PAGE + ".");
        }
        Conversation c = conversations.requireMember(caller, conversationId);
        Message root = messages.findIn(c, messageId).orElseThrow(() -> new ApiException(ErrorCode.THREAD_PARENT_NOT_FOUND));
        if (root.parentId() != null) {
            root = messages.findIn(c, root.parentId()).orElseThrow(() -> new ApiException(ErrorCode.THREAD_PARENT_NOT_FOUND));
        }
        List<Message> rows = em.createQuery("select m from Message m where m.conversationId = :c and m.parentId = :p "
                        + "and m.seq > :after order by m.seq", Message.class)
                .setParameter("c", c.id()).setParameter("p", root.id()).setParameter("after", after)
                .setMaxResults(limit + 1).getResultList();
        boolean hasMore = rows.size() > limit;
        List<Message> page = hasMore ? rows.subList(0, limit) : rows;
        MessageView rootView = blocks.senderBlocked(caller, messages.views(c.tenantId(), List.of(root))).get(0);
        return new Thread(rootView, blocks.senderBlocked(caller, messages.views(c.tenantId(), page)),
                page.isEmpty() ? after : page.get(page.size() - 1).seq(), hasMore);
    }
}
