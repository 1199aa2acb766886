package com.chatplatform.api.search;

import com.chatplatform.api.conversation.ConversationService;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import com.chatplatform.search.SearchException;
import com.chatplatform.search.message.MessageSearchQuery;
import com.chatplatform.search.message.MessageSort;
import com.chatplatform.search.message.SearchRequestSpec;
import com.chatplatform.search.message.SearchResults;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import com.chatplatform.api.audit.Actor;
import com.chatplatform.api.audit.AuditLog;
import com.chatplatform.api.user.UserService;

/** Message search for an end user: only the caller's tenant, only conversations the caller is a member of. */
@ApplicationScoped
public class SearchService {

    @Inject
    ConversationService conversations;
    @Inject
    SearchGateway search;
    @Inject
    UserService users;
    @Inject
    AuditLog audit;

    public static final String AUDIT_ADMIN_SEARCH = "search.admin_query";

    /**
     * The filters of a tenant-wide search by a moderator, compliance officer, tenant admin or tenant backend.
     *
     * @param memberId only conversations this user is a member of now (then the scope is that user's conversations)
     * @param mentions only messages mentioning this user
     */
    public record AdminFilters(String conversationId, String senderId, String memberId, String mentions, String from, String to,
                               Boolean hasAttachment, String attachmentType) {
    }

    /** The filters of one search, as the caller wrote them (validated here). */
    public record Filters(String conversationId, String senderId, String from, String to, Boolean hasAttachment,
                          String attachmentType, boolean mentionsMe) {
    }

    public SearchResults search(Caller caller, String text, Filters filters, Integer limit, String sort, String cursor) {
        UUID user = caller.requireUser();
        UUID tenantId = caller.requireTenant();
        SearchRequestSpec spec;
        try {
            spec = MessageSearchQuery.forTenant(tenantId.toString())
                    .readableConversations(conversations.conversationIdsOf(tenantId, user).stream().map(UUID::toString).toList())
                    .text(text)
                    .inConversation(filters.conversationId())
                    .fromSender(filters.senderId())
                    .createdFrom(instant("from", filters.from()))
                    .createdBefore(instant("to", filters.to()))
                    .withAttachment(filters.hasAttachment())
                    .attachmentType(filters.attachmentType())
                    .mentioning(filters.mentionsMe() ? caller.userExternalId() : null)
                    .limit(limit)
                    .sort(parseSort(sort))
                    .after(cursor)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.SEARCH_INVALID_QUERY, e.getMessage());
        }
        try {
            return search.search(spec);
        } catch (SearchException e) {
            throw new ApiException(ErrorCode.DEPENDENCY_UNAVAILABLE, "Search is unavailable right now; messages are still sent and will be searchable when it is back.");
        }
    }

    /**
     * Searches the caller's whole tenant (explicit whole-tenant scope of the one query builder), or only the
     * conversations of {@code memberId} when given. Every search is audited (who, what query, which filters, how many
     * hits), refused ones too.
     */
    public SearchResults searchTenant(Caller caller, String text, AdminFilters filters, Integer limit, String sort, String cursor) {
        UUID tenantId = caller.requireTenant();
        var detail = AuditLog.detail("q", text == null || text.length() <= 300 ? text : text.substring(0, 300) + "…", "conversationId", filters.conversationId(), "senderId", filters.senderId(),
                "memberId", filters.memberId(), "mentions", filters.mentions(), "from", filters.from(), "to", filters.to(),
                "hasAttachment", filters.hasAttachment(), "attachmentType", filters.attachmentType(), "sort", sort,
                "cursor", cursor == null ? null : "yes");
        try {
            MessageSearchQuery query = MessageSearchQuery.forTenant(tenantId.toString());
            if (filters.memberId() != null && !filters.memberId().isBlank()) {
                List<String> readable = users.findByExternalId(tenantId, filters.memberId())
                        .map(u -> conversations.conversationIdsOf(tenantId, u.id()).stream().map(UUID::toString).toList())
                        .orElse(List.of());
                query.readableConversations(readable);
            } else {
                query.wholeTenant();
            }
            SearchRequestSpec spec;
            try {
                spec = query.text(text)
                        .inConversation(filters.conversationId())
                        .fromSender(filters.senderId())
                        .createdFrom(instant("from", filters.from()))
                        .createdBefore(instant("to", filters.to()))
                        .withAttachment(filters.hasAttachment())
                        .attachmentType(filters.attachmentType())
                        .mentioning(filters.mentions())
                        .limit(limit)
                        .sort(parseSort(sort))
                        .after(cursor)
                        .build();
            } catch (IllegalArgumentException e) {
                throw new ApiException(ErrorCode.SEARCH_INVALID_QUERY, e.getMessage());
            }
            SearchResults results;
            try {
                results = search.search(spec);
            } catch (SearchException e) {
                throw new ApiException(ErrorCode.DEPENDENCY_UNAVAILABLE, "Search is unavailable right now; try again later.");
            }
            audit.success(Actor.of(caller), tenantId, AUDIT_ADMIN_SEARCH, "tenant", tenantId,
                    with(detail, "hits", results.hits().size()));
            return results;
        } catch (ApiException e) {
            audit.failure(Actor.of(caller), tenantId, AUDIT_ADMIN_SEARCH, "tenant", tenantId, with(detail, "error", e.code().code()));
            throw e;
        }
    }

    private static jakarta.json.JsonObject with(jakarta.json.JsonObject detail, String name, Object value) {
        var b = com.chatplatform.api.platform.JsonSupport.JSON.createObjectBuilder(detail);
        if (value instanceof Number n) {
            b.add(name, n.longValue());
        } else {
            b.add(name, String.valueOf(value));
        }
        return b.build();
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorCode.SEARCH_INVALID_QUERY, "\"" + name + "\" must be an ISO-8601 instant such as 2026-11-27T10:00:00Z.");
        }
    }

    private static MessageSort parseSort(String sort) {
        if (sort == null || sort.isBlank()) {
            return MessageSort.RELEVANCE;
        }
        return switch (sort.toLowerCase(Locale.ROOT)) {
            case "relevance" -> MessageSort.RELEVANCE;
            case "newest" -> MessageSort.NEWEST_FIRST;
            case "oldest" -> MessageSort.OLDEST_FIRST;
            default -> throw new ApiException(ErrorCode.SEARCH_INVALID_QUERY, "\"sort\" is relevance, newest or oldest.");
        };
    }
}
