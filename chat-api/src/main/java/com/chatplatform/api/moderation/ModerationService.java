package com.chatplatform.api.moderation;

import static com.chatplatform.api.platform.NativeRows.uuid;

import com.chatplatform.api.platform.NativeRows;
import com.chatplatform.api.audit.Actor;
import com.chatplatform.api.audit.AuditLog;
import com.chatplatform.api.conversation.Conversation;
import com.chatplatform.api.conversation.ConversationService;
import com.chatplatform.api.event.EventKind;
import com.chatplatform.api.event.EventLog;
import com.chatplatform.api.event.EventView;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.message.Mentions;
import com.chatplatform.api.message.MessageService;
import com.chatplatform.api.message.MessageView;
import com.chatplatform.api.outbox.Outbox;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import com.chatplatform.api.user.ChatUser;
import com.chatplatform.api.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Bans from groups and channels and hard deletion of messages, by conversation owners and admins and by the
 * tenant's moderators (end users whose tenant role is "moderator") with user tokens, or by tenant backends (API key),
 * tenant admins and moderators (console) through the admin API. Each action is a conversation event (so sync replays
 * it), a row of moderation_record (who, when, why, about whom; kept after an unban) and an audit entry.
 */
@ApplicationScoped
public class ModerationService {
    public static final int MAX_REASON = 1000;
    public static final int MAX_PAGE = 200;

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    ConversationService conversations;
    @Inject
    UserService users;
    @Inject
    EventLog events;
    @Inject
    MessageService messages;
    @Inject
    Mentions mentions;
    @Inject
    com.chatplatform.api.message.ThreadCounts threadCounts;
    @Inject
    Outbox outbox;
    @Inject
    AuditLog audit;
    @Inject
    com.chatplatform.api.compliance.LegalHolds holds;

    public record BanView(String userId, String reason, String bannedByKind, String bannedBy, Instant createdAt, Instant expiresAt) {
    }

    public record RecordView(UUID id, String action, UUID conversationId, String userId, UUID messageId, String actorKind,
                             String actorId, String reason, Instant expiresAt, Instant createdAt) {
    }

    // ------------------------------------------------------------------ bans

    /**
     * Bans a user from a group or channel (until {@code expiresAt}, or until unbanned): a member is removed, and the
     * user can neither join, be invited nor send ({@code conversation.banned}). Banning again replaces reason and
     * expiry. The owner cannot be banned, nor can admins by admins, nor oneself ({@code moderation.target_protected}).
     */
    @Transactional
    public EventView ban(Caller caller, UUID conversationId, String userExternalId, String reason, String expiresAt) {
        UUID tenantId = caller.requireTenant();
        String why = reason(reason);
        Instant until = MuteService.parseFuture(expiresAt);
        Conversation c = conversation(caller, conversationId);
        requireGroupOrChannel(c);
        ChatUser target = user(tenantId, userExternalId);
        events.lock(tenantId, c.id());
        Optional<String> theirRole = roleOf(c, target.id());
        requireModerator(caller, c, theirRole, target.id());
        em.createNativeQuery("insert into conversation_ban (tenant_id, conversation_id, user_id, banned_by_kind, banned_by_id, reason, created_at, expires_at) "
                        + "values (?1, ?2, ?3, ?4, ?5, ?6, now(), ?7) on conflict (conversation_id, user_id) do update set "
                        + "banned_by_kind = excluded.banned_by_kind, banned_by_id = excluded.banned_by_id, reason = excluded.reason, "
                        + "created_at = excluded.created_at, expires_at = excluded.expires_at")
                .setParameter(1, tenantId).setParameter(2, c.id()).setParameter(3, target.id()).setParameter(4, actorKind(caller))
                .setParameter(5, actorLabel(caller)).setParameter(6, why).setParameter(7, time(until)).executeUpdate();
        boolean removed = theirRole.isPresent() && em.createNativeQuery("delete from conversation_member where conversation_id = ?1 and user_id = ?2 and tenant_id = ?3")
                .setParameter(1, c.id()).setParameter(2, target.id()).setParameter(3, tenantId).executeUpdate() == 1;
        record(caller, "ban", c.id(), target.id(), null, why, until);
        long seq = events.reserve(tenantId, c.id(), EventKind.MEMBER_BANNED);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("userId", target.externalId());
        data.put("removed", removed);
        data.put("expiresAt", until == null ? null : until.toString());
        data.put("bannedBy", caller.kind() == Caller.Kind.USER ? caller.userExternalId() : null);
        EventView event = events.record(tenantId, c.id(), seq, EventKind.MEMBER_BANNED, userId(caller), caller.userExternalId(), data,
                List.of(target.id()));
        messages.appendSystem(c, event, "A user was banned."); // the timeline line (ADR 0010): the next seq, never unread
        audit.success(Actor.of(caller), tenantId, "moderation.banned", "user", target.externalId(),
                AuditLog.detail("conversationId", c.id(), "reason", why, "expiresAt", until, "removed", removed));
        return event;
    }

