package com.chatplatform.search.message;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.HighlightField;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.util.NamedValue;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Runs message searches. This class is the ONE place that builds search queries: every request it sends is routed
 * to the caller's tenant and carries a filter on that tenant and a filter on the conversations the caller may read,
 * whatever else the spec asks for. The user's text only ever becomes match / match_phrase / match_bool_prefix
 * queries (never query_string), so it cannot inject query syntax. Thread-safe.
 */
public final class MessageSearcher {

    private static final List<String> SOURCE_FIELDS = List.of(MessageFields.MESSAGE_ID, MessageFields.CONVERSATION_ID,
            MessageFields.SEQ, MessageFields.SENDER_ID, MessageFields.CREATED_AT, MessageFields.TEXT_ORIGINAL);

    private final ElasticsearchClient client;
    private final SearchIndexNames names;

    public MessageSearcher(ElasticsearchClient client, SearchIndexNames names) {
        this.client = Objects.requireNonNull(client, "client");
        this.names = Objects.requireNonNull(names, "names");
    }

    /**
     * Searches the caller's messages. Returns an empty result without calling Elasticsearch when the caller may read
     * no conversation (or filters on one it may not read).
     *
     * @throws com.chatplatform.search.SearchUnavailableException Elasticsearch unreachable or failing (retryable)
     * @throws com.chatplatform.search.SearchException            Elasticsearch refused the request
     */
    public SearchResults search(SearchRequestSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.matchesNothing()) {
            return SearchResults.empty();
        }
        SearchRequest request = toRequest(spec);
        SearchResponse<JsonData> response;
        try {
            response = client.search(request, JsonData.class);
        } catch (IOException | RuntimeException e) {
            throw SearchErrors.searchFailed(e);
        }
        List<Hit<JsonData>> hits = response.hits().hits();
        int pageSize = Math.min(hits.size(), spec.limit());
        List<MessageHit> page = new ArrayList<>(pageSize);
        for (int i = 0; i < pageSize; i++) {
            page.add(toMessageHit(hits.get(i)));
        }
        String nextCursor = hits.size() > spec.limit()
                ? SearchCursor.encode(spec.sort(), hits.get(spec.limit() - 1).sort())
                : null;
        return new SearchResults(page, nextCursor);
    }

    /** A document as a tenant scan sees it: its id and indexed version. */
    public record IndexedRef(String messageId, long version) {
    }

    /**
     * One page of a tenant's documents in message-id order, after {@code afterMessageId} ({@code null}: from the
     * start): the clean-up step of a tenant reindex compares them with PostgreSQL. Routed and filtered by tenant like
     * every search.
     */
    public List<IndexedRef> scanTenant(String tenantId, String afterMessageId, int size) {
        MessageDocument.requireId(tenantId, "tenantId");
        if (size < 1 || size > 10_000) {
            throw new IllegalArgumentException("size must be 1..10000");
        }
        SearchRequest request = SearchRequest.of(s -> {
            s.index(names.readAlias())
                    .routing(tenantId)
                    .query(q -> q.bool(b -> b.filter(term(MessageFields.TENANT_ID, tenantId))))
                    .size(size)
                    .trackTotalHits(t -> t.enabled(false))
                    .allowPartialSearchResults(false)
                    .sort(fieldSort(MessageFields.MESSAGE_ID, SortOrder.Asc))
                    .source(src -> src.filter(f -> f.includes(MessageFields.VERSION)));
            if (afterMessageId != null) {
                s.searchAfter(FieldValue.of(afterMessageId));
            }
            return s;
        });
        SearchResponse<JsonData> response;
        try {
            response = client.search(request, JsonData.class);
        } catch (IOException | RuntimeException e) {
            throw SearchErrors.searchFailed(e);
        }
        List<IndexedRef> refs = new ArrayList<>();
        for (Hit<JsonData> hit : response.hits().hits()) {
            JsonObject source = hit.source() == null ? JsonValue.EMPTY_JSON_OBJECT
                    : hit.source().toJson(client._jsonpMapper()).asJsonObject();
            refs.add(new IndexedRef(hit.id(), number(source, MessageFields.VERSION)));
        }
        return refs;
    }

    /** Builds the Elasticsearch request for a spec (package-private for the query-builder tests). */
    SearchRequest toRequest(SearchRequestSpec spec) {
        List<Query> filters = new ArrayList<>();
        filters.add(term(MessageFields.TENANT_ID, spec.tenantId()));
        if (spec.scope() == SearchScope.READABLE_CONVERSATIONS) {
            List<FieldValue> readable = spec.readableConversationIds().stream().map(FieldValue::of).toList();
            filters.add(Query.of(q -> q.terms(t -> t.field(MessageFields.CONVERSATION_ID)
                    .terms(v -> v.value(readable)))));
        }
        if (spec.conversationId() != null) {
            filters.add(term(MessageFields.CONVERSATION_ID, spec.conversationId()));
        }
        if (spec.senderId() != null) {
            filters.add(term(MessageFields.SENDER_ID, spec.senderId()));
        }
        if (spec.hasAttachment() != null) {
            filters.add(Query.of(q -> q.term(t -> t.field(MessageFields.HAS_ATTACHMENT).value(spec.hasAttachment()))));
        }
        if (spec.attachmentType() != null) {
            filters.add(spec.attachmentType().endsWith("/")
                    ? Query.of(q -> q.prefix(p -> p.field(MessageFields.ATTACHMENT_TYPES).value(spec.attachmentType())))
                    : term(MessageFields.ATTACHMENT_TYPES, spec.attachmentType()));
        }
        if (spec.mentions() != null) {
            filters.add(term(MessageFields.MENTIONS, spec.mentions()));
        }
        if (spec.createdFrom() != null || spec.createdBefore() != null) {
            filters.add(Query.of(q -> q.range(r -> r.date(d -> {
                d.field(MessageFields.CREATED_AT);
                if (spec.createdFrom() != null) {
                    d.gte(spec.createdFrom().toString());
                }
                if (spec.createdBefore() != null) {
                    d.lt(spec.createdBefore().toString());
                }
                return d;
            }))));
        }

        QueryText text = spec.queryText();
        List<Query> must = new ArrayList<>();
        for (String phrase : text.phrases()) {
            must.add(inTextOrAttachmentNames(field -> Query.of(q -> q.matchPhrase(m -> m.field(field).query(phrase)))));
        }
        if (!text.words().isEmpty()) {
            String words = text.words();
            if (text.prefixLastWord()) {
                must.add(inTextOrAttachmentNames(field -> Query.of(q -> q.matchBoolPrefix(m -> m.field(field)
                        .query(words).operator(Operator.And)))));
            } else {
                must.add(inTextOrAttachmentNames(field -> Query.of(q -> q.match(m -> m.field(field)
                        .query(words).operator(Operator.And)))));
            }
        }
        Query query = Query.of(q -> q.bool(b -> b.filter(filters).must(must)));

        List<FieldValue> searchAfter = spec.cursor() == null ? null : SearchCursor.decode(spec.cursor(), spec.sort());
        return SearchRequest.of(s -> {
            s.index(names.readAlias())
                    .routing(spec.tenantId())
                    .query(query)
                    .size(spec.limit() + 1)
                    .trackTotalHits(t -> t.enabled(false))
                    .trackScores(true)
                    .allowPartialSearchResults(false)
                    .sort(sortOptions(spec.sort()))
                    .source(src -> src.filter(f -> f.includes(SOURCE_FIELDS)))
                    .highlight(h -> h.fields(NamedValue.of(MessageFields.TEXT, HighlightField.of(f -> f
                            .numberOfFragments(0)
                            .preTags(Highlights.PRE_TAG)
                            .postTags(Highlights.POST_TAG)))));
            if (searchAfter != null) {
                s.searchAfter(searchAfter);
            }
            return s;
        });
    }

    /** Three sort keys for every order ({@link SearchCursor#SORT_VALUES}); the message id breaks ties. */
    static List<SortOptions> sortOptions(MessageSort sort) {
        return switch (sort) {
            case RELEVANCE -> List.of(
                    SortOptions.of(s -> s.score(sc -> sc.order(SortOrder.Desc))),
                    fieldSort(MessageFields.CREATED_AT, SortOrder.Desc),
                    fieldSort(MessageFields.MESSAGE_ID, SortOrder.Asc));
            case NEWEST_FIRST -> List.of(
                    fieldSort(MessageFields.CREATED_AT, SortOrder.Desc),
                    fieldSort(MessageFields.SEQ, SortOrder.Desc),
                    fieldSort(MessageFields.MESSAGE_ID, SortOrder.Asc));
            case OLDEST_FIRST -> List.of(
                    fieldSort(MessageFields.CREATED_AT, SortOrder.Asc),
                    fieldSort(MessageFields.SEQ, SortOrder.Asc),
                    fieldSort(MessageFields.MESSAGE_ID, SortOrder.Asc));
        };
    }

    private static SortOptions fieldSort(String field, SortOrder order) {
        return SortOptions.of(s -> s.field(f -> f.field(field).order(order)));
    }

    private static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(value)));
    }

    /** The clause must match in the message text or in an attachment name. */
    private static Query inTextOrAttachmentNames(Function<String, Query> clause) {
        return Query.of(q -> q.bool(b -> b
                .should(clause.apply(MessageFields.TEXT))
                .should(clause.apply(MessageFields.ATTACHMENT_NAMES))
                .minimumShouldMatch("1")));
    }

    private MessageHit toMessageHit(Hit<JsonData> hit) {
        JsonObject source = hit.source() == null ? JsonValue.EMPTY_JSON_OBJECT
                : hit.source().toJson(client._jsonpMapper()).asJsonObject();
        String original = string(source, MessageFields.TEXT_ORIGINAL);
        List<String> highlights = List.of();
        Map<String, List<String>> highlight = hit.highlight();
        if (highlight != null && highlight.get(MessageFields.TEXT) != null
                && !highlight.get(MessageFields.TEXT).isEmpty()) {
            highlights = Highlights.fragments(original, highlight.get(MessageFields.TEXT).get(0));
        }
        String createdAt = string(source, MessageFields.CREATED_AT);
        return new MessageHit(
                hit.id(),
                string(source, MessageFields.CONVERSATION_ID),
                number(source, MessageFields.SEQ),
                string(source, MessageFields.SENDER_ID),
                createdAt == null ? null : Instant.parse(createdAt),
                original == null ? "" : original,
                highlights,
                hit.score() == null ? 0.0 : hit.score());
    }

    private static String string(JsonObject source, String field) {
        JsonValue value = source.get(field);
        return value instanceof JsonString s ? s.getString() : null;
    }

    private static long number(JsonObject source, String field) {
        JsonValue value = source.get(field);
        return value instanceof JsonNumber n ? n.longValue() : 0L;
    }
}
