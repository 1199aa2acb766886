package com.chatplatform.search.message;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A validated message search, built with {@link MessageSearchQuery}. The tenant and the conversations the caller may
 * read are part of every spec: {@link MessageSearcher} turns them into filters of every query it sends.
 *
 * @param tenantId                the caller's tenant, from the verified credential
 * @param readableConversationIds the conversations the caller may read (membership); empty means no result;
 *                                kept sorted
 * @param text                    the user's query text (1..1,000 characters; "quoted phrases"; last word prefix)
 * @param conversationId          only this conversation, or {@code null}
 * @param senderId                only messages of this sender, or {@code null}
 * @param createdFrom             only messages created at or after this instant, or {@code null}
 * @param createdBefore           only messages created before this instant, or {@code null}
 * @param hasAttachment           only messages with ({@code true}) or without ({@code false}) attachments, or {@code null}
 * @param attachmentType          only messages with an attachment of this media type ("image/png") or family
 *                                ("image/", ending in a slash), or {@code null}
 * @param mentions                only messages mentioning this user id, or {@code null}
 * @param limit                   page size, 1..100
 * @param sort                    result order
 * @param cursor                  {@code nextCursor} of the previous page, or {@code null} for the first page
 * @param scope                   which conversations of the tenant are searched: the readable set (end users, and
 *                                admins filtering by a member) or, only when asked for explicitly, the whole tenant
 *                                (moderation and compliance); never implied by an empty or missing set
 */
public record SearchRequestSpec(
        String tenantId,
        Set<String> readableConversationIds,
        String text,
        String conversationId,
        String senderId,
        Instant createdFrom,
        Instant createdBefore,
        Boolean hasAttachment,
        String attachmentType,
        String mentions,
        int limit,
        MessageSort sort,
        String cursor,
        SearchScope scope) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    /** Elasticsearch's default {@code index.max_terms_count} for a terms filter. */
    public static final int MAX_READABLE_CONVERSATIONS = 65_536;

    /**
     * @throws IllegalArgumentException with a message fit for the API's error response when any value is invalid
     */
    /** A spec restricted to the readable conversations (the end-user scope). */
    public SearchRequestSpec(String tenantId, Set<String> readableConversationIds, String text, String conversationId,
                             String senderId, Instant createdFrom, Instant createdBefore, Boolean hasAttachment,
                             String attachmentType, String mentions, int limit, MessageSort sort, String cursor) {
        this(tenantId, readableConversationIds, text, conversationId, senderId, createdFrom, createdBefore, hasAttachment,
                attachmentType, mentions, limit, sort, cursor, SearchScope.READABLE_CONVERSATIONS);
    }

    public SearchRequestSpec {
        if (tenantId == null || tenantId.isBlank()) {
            throw new IllegalArgumentException("tenantId must not be blank");
        }
        Objects.requireNonNull(scope, "scope");
        readableConversationIds = copyIds(readableConversationIds);
        if (scope == SearchScope.WHOLE_TENANT && !readableConversationIds.isEmpty()) {
            throw new IllegalArgumentException("A whole-tenant search takes no readable-conversation set.");
        }
        QueryText.parse(text); // validates: blank, too long, no words
        conversationId = blankToNull(conversationId);
        senderId = blankToNull(senderId);
        if (createdFrom != null && createdBefore != null && !createdFrom.isBefore(createdBefore)) {
            throw new IllegalArgumentException("The 'from' date must be before the 'to' date.");
        }
        attachmentType = blankToNull(attachmentType);
        if (attachmentType != null && !attachmentType.matches("[a-z0-9.+-]+/([a-z0-9.+-]+)?")) {
            throw new IllegalArgumentException("The attachment type must be a media type such as image/png, or a family such as image/.");
        }
        mentions = blankToNull(mentions);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        Objects.requireNonNull(sort, "sort");
        cursor = blankToNull(cursor);
        if (cursor != null) {
            SearchCursor.decode(cursor, sort); // validates
        }
    }

    /** The parsed query text. */
    QueryText queryText() {
        return QueryText.parse(text);
    }

    /**
     * True when no document can match, so no request needs to be sent: the caller may read no conversation, or the
     * conversation filter names one it may not read (never for a whole-tenant search).
     */
    public boolean matchesNothing() {
        if (scope == SearchScope.WHOLE_TENANT) {
            return false;
        }
        return readableConversationIds.isEmpty()
                || (conversationId != null && !readableConversationIds.contains(conversationId));
    }

    private static Set<String> copyIds(Collection<String> ids) {
        if (ids == null) {
            throw new IllegalArgumentException("readableConversationIds must not be null (empty means none)");
        }
        if (ids.size() > MAX_READABLE_CONVERSATIONS) {
            throw new IllegalArgumentException("Too many readable conversations for one search: " + ids.size()
                    + " (at most " + MAX_READABLE_CONVERSATIONS + ").");
        }
        TreeSet<String> copy = new TreeSet<>();
        for (String id : ids) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("readableConversationIds must not contain a blank id");
            }
            copy.add(id);
        }
        return Collections.unmodifiableSortedSet(copy);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