    /** Lifts a ban (no ban: no change). The user may then join or be invited again; they are not re-added. */
    @Transactional
    public Optional<EventView> unban(Caller caller, UUID conversationId, String userExternalId) {
        UUID tenantId = caller.requireTenant();
        Conversation c = conversation(caller, conversationId);
        requireGroupOrChannel(c);
        ChatUser target = user(tenantId, userExternalId);
        events.lock(tenantId, c.id());
        requireModerator(caller, c, roleOf(c, target.id()), null);
        int deleted = em.createNativeQuery("delete from conversation_ban where tenant_id = ?1 and conversation_id = ?2 and user_id = ?3")
                .setParameter(1, tenantId).setParameter(2, c.id()).setParameter(3, target.id()).executeUpdate();
        if (deleted == 0) {
            return Optional.empty();
        }
        record(caller, "unban", c.id(), target.id(), null, null, null);
        long seq = events.reserve(tenantId, c.id(), EventKind.MEMBER_UNBANNED);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("userId", target.externalId());
        data.put("unbannedBy", caller.kind() == Caller.Kind.USER ? caller.userExternalId() : null);
        EventView event = events.record(tenantId, c.id(), seq, EventKind.MEMBER_UNBANNED, userId(caller), caller.userExternalId(), data,
                List.of(target.id()));
        messages.appendSystem(c, event, "A user was unbanned.");
        audit.success(Actor.of(caller), tenantId, "moderation.unbanned", "user", target.externalId(), AuditLog.detail("conversationId", c.id()));
        return Optional.of(event);
    }

