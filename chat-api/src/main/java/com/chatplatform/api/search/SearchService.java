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
import java.util.Locale;
import java.util.UUID;

/** Message search for an end user: only the caller's tenant, only conversations the caller is a member of. */
@ApplicationScoped
public class SearchService {

    @Inject
    ConversationService conversations;
    @Inject
    SearchGateway search;

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
