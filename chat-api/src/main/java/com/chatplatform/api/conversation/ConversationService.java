package com.chatplatform.api.conversation;

import static com.chatplatform.api.platform.NativeRows.uuid;
import com.chatplatform.api.event.EventKind;
import com.chatplatform.api.event.EventLog;
import com.chatplatform.api.event.EventView;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import com.chatplatform.api.user.ChatUser;
import com.chatplatform.api.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Conversations and membership. Access to a conversation always goes through {@link #requireMember}.
 * Every change is recorded in the conversation's event log ({@link EventLog}) in the same transaction.
 * Roles: the creator of a group or channel is its owner; owners and admins invite, remove (admins only
 * plain members), rename; only the owner changes roles (and may hand ownership over); anyone leaves (an owner's ownership passes to the
 * longest-standing admin, else member); anyone of the tenant joins a channel.
 */
@ApplicationScoped
public class ConversationService {

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    UserService users;
    @Inject
    EventLog events;
    @Inject
    com.chatplatform.api.moderation.ModerationGuard moderation;
    /** System messages for membership and conversation changes (same transaction). */
    @Inject
    com.chatplatform.api.message.MessageService messages;

    public static final int MAX_NAME = 200;
    public static final int MAX_TOPIC = 1000;
    public static final int MAX_CUSTOM_DATA = 4096;
    public static final int MAX_INITIAL_MEMBERS = 100;

    public record Member(UUID userId, String externalId, String role, long readSeq) {
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
        moderation.requireNoBlock(tenantId, me, other.id()); // moderation: no direct conversation across a block
        String key = me.compareTo(other.id()) < 0 ? me + ":" + other.id() : other.id() + ":" + me;
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        UUID id = UUID.randomUUID();
        int inserted = em.createNativeQuery("insert into conversation (id, tenant_id, type, direct_key, last_seq, created_at, last_activity_at) "
                        + "values (?1, ?2, 'direct', ?3, 0, ?4, ?4) on conflict (tenant_id, direct_key) do nothing")
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

    /**
     * Owners and admins archive a group or channel (no new messages, edits, reactions or pins until unarchived) or
     * unarchive it; the same state again: no change. Events "conversation.archived" / "conversation.unarchived".
     */
    @Transactional
    public Optional<EventView> archive(Caller caller, UUID conversationId, boolean archive) {
        UUID me = caller.requireUser();
        Conversation c = requireMember(caller, conversationId);
        requireNotDirect(c);
        events.lock(c.tenantId(), c.id());
        String myRole = roleOf(c, me).orElseThrow(() -> new ApiException(ErrorCode.CONVERSATION_NOT_MEMBER));
        if ("member".equals(myRole)) {
            throw new ApiException(ErrorCode.CONVERSATION_ROLE_FORBIDDEN, "Only owners and admins archive or unarchive the conversation.");
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        int changed = archive
                ? em.createNativeQuery("update conversation set archived_at = ?1 where id = ?2 and tenant_id = ?3 and archived_at is null")
                        .setParameter(1, now).setParameter(2, c.id()).setParameter(3, c.tenantId()).executeUpdate()
                : em.createNativeQuery("update conversation set archived_at = null where id = ?2 and tenant_id = ?3 and archived_at is not null")
                        .setParameter(2, c.id()).setParameter(3, c.tenantId()).executeUpdate();
        if (changed == 0) {
            return Optional.empty();
        }
        EventKind kind = archive ? EventKind.CONVERSATION_ARCHIVED : EventKind.CONVERSATION_UNARCHIVED;
        long seq = events.reserve(c.tenantId(), c.id(), kind);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("archivedAt", archive ? now.toInstant().toString() : null);
        return Optional.of(events.record(c.tenantId(), c.id(), seq, kind, me, caller.userExternalId(), data, List.of()));
    }

    /** Refuses with {@code conversation.archived} a new message, edit or reaction in an archived conversation. */
    public void requireNotArchived(Conversation c) {
        Object archived = em.createNativeQuery("select archived_at from conversation where id = ?1 and tenant_id = ?2")
                .setParameter(1, c.id()).setParameter(2, c.tenantId()).getSingleResult();
        if (archived != null) {
            throw archived();
        }
    }

    /** {@link #requireNotArchived} for a conversation this transaction has just read (the send path: no second read). */
    public void requireNotArchivedAsRead(Conversation c) {
        if (c.archivedAt() != null) {
            throw archived();
        }
    }

    private static ApiException archived() {
        return new ApiException(ErrorCode.CONVERSATION_ARCHIVED, "Unarchive the conversation first (DELETE /conversations/{id}/archive).");
    }

    public List<Member> members(UUID tenantId, UUID conversationId) {
        List<Object[]> rows = em.createNativeQuery("select m.user_id, u.external_id, m.role, m.read_seq from conversation_member m "
                        + "join chat_user u on u.id = m.user_id where m.conversation_id = ?1 and m.tenant_id = ?2 order by u.external_id")
                .setParameter(1, conversationId).setParameter(2, tenantId).getResultList();
        return rows.stream().map(r -> new Member(uuid(r[0]), (String) r[1], (String) r[2], ((Number) r[3]).longValue())).toList();
    }

    /** Every conversation the user may read: what search restricts to. */
    public List<UUID> conversationIdsOf(UUID tenantId, UUID userId) {
        return em.createQuery("select m.conversationId from ConversationMember m where m.tenantId = :t and m.userId = :u", UUID.class)
                .setParameter("t", tenantId).setParameter("u", userId).getResultList();
    }

    /** A group (private, members invited) or channel (public within the tenant); the caller becomes its owner. */
    @Transactional
    public Conversation create(Caller caller, String type, String name, String topic, JsonObject customData, List<String> memberIds) {
        UUID me = caller.requireUser();
        UUID tenantId = caller.requireTenant();
        if (!"group".equals(type) && !"channel".equals(type)) {
            throw ApiException.invalid("\"type\" must be \"group\" or \"channel\" (direct conversations: POST /conversations/direct).");
        }
        String cleanName = name(name);
        if (cleanName == null) {
            throw ApiException.invalid("\"name\" is required.");
        }
        String cleanTopic = topic(topic);
        String data = customData(customData);
        LinkedHashSet<String> invited = new LinkedHashSet<>(memberIds == null ? List.of() : memberIds);
        invited.remove(caller.userExternalId());
        if (invited.size() > MAX_INITIAL_MEMBERS) {
            throw ApiException.invalid("At most " + MAX_INITIAL_MEMBERS + " initial members.");
        }
        List<ChatUser> others = new ArrayList<>();
        for (String externalId : invited) {
            others.add(users.requireByExternalId(caller, externalId));
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        UUID id = UUID.randomUUID();
        em.createNativeQuery("insert into conversation (id, tenant_id, type, last_seq, created_at, last_activity_at, name, topic, custom_data) "
                        + "values (?1, ?2, ?3, 0, ?4, ?4, ?5, ?6, ?7)")
                .setParameter(1, id).setParameter(2, tenantId).setParameter(3, type).setParameter(4, now)
                .setParameter(5, cleanName).setParameter(6, cleanTopic).setParameter(7, data).executeUpdate();
        insertMember(tenantId, id, me, "owner", 0, now);
        List<Map<String, Object>> memberData = new ArrayList<>();
        memberData.add(Map.of("userId", caller.userExternalId(), "role", "owner"));
        for (ChatUser other : others) {
            insertMember(tenantId, id, other.id(), "member", 0, now);
            memberData.add(Map.of("userId", other.externalId(), "role", "member"));
        }
        long seq = events.reserve(tenantId, id, EventKind.CONVERSATION_CREATED);
        Map<String, Object> payload = conversationData(type, cleanName, cleanTopic, data);
        payload.put("members", memberData);
        events.record(tenantId, id, seq, EventKind.CONVERSATION_CREATED, me, caller.userExternalId(), payload, List.of());
        return find(tenantId, id);
    }

    /** Owners and admins add a user of the tenant (admins only as members); already a member: no change. */
    @Transactional
    public Optional<EventView> invite(Caller caller, UUID conversationId, String userExternalId, String role) {
        UUID me = caller.requireUser();
        Conversation c = requireMember(caller, conversationId);
        requireNotDirect(c);
        String newRole = role == null ? "member" : role;
        if (!"member".equals(newRole) && !"admin".equals(newRole)) {
            throw ApiException.invalid("\"role\" must be \"member\" or \"admin\".");
        }
        ChatUser user = users.requireByExternalId(caller, userExternalId);
        long lastSeq = events.lock(c.tenantId(), c.id());
        String myRole = roleOf(c, me).orElseThrow(() -> new ApiException(ErrorCode.CONVERSATION_NOT_MEMBER));
        if ("member".equals(myRole) || ("admin".equals(newRole) && !"owner".equals(myRole))) {
            throw new ApiException(ErrorCode.CONVERSATION_ROLE_FORBIDDEN,
                    "admin".equals(newRole) ? "Only the owner makes admins." : "Only owners and admins invite.");
        }
        if (roleOf(c, user.id()).isPresent()) {
            return Optional.empty();
        }
        moderation.requireNotBanned(c.tenantId(), c.id(), user.id(), false); // moderation: banned users are not re-added
        insertMember(c.tenantId(), c.id(), user.id(), newRole, lastSeq, OffsetDateTime.now(ZoneOffset.UTC));
        long seq = events.reserve(c.tenantId(), c.id(), EventKind.MEMBER_JOINED);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("userId", user.externalId());
        data.put("role", newRole);
        data.put("readSeq", lastSeq);
        data.put("invitedBy", caller.userExternalId());
        EventView event = events.record(c.tenantId(), c.id(), seq, EventKind.MEMBER_JOINED, me, caller.userExternalId(), data, List.of());
        messages.appendSystem(c, event, "A member was added.");
        return Optional.of(event);
    }

    /** Any user of the tenant joins a channel; groups and direct conversations answer not found. */
    @Transactional
    public Optional<EventView> join(Caller caller, UUID conversationId) {
        UUID me = caller.requireUser();
        Conversation c = em.createQuery("select c from Conversation c where c.id = :id and c.tenantId = :t and c.type = 'channel'", Conversation.class)
                .setParameter("id", conversationId).setParameter("t", caller.requireTenant())
                .getResultStream().findFirst().orElseThrow(() -> new ApiException(ErrorCode.CONVERSATION_NOT_MEMBER));
        long lastSeq = events.lock(c.tenantId(), c.id());
        if (roleOf(c, me).isPresent()) {
            return Optional.empty();
        }
        moderation.requireNotBanned(c.tenantId(), c.id(), me, true); // moderation: banned users cannot rejoin
        insertMember(c.tenantId(), c.id(), me, "member", lastSeq, OffsetDateTime.now(ZoneOffset.UTC));
        long seq = events.reserve(c.tenantId(), c.id(), EventKind.MEMBER_JOINED);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("userId", caller.userExternalId());
        data.put("role", "member");
        data.put("readSeq", lastSeq);
        EventView event = events.record(c.tenantId(), c.id(), seq, EventKind.MEMBER_JOINED, me, caller.userExternalId(), data, List.of());
        messages.appendSystem(c, event, "A member joined.");
        return Optional.of(event);
    }

    /** The caller leaves a group or channel; a leaving owner hands ownership to the longest-standing admin, else member. */
    @Transactional
    public EventView leave(Caller caller, UUID conversationId) {
        UUID me = caller.requireUser();
        Conversation c = requireMember(caller, conversationId);
        requireNotDirect(c);
        events.lock(c.tenantId(), c.id());
        String myRole = roleOf(c, me).orElseThrow(() -> new ApiException(ErrorCode.CONVERSATION_NOT_MEMBER));
        deleteMember(c, me);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("userId", caller.userExternalId());
        if ("owner".equals(myRole)) {
            List<Object[]> heirs = em.createNativeQuery("select m.user_id, u.external_id from conversation_member m join chat_user u on u.id = m.user_id "
                            + "where m.conversation_id = ?1 and m.tenant_id = ?2 order by case m.role when 'admin' then 0 else 1 end, m.joined_at, u.external_id limit 1")
                    .setParameter(1, c.id()).setParameter(2, c.tenantId()).getResultList();
            if (!heirs.isEmpty()) {
                em.createNativeQuery("update conversation_member set role = 'owner' where conversation_id = ?1 and user_id = ?2 and tenant_id = ?3")
                        .setParameter(1, c.id()).setParameter(2, uuid(heirs.get(0)[0])).setParameter(3, c.tenantId()).executeUpdate();
                data.put("newOwnerId", heirs.get(0)[1]);
            }
        }
        long seq = events.reserve(c.tenantId(), c.id(), EventKind.MEMBER_LEFT);
        EventView event = events.record(c.tenantId(), c.id(), seq, EventKind.MEMBER_LEFT, me, caller.userExternalId(), data, List.of(me));
        messages.appendSystem(c, event, "A member left.");
        return event;
    }

    /** Owners remove anyone else, admins remove plain members; removing oneself is leaving. */
    @Transactional
    public EventView remove(Caller caller, UUID conversationId, String userExternalId) {
        UUID me = caller.requireUser();
        if (caller.userExternalId().equals(userExternalId)) {
            return leave(caller, conversationId);
        }
        Conversation c = requireMember(caller, conversationId);
        requireNotDirect(c);
        events.lock(c.tenantId(), c.id());
        String myRole = roleOf(c, me).orElseThrow(() -> new ApiException(ErrorCode.CONVERSATION_NOT_MEMBER));
        ChatUser user = users.findByExternalId(c.tenantId(), userExternalId == null ? "" : userExternalId)
                .orElseThrow(() -> ApiException.notFound("Member"));
        String theirRole = roleOf(c, user.id()).orElseThrow(() -> ApiException.notFound("Member"));
        boolean allowed = "owner".equals(myRole) || ("admin".equals(myRole) && "member".equals(theirRole));
        if (!allowed) {
            throw new ApiException(ErrorCode.CONVERSATION_ROLE_FORBIDDEN,
                    "member".equals(myRole) ? "Only owners and admins remove members." : "Admins remove plain members only.");
        }
        deleteMember(c, user.id());
        long seq = events.reserve(c.tenantId(), c.id(), EventKind.MEMBER_REMOVED);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("userId", user.externalId());
        data.put("removedBy", caller.userExternalId());
        EventView event = events.record(c.tenantId(), c.id(), seq, EventKind.MEMBER_REMOVED, me, caller.userExternalId(), data, List.of(user.id()));
        messages.appendSystem(c, event, "A member was removed.");
        return event;
    }

    /**
     * The owner makes a member an admin or back a member, or hands ownership over ("owner": the caller
     * becomes an admin). The same role again: no change.
     */
    @Transactional
    public Optional<EventView> changeRole(Caller caller, UUID conversationId, String userExternalId, String role) {
        UUID me = caller.requireUser();
        if (!"member".equals(role) && !"admin".equals(role) && !"owner".equals(role)) {
            throw ApiException.invalid("\"role\" must be \"member\", \"admin\" or \"owner\".");
        }
        Conversation c = requireMember(caller, conversationId);
        requireNotDirect(c);
        events.lock(c.tenantId(), c.id());
        String myRole = roleOf(c, me).orElseThrow(() -> new ApiException(ErrorCode.CONVERSATION_NOT_MEMBER));
        if (!"owner".equals(myRole)) {
            throw new ApiException(ErrorCode.CONVERSATION_ROLE_FORBIDDEN, "Only the owner changes roles.");
        }
        ChatUser user = users.findByExternalId(c.tenantId(), userExternalId == null ? "" : userExternalId)
                .orElseThrow(() -> ApiException.notFound("Member"));
        String theirRole = roleOf(c, user.id()).orElseThrow(() -> ApiException.notFound("Member"));
        if (theirRole.equals(role)) {
            return Optional.empty();
        }
        if (user.id().equals(me)) {
            throw ApiException.invalid("The owner hands ownership over by making another member the owner.");
        }
        setRole(c, user.id(), role);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("userId", user.externalId());
        data.put("role", role);
        if ("owner".equals(role)) {
            setRole(c, me, "admin");
            data.put("formerOwnerId", caller.userExternalId());
        }
        long seq = events.reserve(c.tenantId(), c.id(), EventKind.MEMBER_ROLE_CHANGED);
        EventView event = events.record(c.tenantId(), c.id(), seq, EventKind.MEMBER_ROLE_CHANGED, me, caller.userExternalId(), data, List.of());
        messages.appendSystem(c, event, "A member's role was changed.");
        return Optional.of(event);
    }

    private void setRole(Conversation c, UUID userId, String role) {
        em.createNativeQuery("update conversation_member set role = ?1 where conversation_id = ?2 and user_id = ?3 and tenant_id = ?4")
                .setParameter(1, role).setParameter(2, c.id()).setParameter(3, userId).setParameter(4, c.tenantId()).executeUpdate();
    }

    /**
     * Owners and admins change the name, topic or custom data of a group or channel (null: unchanged;
     * an empty topic clears it). The event carries all three new values.
     */
    @Transactional
    public EventView update(Caller caller, UUID conversationId, String name, String topic, JsonObject customData) {
        UUID me = caller.requireUser();
        Conversation c = requireMember(caller, conversationId);
        requireNotDirect(c);
        if (name == null && topic == null && customData == null) {
            throw ApiException.invalid("Give at least one of \"name\", \"topic\", \"customData\".");
        }
        String newName = name == null ? null : name(name);
        if (name != null && newName == null) {
            throw ApiException.invalid("\"name\" must not be blank.");
        }
        String newTopic = topic(topic);
        String newData = customData(customData);
        events.lock(c.tenantId(), c.id());
        String myRole = roleOf(c, me).orElseThrow(() -> new ApiException(ErrorCode.CONVERSATION_NOT_MEMBER));
        if ("member".equals(myRole)) {
            throw new ApiException(ErrorCode.CONVERSATION_ROLE_FORBIDDEN, "Only owners and admins change the conversation.");
        }
        Object[] current = (Object[]) em.createNativeQuery("select name, topic, custom_data from conversation where id = ?1 and tenant_id = ?2")
                .setParameter(1, c.id()).setParameter(2, c.tenantId()).getSingleResult();
        String finalName = newName != null ? newName : (String) current[0];
        String finalTopic = topic != null ? newTopic : (String) current[1];
        String finalData = customData != null ? newData : (String) current[2];
        em.createNativeQuery("update conversation set name = ?1, topic = ?2, custom_data = ?3 where id = ?4 and tenant_id = ?5")
                .setParameter(1, finalName).setParameter(2, finalTopic).setParameter(3, finalData)
                .setParameter(4, c.id()).setParameter(5, c.tenantId()).executeUpdate();
        long seq = events.reserve(c.tenantId(), c.id(), EventKind.CONVERSATION_UPDATED);
        EventView event = events.record(c.tenantId(), c.id(), seq, EventKind.CONVERSATION_UPDATED, me, caller.userExternalId(),
                conversationData(c.type(), finalName, finalTopic, finalData), List.of());
        List<String> said = new ArrayList<>();
        if (!java.util.Objects.equals(current[0], finalName)) {
            said.add("The conversation was renamed to \u201c" + finalName + "\u201d.");
        }
        if (!java.util.Objects.equals(current[1], finalTopic)) {
            said.add(finalTopic == null ? "The topic was removed." : "The topic was changed to \u201c" + finalTopic + "\u201d.");
        }
        if (!said.isEmpty()) { // a change of custom data only is not announced
            messages.appendSystem(c, event, String.join(" ", said));
        }
        return event;
    }

    /**
     * Moves the caller's read position forward to {@code seq} (0 < seq <= lastSeq). Behind the current
     * position: read.stale; after the last event: read.beyond_end; equal: no change.
     */
    @Transactional
    public Optional<EventView> markRead(Caller caller, UUID conversationId, Long seq) {
        UUID me = caller.requireUser();
        if (seq == null || seq < 0) {
            throw ApiException.invalid("\"seq\" must be a sequence number.");
        }
        Conversation c = requireMember(caller, conversationId);
        long lastSeq = events.lock(c.tenantId(), c.id());
        long current = ((Number) em.createNativeQuery("select read_seq from conversation_member where conversation_id = ?1 and user_id = ?2 and tenant_id = ?3")
                .setParameter(1, c.id()).setParameter(2, me).setParameter(3, c.tenantId()).getSingleResult()).longValue();
        if (seq > lastSeq) {
            throw new ApiException(ErrorCode.READ_BEYOND_END, "The conversation's last seq is " + lastSeq + ".");
        }
        if (seq < current) {
            throw new ApiException(ErrorCode.READ_STALE, "The read position is already " + current + ".");
        }
        if (seq == current) {
            return Optional.empty();
        }
        em.createNativeQuery("update conversation_member set read_seq = ?1 where conversation_id = ?2 and user_id = ?3 and tenant_id = ?4")
                .setParameter(1, seq).setParameter(2, c.id()).setParameter(3, me).setParameter(4, c.tenantId()).executeUpdate();
        long eventSeq = events.reserve(c.tenantId(), c.id(), EventKind.READ);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("userId", caller.userExternalId());
        data.put("seq", seq);
        return Optional.of(events.record(c.tenantId(), c.id(), eventSeq, EventKind.READ, me, caller.userExternalId(), data, List.of()));
    }

    /** The conversation re-read from the database (after changes made with native SQL in this transaction). */
    public Conversation reload(Conversation c) {
        return find(c.tenantId(), c.id());
    }

    private Conversation find(UUID tenantId, UUID id) {
        Conversation c = em.createQuery("select c from Conversation c where c.id = :id and c.tenantId = :t", Conversation.class)
                .setParameter("id", id).setParameter("t", tenantId).getSingleResult();
        em.refresh(c);
        return c;
    }

    private Optional<String> roleOf(Conversation c, UUID userId) {
        List<?> rows = em.createNativeQuery("select role from conversation_member where conversation_id = ?1 and user_id = ?2 and tenant_id = ?3")
                .setParameter(1, c.id()).setParameter(2, userId).setParameter(3, c.tenantId()).getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of((String) rows.get(0));
    }

    private void insertMember(UUID tenantId, UUID conversationId, UUID userId, String role, long readSeq, OffsetDateTime now) {
        em.createNativeQuery("insert into conversation_member (conversation_id, user_id, tenant_id, role, joined_at, read_seq) "
                        + "values (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, conversationId).setParameter(2, userId).setParameter(3, tenantId).setParameter(4, role)
                .setParameter(5, now).setParameter(6, readSeq).executeUpdate();
    }

    private void deleteMember(Conversation c, UUID userId) {
        em.createNativeQuery("delete from conversation_member where conversation_id = ?1 and user_id = ?2 and tenant_id = ?3")
                .setParameter(1, c.id()).setParameter(2, userId).setParameter(3, c.tenantId()).executeUpdate();
    }

    private static void requireNotDirect(Conversation c) {
        if ("direct".equals(c.type())) {
            throw new ApiException(ErrorCode.CONVERSATION_NOT_ALLOWED, "A direct conversation has fixed members and no name.");
        }
    }

    private static Map<String, Object> conversationData(String type, String name, String topic, String customData) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", type);
        data.put("name", name);
        data.put("topic", topic);
        data.put("customData", customData == null ? null : EventLog.parse(customData));
        return data;
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String trimmed = name.strip();
        if (trimmed.codePointCount(0, trimmed.length()) > MAX_NAME) {
            throw ApiException.invalid("\"name\" has at most " + MAX_NAME + " characters.");
        }
        return trimmed;
    }

    private static String topic(String topic) {
        if (topic == null || topic.isBlank()) {
            return null;
        }
        String trimmed = topic.strip();
        if (trimmed.codePointCount(0, trimmed.length()) > MAX_TOPIC) {
            throw ApiException.invalid("\"topic\" has at most " + MAX_TOPIC + " characters.");
        }
        return trimmed;
    }

    private static String customData(JsonObject data) {
        if (data == null) {
            return null;
        }
        String json = data.toString();
        if (json.length() > MAX_CUSTOM_DATA) {
            throw new ApiException(ErrorCode.CONVERSATION_CUSTOM_DATA_TOO_LARGE,
                    "Custom data is at most " + MAX_CUSTOM_DATA + " characters of JSON; this is " + json.length() + ".");
        }
        return json;
    }

}
