package com.chatplatform.api.message;

import static com.chatplatform.api.platform.NativeRows.uuid;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mentions of users in messages (table message_mention). A message mentions a user when its text contains
 * {@code @<externalId>} of a member of the conversation (an {@code @word} that names no member is plain text), or when
 * the sender lists the user in {@code mentions} (each listed id must be a member, or the send is refused). Stored with
 * the message in its transaction; an edit replaces them, a delete removes them.
 */
@ApplicationScoped
public class Mentions {
    /** At most this many distinct users are mentioned by one message (text and list together). */
    public static final int MAX_PER_MESSAGE = 50;
    /** '@' not preceded by an id character (so "bob@example.com" is no mention), then id characters. */
    private static final Pattern MENTION = Pattern.compile("(?<![A-Za-z0-9_.@:-])@([A-Za-z0-9_.@:-]{1,128})");
    private static final String TRAILING_PUNCTUATION = ".:-@";

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    /** A mentioned user: internal id and the id the tenant knows. */
    public record Mentioned(UUID userId, String externalId) {
    }

    /**
     * The candidate external ids written as {@code @id} in the text, in order of appearance, each with the variants
     * without trailing punctuation ("@bob." may mean "bob"): the longest variant that names a member wins.
     */
    static List<List<String>> candidates(String text) {
        List<List<String>> result = new ArrayList<>();
        if (text == null || text.indexOf('@') < 0) {
            return result;
        }
        Matcher m = MENTION.matcher(text);
        while (m.find()) {
            String token = m.group(1);
            List<String> variants = new ArrayList<>();
            variants.add(token);
            String t = token;
            while (t.length() > 1 && TRAILING_PUNCTUATION.indexOf(t.charAt(t.length() - 1)) >= 0) {
                t = t.substring(0, t.length() - 1);
                variants.add(t);
            }
            result.add(variants);
        }
        return result;
    }

    /**
     * The users the message mentions: members named as {@code @id} in the text plus the explicit list.
     *
     * @throws ApiException message.mention_invalid when an explicitly listed id is not a member of the conversation,
     *                      or more than {@link #MAX_PER_MESSAGE} users would be mentioned
     */
    public List<Mentioned> resolve(UUID tenantId, UUID conversationId, String text, List<String> explicit) {
        List<List<String>> inText = candidates(text);
        List<String> listed = explicit == null ? List.of() : explicit;
        for (String id : listed) {
            if (id == null || id.isBlank() || id.length() > 128) {
                throw new ApiException(ErrorCode.MESSAGE_MENTION_INVALID, "\"mentions\" must be a list of user ids.");
            }
        }
        if (listed.size() > MAX_PER_MESSAGE) {
            throw new ApiException(ErrorCode.MESSAGE_MENTION_INVALID, "A message mentions at most " + MAX_PER_MESSAGE + " users.");
        }
        Set<String> lookup = new LinkedHashSet<>(listed);
        inText.forEach(lookup::addAll);
        if (lookup.isEmpty()) {
            return List.of();
        }
        Map<String, UUID> members = members(tenantId, conversationId, lookup);
        LinkedHashMap<String, UUID> mentioned = new LinkedHashMap<>();
        for (List<String> variants : inText) {
            for (String v : variants) {
                if (members.containsKey(v)) {
                    mentioned.put(v, members.get(v));
                    break;
                }
            }
        }
        for (String id : listed) {
            UUID user = members.get(id);
            if (user == null) {
                throw new ApiException(ErrorCode.MESSAGE_MENTION_INVALID, "\"" + id + "\" is not a member of this conversation.");
            }
            mentioned.put(id, user);
        }
        if (mentioned.size() > MAX_PER_MESSAGE) {
            throw new ApiException(ErrorCode.MESSAGE_MENTION_INVALID, "A message mentions at most " + MAX_PER_MESSAGE + " users.");
        }
        List<Mentioned> result = new ArrayList<>();
        mentioned.forEach((ext, id) -> result.add(new Mentioned(id, ext)));
        return result;
    }