    /** The conversation's active bans (owners, admins and moderators; the admin API). */
    public List<BanView> bans(Caller caller, UUID conversationId) {
        Conversation c = conversation(caller, conversationId);
        requireModerator(caller, c, Optional.empty(), null);
        List<Object[]> rows = em.createNativeQuery("select u.external_id, b.reason, b.banned_by_kind, "
                        + "coalesce((select a.external_id from chat_user a where b.banned_by_kind = 'user' and a.id::text = b.banned_by_id), "
                        + "case when b.banned_by_kind = 'user' then null else b.banned_by_id end), b.created_at, b.expires_at "
                        + "from conversation_ban b join chat_user u on u.id = b.user_id where b.tenant_id = ?1 and b.conversation_id = ?2 "
                        + "and (b.expires_at is null or b.expires_at > now()) order by b.created_at desc, u.external_id")
                .setParameter(1, c.tenantId()).setParameter(2, c.id()).getResultList();
        return rows.stream().map(r -> new BanView((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                NativeRows.instant(r[4]), NativeRows.instant(r[5]))).toList();
    }

    // ------------------------------------------------------------------ hard delete

    /**
     * Removes a message's content for good: text, edit history, reactions, mentions and the content in the event log
     * at once; the search document, the attachment rows and the S3 objects (giving back the storage charge) through
     * the outbox ({@link ModerationPurge}). The row stays as a tombstone (deleted and hardDeleted) so seq stays
     * gapless. Hard-deleting a hard-deleted message changes nothing.
     */
    @Transactional
    public Optional<EventView> hardDelete(Caller caller, UUID conversationId, UUID messageId, String reason) {
        UUID tenantId = caller.requireTenant();
        String why = reason(reason);
        if (messageId == null) {
            throw ApiException.invalid("\"messageId\" is required.");
        }
        Conversation c = conversation(caller, conversationId);
        requireModerator(caller, c, Optional.empty(), null);
        events.lock(tenantId, c.id());
        List<Object[]> rows = em.createNativeQuery("select sender_id, hard_deleted from message where id = ?1 and tenant_id = ?2 and conversation_id = ?3")
                .setParameter(1, messageId).setParameter(2, tenantId).setParameter(3, c.id()).getResultList();
        if (rows.isEmpty()) {
            throw new ApiException(ErrorCode.MESSAGE_NOT_FOUND);
        }
        if ((Boolean) rows.get(0)[1]) {
            return Optional.empty();
        }
        UUID sender = rows.get(0)[0] == null ? null : uuid(rows.get(0)[0]); // null: a system message
        if (holds.active(tenantId, "conversation", c.id()).isPresent() || (sender != null && holds.active(tenantId, "user", sender).isPresent())) {
            throw new ApiException(ErrorCode.MODERATION_LEGAL_HOLD, "Lift the legal hold first (GET /compliance/holds); a soft delete "
                    + "by the author or a ban does not need it.");
        }
        em.createNativeQuery("update message set text = '', deleted = true, hard_deleted = true, version = version + 1, edited_at = null "
                        + "where id = ?1 and tenant_id = ?2")
                .setParameter(1, messageId).setParameter(2, tenantId).executeUpdate();
        threadCounts.recount(tenantId, threadCounts.rootsOf(tenantId, List.of(messageId))); // a reply: its root's counts (lock held)
        em.createNativeQuery("delete from message_edit where message_id = ?1 and tenant_id = ?2")
                .setParameter(1, messageId).setParameter(2, tenantId).executeUpdate();
        em.createNativeQuery("delete from message_reaction where message_id = ?1 and tenant_id = ?2")
                .setParameter(1, messageId).setParameter(2, tenantId).executeUpdate();
        mentions.remove(tenantId, messageId);
        events.forgetMessageContent(tenantId, c.id(), messageId);
        outbox.add(tenantId, Outbox.MESSAGE_CHANGED, messageId);
        outbox.add(tenantId, ModerationPurge.KIND, messageId);
        record(caller, "hard_delete", c.id(), sender, messageId, why, null);
        MessageView view = messages.byIds(tenantId, List.of(messageId)).get(messageId);
        long seq = events.reserve(tenantId, c.id(), EventKind.MESSAGE_DELETED);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messageId", messageId);
        data.put("message", view);
        data.put("hardDeleted", true);
        EventView event = events.record(tenantId, c.id(), seq, EventKind.MESSAGE_DELETED, userId(caller), caller.userExternalId(), data, List.of());
        audit.success(Actor.of(caller), tenantId, "moderation.message_hard_deleted", "message", messageId,
                AuditLog.detail("conversationId", c.id(), "seq", view == null ? null : view.seq(), "reason", why));
        return Optional.of(event);
    }

    // ------------------------------------------------------------------ records

    /** Moderation records of the tenant, newest first, optionally about one user and/or in one conversation. */
    public List<RecordView> records(Caller caller, String userExternalId, UUID conversationId, int limit) {
        UUID tenantId = caller.requireTenant();
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiException.invalid("\"limit\" must be between 1 and " + MAX_PAGE + ".");
        }
        UUID subject = null;
        if (userExternalId != null && !userExternalId.isBlank()) {
            subject = user(tenantId, userExternalId).id();
        }
        StringBuilder sql = new StringBuilder("select r.id, r.action, r.conversation_id, s.external_id, r.message_id, r.actor_kind, "
                + "coalesce(a.external_id, r.actor_id), r.reason, r.expires_at, r.created_at from moderation_record r "
                + "left join chat_user s on s.id = r.subject_user_id left join chat_user a on a.id = r.actor_user_id where r.tenant_id = ?1");
        if (subject != null) {
            sql.append(" and r.subject_user_id = ?2");
        }
        if (conversationId != null) {
            sql.append(" and r.conversation_id = ?3");
        }
        sql.append(" order by r.created_at desc, r.id limit ?4");
        Query q = em.createNativeQuery(sql.toString()).setParameter(1, tenantId).setParameter(4, limit);
        if (subject != null) {
            q.setParameter(2, subject);
        }
        if (conversationId != null) {
            q.setParameter(3, conversationId);
        }
        List<Object[]> rows = q.getResultList();
        return rows.stream().map(r -> new RecordView(uuid(r[0]), (String) r[1], r[2] == null ? null : uuid(r[2]), (String) r[3],
                r[4] == null ? null : uuid(r[4]), (String) r[5], (String) r[6], (String) r[7], NativeRows.instant(r[8]),
                NativeRows.instant(r[9]))).toList();
    }

    // ------------------------------------------------------------------ helpers

    /** End users reach conversations they are members of; the admin API reaches every conversation of its tenant. */
    private Conversation conversation(Caller caller, UUID conversationId) {
        if (conversationId == null) {
            throw ApiException.notFound("Conversation");
        }
        if (caller.kind() == Caller.Kind.USER) {
            return conversations.requireMember(caller, conversationId);
        }
        return em.createQuery("select c from Conversation c where c.id = :id and c.tenantId = :t", Conversation.class)
                .setParameter("id", conversationId).setParameter("t", caller.requireTenant())
                .getResultStream().findFirst().orElseThrow(() -> ApiException.notFound("Conversation"));
    }

