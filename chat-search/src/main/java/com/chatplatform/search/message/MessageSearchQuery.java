package com.chatplatform.search.message;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Fluent builder of a {@link SearchRequestSpec}:
 * <pre>{@code
 * SearchRequestSpec spec = MessageSearchQuery.forTenant(tenantId)
 *         .readableConversations(conversationIdsOfCaller)
 *         .text(q)
 *         .limit(20)
 *         .after(cursor)
 *         .build();
 * SearchResults results = searcher.search(spec);
 * }</pre>
 * Not thread-safe; {@link #build()} validates and throws {@link IllegalArgumentException} with a clear message.
 */
public final class MessageSearchQuery {

    private final String tenantId;
    private Collection<String> readableConversationIds = List.of();
    private String text;
    private String conversationId;
    private String senderId;
    private Instant createdFrom;
    private Instant createdBefore;
    private Boolean hasAttachment;
    private String attachmentType;
    private String mentions;
    private int limit = SearchRequestSpec.DEFAULT_LIMIT;
    private MessageSort sort = MessageSort.RELEVANCE;
    private String cursor;
    private SearchScope scope = SearchScope.READABLE_CONVERSATIONS;

    private MessageSearchQuery(String tenantId) {
        this.tenantId = tenantId;
    }

    /** Starts a search for the caller's tenant (from the verified credential, never from the request body). */
    public static MessageSearchQuery forTenant(String tenantId) {
        return new MessageSearchQuery(tenantId);
    }

    /** The conversations the caller may read; an empty collection gives an empty result without a request. */
    public MessageSearchQuery readableConversations(Collection<String> conversationIds) {
        this.readableConversationIds = Objects.requireNonNull(conversationIds, "conversationIds");
        return this;
    }

    /**
     * Searches every conversation of the tenant instead of a readable set: only for tenant-level moderation and
     * compliance callers, who must ask for it by name. The tenant filter and routing stay.
     */
    public MessageSearchQuery wholeTenant() {
        this.scope = SearchScope.WHOLE_TENANT;
        return this;
    }

    /** The user's query text: words (all must match, the last one also as a prefix) and "quoted phrases". */
    public MessageSearchQuery text(String text) {
        this.text = text;
        return this;
    }

    /** Only this conversation ({@code null} or blank: all readable conversations). */
    public MessageSearchQuery inConversation(String conversationId) {
        this.conversationId = conversationId;
        return this;
    }

    /** Only messages of this sender ({@code null} or blank: any sender). */
    public MessageSearchQuery fromSender(String senderId) {
        this.senderId = senderId;
        return this;
    }

    /** Only messages created at or after {@code from} (inclusive; {@code null}: no lower bound). */
    public MessageSearchQuery createdFrom(Instant from) {
        this.createdFrom = from;
        return this;
    }

    /** Only messages created before {@code to} (exclusive; {@code null}: no upper bound). */
    public MessageSearchQuery createdBefore(Instant to) {
        this.createdBefore = to;
        return this;
    }

    /** Only messages with ({@code true}) or without ({@code false}) attachments ({@code null}: either). */
    public MessageSearchQuery withAttachment(Boolean hasAttachment) {
        this.hasAttachment = hasAttachment;
        return this;
    }

    /** Only messages with an attachment of this media type ("image/png") or family ("image/"). */
    public MessageSearchQuery attachmentType(String attachmentType) {
        this.attachmentType = attachmentType;
        return this;
    }

    /** Only messages that mention this user id. */
    public MessageSearchQuery mentioning(String userId) {
        this.mentions = userId;
        return this;
    }

    /** Page size, 1..100 (default 20). */
    public MessageSearchQuery limit(int limit) {
        this.limit = limit;
        return this;
    }

    /** Page size, or the default 20 when {@code null}. */
    public MessageSearchQuery limit(Integer limit) {
        this.limit = limit == null ? SearchRequestSpec.DEFAULT_LIMIT : limit;
        return this;
    }

    /** Result order (default {@link MessageSort#RELEVANCE}; {@code null} keeps the default). */
    public MessageSearchQuery sort(MessageSort sort) {
        this.sort = sort == null ? MessageSort.RELEVANCE : sort;
        return this;
    }

    /** Continue after the page that returned this {@code nextCursor} ({@code null}: first page). */
    public MessageSearchQuery after(String cursor) {
        this.cursor = cursor;
        return this;
    }

    /**
     * @throws IllegalArgumentException when the query text is blank or longer than 1,000 characters, the limit is
     *                                  out of 1..100, the dates are reversed, or the cursor is not valid
     */
    public SearchRequestSpec build() {
        return new SearchRequestSpec(tenantId, new HashSet<>(readableConversationIds), text,
                conversationId, senderId, createdFrom, createdBefore, hasAttachment, attachmentType, mentions, limit, sort, cursor, scope);
    }
}