    private Map<String, UUID> members(UUID tenantId, UUID conversationId, Collection<String> externalIds) {
        StringBuilder in = new StringBuilder();
        List<String> ids = new ArrayList<>(externalIds);
        for (int i = 0; i < ids.size(); i++) {
            in.append(i == 0 ? "" : ", ").append('?').append(i + 3);
        }
        var query = em.createNativeQuery("select u.id, u.external_id from conversation_member m join chat_user u on u.id = m.user_id "
                        + "where m.tenant_id = ?1 and m.conversation_id = ?2 and u.tenant_id = ?1 and u.external_id in (" + in + ")")
                .setParameter(1, tenantId).setParameter(2, conversationId);
        for (int i = 0; i < ids.size(); i++) {
            query.setParameter(i + 3, ids.get(i));
        }
        List<Object[]> rows = query.getResultList();
        Map<String, UUID> result = new LinkedHashMap<>();
        for (Object[] r : rows) {
            result.put((String) r[1], uuid(r[0]));
        }
        return result;
    }

    /** Replaces the message's mentions (send: none before; edit: the new set). Inside the caller's transaction. */
    public void replace(UUID tenantId, UUID conversationId, UUID messageId, OffsetDateTime createdAt, List<Mentioned> mentioned) {
        remove(tenantId, messageId);
        add(tenantId, conversationId, messageId, createdAt, mentioned);
    }

    /** Stores the mentions of a new message (no earlier ones to remove). */
    public void add(UUID tenantId, UUID conversationId, UUID messageId, OffsetDateTime createdAt, List<Mentioned> mentioned) {
        for (Mentioned m : mentioned) {
            em.createNativeQuery("insert into message_mention (message_id, user_id, tenant_id, conversation_id, created_at) "
                            + "values (?1, ?2, ?3, ?4, ?5) on conflict do nothing")
                    .setParameter(1, messageId).setParameter(2, m.userId()).setParameter(3, tenantId)
                    .setParameter(4, conversationId).setParameter(5, createdAt).executeUpdate();
        }
    }

    /** Removes all mentions of a message (delete). */
    public void remove(UUID tenantId, UUID messageId) {
        em.createNativeQuery("delete from message_mention where message_id = ?1 and tenant_id = ?2")
                .setParameter(1, messageId).setParameter(2, tenantId).executeUpdate();
    }

    /** Mentioned external ids per message, sorted, for the message views. */
    public Map<UUID, List<String>> byMessage(UUID tenantId, List<UUID> messageIds) {
        if (messageIds.isEmpty()) {
            return Map.of();
        }
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < messageIds.size(); i++) {
            in.append(i == 0 ? "" : ", ").append('?').append(i + 2);
        }
        var query = em.createNativeQuery("select mm.message_id, u.external_id from message_mention mm join chat_user u on u.id = mm.user_id "
                + "where mm.tenant_id = ?1 and mm.message_id in (" + in + ") order by mm.message_id, u.external_id")
                .setParameter(1, tenantId);
        for (int i = 0; i < messageIds.size(); i++) {
            query.setParameter(i + 2, messageIds.get(i));
        }
        List<Object[]> rows = query.getResultList();
        Map<UUID, List<String>> result = new LinkedHashMap<>();
        for (Object[] r : rows) {
            result.computeIfAbsent(uuid(r[0]), k -> new ArrayList<>()).add((String) r[1]);
        }
        return result;
    }

    /** One page of a user's mentions: message ids newest first, in conversations the user is still a member of. */
    public record MentionRow(UUID messageId, OffsetDateTime createdAt) {
    }

    public List<MentionRow> of(UUID tenantId, UUID userId, OffsetDateTime beforeTime, UUID beforeMessage, int limit) {
        String keyset = beforeTime == null ? "" : " and (mm.created_at, mm.message_id) < (?3, ?4)";
        var query = em.createNativeQuery("select mm.message_id, mm.created_at from message_mention mm "
                        + "join conversation_member cm on cm.conversation_id = mm.conversation_id and cm.user_id = mm.user_id "
                        + "where mm.tenant_id = ?1 and mm.user_id = ?2" + keyset
                        + " order by mm.created_at desc, mm.message_id desc limit " + limit)
                .setParameter(1, tenantId).setParameter(2, userId);
        if (beforeTime != null) {
            query.setParameter(3, beforeTime).setParameter(4, beforeMessage);
        }
        List<Object[]> rows = query.getResultList();
        List<MentionRow> result = new ArrayList<>();
        for (Object[] r : rows) {
            OffsetDateTime at = r[1] instanceof OffsetDateTime o ? o
                    : ((java.sql.Timestamp) r[1]).toInstant().atOffset(java.time.ZoneOffset.UTC);
            result.add(new MentionRow(uuid(r[0]), at));
        }
        return result;
    }
}