    /**
     * End users: owners, admins and users whose tenant role is "moderator" moderate; with a target, the owner and the
     * caller are protected, and admins (not moderators or owners) may not act on admins. The admin API moderates
     * every conversation; the owner is protected there too.
     */
    private void requireModerator(Caller caller, Conversation c, Optional<String> theirRole, UUID target) {
        boolean targetOwner = theirRole.filter("owner"::equals).isPresent();
        if (caller.kind() != Caller.Kind.USER) {
            if (target != null && targetOwner) {
                throw new ApiException(ErrorCode.MODERATION_TARGET_PROTECTED, "The owner cannot be banned; hand ownership over first.");
            }
            return;
        }
        UUID me = caller.requireUser();
        String myRole = roleOf(c, me).orElseThrow(() -> new ApiException(ErrorCode.CONVERSATION_NOT_MEMBER));
        boolean tenantModerator = "moderator".equals(users.findByExternalId(c.tenantId(), caller.userExternalId()).map(ChatUser::role).orElse(null));
        if (!tenantModerator && "member".equals(myRole)) {
            throw new ApiException(ErrorCode.CONVERSATION_ROLE_FORBIDDEN, "Only owners, admins and moderators moderate this conversation.");
        }
        if (target == null) {
            return;
        }
        if (target.equals(me)) {
            throw new ApiException(ErrorCode.MODERATION_TARGET_PROTECTED, "You cannot ban yourself.");
        }
        if (targetOwner) {
            throw new ApiException(ErrorCode.MODERATION_TARGET_PROTECTED, "The owner cannot be banned.");
        }
        if (!tenantModerator && "admin".equals(myRole) && theirRole.filter("admin"::equals).isPresent()) {
            throw new ApiException(ErrorCode.MODERATION_TARGET_PROTECTED, "Admins cannot ban admins; ask the owner.");
        }
    }

    private Optional<String> roleOf(Conversation c, UUID userId) {
        List<?> rows = em.createNativeQuery("select role from conversation_member where conversation_id = ?1 and user_id = ?2 and tenant_id = ?3")
                .setParameter(1, c.id()).setParameter(2, userId).setParameter(3, c.tenantId()).getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of((String) rows.get(0));
    }

    private void record(Caller caller, String action, UUID conversationId, UUID subject, UUID messageId, String reason, Instant expiresAt) {
        em.createNativeQuery("insert into moderation_record (id, tenant_id, action, conversation_id, subject_user_id, message_id, actor_kind, "
                        + "actor_id, actor_user_id, reason, expires_at, created_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")
                .setParameter(1, UUID.randomUUID()).setParameter(2, caller.requireTenant()).setParameter(3, action)
                .setParameter(4, conversationId).setParameter(5, subject).setParameter(6, messageId).setParameter(7, actorKind(caller))
                .setParameter(8, caller.kind() == Caller.Kind.USER ? null : caller.principalId().toString())
                .setParameter(9, userId(caller)).setParameter(10, reason).setParameter(11, time(expiresAt))
                .setParameter(12, OffsetDateTime.now(ZoneOffset.UTC)).executeUpdate();
    }

    private ChatUser user(UUID tenantId, String externalId) {
        if (externalId == null || externalId.isBlank()) {
            throw ApiException.invalid("\"userId\" is required.");
        }
        return users.findByExternalId(tenantId, externalId).orElseThrow(() -> ApiException.notFound("User"));
    }

    private static void requireGroupOrChannel(Conversation c) {
        if ("direct".equals(c.type())) {
            throw new ApiException(ErrorCode.CONVERSATION_NOT_ALLOWED, "Nobody is banned from a direct conversation; block the user instead.");
        }
    }

    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            return null;
        }
        String r = reason.strip();
        if (r.codePointCount(0, r.length()) > MAX_REASON) {
            throw ApiException.invalid("\"reason\" has at most " + MAX_REASON + " characters.");
        }
        return r;
    }

    private static String actorKind(Caller caller) {
        return caller.kind().name().toLowerCase(Locale.ROOT);
    }

    /** The id stored as "banned by": the end user's internal id, the API key's or console account's id. */
    private static String actorLabel(Caller caller) {
        return caller.principalId().toString();
    }

    private static UUID userId(Caller caller) {
        return caller.kind() == Caller.Kind.USER ? caller.principalId() : null;
    }

    private static OffsetDateTime time(Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
