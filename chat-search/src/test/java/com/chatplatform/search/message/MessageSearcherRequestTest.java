package com.chatplatform.search.message;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.json.JsonpUtils;
import com.chatplatform.search.SearchClientFactory;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The query builder always adds the tenant filter, the readable-conversations filter and the tenant routing,
 * whatever the options. Checked on the JSON the client would send.
 */
class MessageSearcherRequestTest {

    /** Nothing listens on port 9 (discard) on loopback here: any call to Elasticsearch would fail. */
    private static ElasticsearchClient client;
    private static MessageSearcher searcher;
    private static final SearchIndexNames NAMES = SearchIndexNames.of("testchat");

    @BeforeAll
    static void createClient() {
        client = SearchClientFactory.create("http://127.0.0.1:9");
        searcher = new MessageSearcher(client, NAMES);
    }

    @AfterAll
    static void closeClient() {
        SearchClientFactory.close(client);
    }

    static Stream<UnaryOperator<MessageSearchQuery>> options() {
        String cursor = SearchCursor.encode(MessageSort.NEWEST_FIRST,
                List.of(FieldValue.of(1L), FieldValue.of(2L), FieldValue.of("m")));
        return Stream.of(
                q -> q,
                q -> q.text("\"exact phrase\""),
                q -> q.text("\"exact phrase\" and words"),
                q -> q.text("tenantId:t2 OR conversationId:* {\"match_all\":{}}"),
                q -> q.inConversation("c1"),
                q -> q.fromSender("u9"),
                q -> q.createdFrom(Instant.parse("2026-01-01T00:00:00Z"))
                        .createdBefore(Instant.parse("2026-02-01T00:00:00Z")),
                q -> q.sort(MessageSort.OLDEST_FIRST).limit(100),
                q -> q.withAttachment(true).attachmentType("image/").mentioning("u2"),
                q -> q.sort(MessageSort.NEWEST_FIRST).after(cursor).inConversation("c2").fromSender("u1"));
    }

    private static MessageSearchQuery base() {
        return MessageSearchQuery.forTenant("t1").readableConversations(List.of("c2", "c1")).text("hello wor");
    }

    private static JsonObject json(SearchRequest request) {
        String text = JsonpUtils.toJsonString(request, client._jsonpMapper());
        return Json.createReader(new StringReader(text)).readObject();
    }

    @ParameterizedTest
    @MethodSource("options")
    void tenantAndConversationFiltersAndRoutingAreAlwaysPresent(UnaryOperator<MessageSearchQuery> option) {
        SearchRequest request = searcher.toRequest(option.apply(base()).build());

        assertEquals(List.of("t1"), request.routing());
        assertEquals(List.of(NAMES.readAlias()), request.index());

        JsonObject body = json(request);
        JsonArray filters = body.getJsonObject("query").getJsonObject("bool").getJsonArray("filter");
        assertTrue(filters.contains(Json.createObjectBuilder().add("term", Json.createObjectBuilder()
                .add("tenantId", Json.createObjectBuilder().add("value", "t1"))).build()), filters::toString);
        assertTrue(filters.contains(Json.createObjectBuilder().add("terms", Json.createObjectBuilder()
                .add("conversationId", Json.createArrayBuilder().add("c1").add("c2"))).build()), filters::toString);
        // Only the two mandatory filters mention the tenant; the user's text never reaches a filter.
        assertEquals(1, filters.stream().filter(f -> f.toString().contains("tenantId")).count());
        assertFalse(body.toString().contains("query_string"), body::toString);
        assertFalse(body.toString().contains("\"match_all\":"), body::toString);
    }

    @Test
    void userTextOnlyBecomesMatchQueriesOnTheFoldedFields() {
        SearchRequest request = searcher.toRequest(base().text("Café \"Crème brûlée\" dé").build());
        JsonObject bool = json(request).getJsonObject("query").getJsonObject("bool");
        JsonArray must = bool.getJsonArray("must");
        assertEquals(2, must.size());
        JsonArray phraseAlternatives = must.getJsonObject(0).getJsonObject("bool").getJsonArray("should");
        assertEquals("creme brulee", phraseAlternatives.getJsonObject(0).getJsonObject("match_phrase")
                .getJsonObject("text").getString("query"));
        assertTrue(phraseAlternatives.getJsonObject(1).getJsonObject("match_phrase").containsKey("attachmentNames"));
        JsonObject prefix = must.getJsonObject(1).getJsonObject("bool").getJsonArray("should").getJsonObject(0)
                .getJsonObject("match_bool_prefix").getJsonObject("text");
        assertEquals("cafe de", prefix.getString("query"));
        assertEquals("and", prefix.getString("operator"));
    }

    @Test
    void completeLastWordUsesAPlainMatch() {
        JsonObject body = json(searcher.toRequest(base().text("hello world ").build()));
        JsonObject match = body.getJsonObject("query").getJsonObject("bool").getJsonArray("must").getJsonObject(0)
                .getJsonObject("bool").getJsonArray("should").getJsonObject(0).getJsonObject("match")
                .getJsonObject("text");
        assertEquals("hello world", match.getString("query"));
        assertEquals("and", match.getString("operator"));
    }

    @Test
    void optionsBecomeFiltersSortAndPaging() {
        String cursor = SearchCursor.encode(MessageSort.NEWEST_FIRST,
                List.of(FieldValue.of(5L), FieldValue.of(7L), FieldValue.of("m7")));
        SearchRequest request = searcher.toRequest(base()
                .inConversation("c1").fromSender("u1")
                .createdFrom(Instant.parse("2026-01-01T00:00:00Z")).createdBefore(Instant.parse("2026-02-01T00:00:00Z"))
                .sort(MessageSort.NEWEST_FIRST).limit(10).after(cursor).build());
        JsonObject body = json(request);
        JsonArray filters = body.getJsonObject("query").getJsonObject("bool").getJsonArray("filter");
        assertEquals(5, filters.size(), filters::toString);
        String f = filters.toString();
        assertTrue(f.contains("{\"term\":{\"conversationId\":{\"value\":\"c1\"}}}"), f);
        assertTrue(f.contains("{\"term\":{\"senderId\":{\"value\":\"u1\"}}}"), f);
        assertTrue(f.contains("\"gte\":\"2026-01-01T00:00:00Z\""), f);
        assertTrue(f.contains("\"lt\":\"2026-02-01T00:00:00Z\""), f);
        assertEquals(11, body.getInt("size"), "one more than the limit, to know whether a next page exists");
        assertEquals("[{\"createdAt\":{\"order\":\"desc\"}},{\"seq\":{\"order\":\"desc\"}},"
                + "{\"messageId\":{\"order\":\"asc\"}}]", body.getJsonArray("sort").toString());
        assertEquals("[5,7,\"m7\"]", body.getJsonArray("search_after").toString());
        assertEquals(JsonValue.FALSE, body.get("track_total_hits"));
        JsonObject highlight = body.getJsonObject("highlight").getJsonArray("fields").getJsonObject(0)
                .getJsonObject("text");
        assertEquals(0, highlight.getInt("number_of_fragments"));
    }

    @Test
    void attachmentAndMentionOptionsBecomeFilters() {
        String exact = json(searcher.toRequest(base().withAttachment(false).attachmentType("application/pdf").mentioning("u3").build()))
                .getJsonObject("query").getJsonObject("bool").getJsonArray("filter").toString();
        assertTrue(exact.contains("{\"term\":{\"hasAttachment\":{\"value\":false}}}"), exact);
        assertTrue(exact.contains("{\"term\":{\"attachmentTypes\":{\"value\":\"application/pdf\"}}}"), exact);
        assertTrue(exact.contains("{\"term\":{\"mentions\":{\"value\":\"u3\"}}}"), exact);
        String family = json(searcher.toRequest(base().attachmentType("image/").build()))
                .getJsonObject("query").getJsonObject("bool").getJsonArray("filter").toString();
        assertTrue(family.contains("{\"prefix\":{\"attachmentTypes\":{\"value\":\"image/\"}}}"), family);
        assertThrows(IllegalArgumentException.class, () -> base().attachmentType("image").build());
        assertThrows(IllegalArgumentException.class, () -> base().attachmentType("IMAGE/PNG;x=1").build());
    }

    @Test
    void relevanceIsTheDefaultSort() {
        JsonObject body = json(searcher.toRequest(base().build()));
        assertEquals("[{\"_score\":{\"order\":\"desc\"}},{\"createdAt\":{\"order\":\"desc\"}},"
                + "{\"messageId\":{\"order\":\"asc\"}}]", body.getJsonArray("sort").toString());
        assertEquals(21, body.getInt("size"));
        assertNull(body.get("search_after"));
    }

    @Test
    void noReadableConversationGivesEmptyResultWithoutCallingElasticsearch() {
        // The client points at a port where nothing listens: a request would throw SearchUnavailableException.
        SearchResults results = searcher.search(MessageSearchQuery.forTenant("t1")
                .readableConversations(Set.of()).text("hello").build());
        assertTrue(results.hits().isEmpty());
        assertNull(results.nextCursor());

        SearchResults notMember = searcher.search(MessageSearchQuery.forTenant("t1")
                .readableConversations(Set.of("c1")).inConversation("c-other").text("hello").build());
        assertTrue(notMember.hits().isEmpty());
    }

    @Test
    void wholeTenantScopeKeepsTenantFilterAndRoutingAndDropsOnlyTheReadableSet() {
        SearchRequestSpec spec = MessageSearchQuery.forTenant("t1").wholeTenant().text("hello").inConversation("c9").build();
        assertEquals(SearchScope.WHOLE_TENANT, spec.scope());
        assertFalse(spec.matchesNothing(), "an empty readable set does not mean 'nothing' in the whole-tenant scope");
        SearchRequest request = searcher.toRequest(spec);
        assertEquals(List.of("t1"), request.routing());
        JsonArray filters = json(request).getJsonObject("query").getJsonObject("bool").getJsonArray("filter");
        assertTrue(filters.contains(Json.createObjectBuilder().add("term", Json.createObjectBuilder()
                .add("tenantId", Json.createObjectBuilder().add("value", "t1"))).build()), filters::toString);
        assertTrue(filters.toString().contains("{\"term\":{\"conversationId\":{\"value\":\"c9\"}}}"), filters::toString);
        assertFalse(filters.toString().contains("\"terms\""), filters::toString);
    }

    @Test
    void anEmptyReadableSetNeverWidensToTheWholeTenant() {
        SearchRequestSpec spec = MessageSearchQuery.forTenant("t1").readableConversations(List.of()).text("hello").build();
        assertEquals(SearchScope.READABLE_CONVERSATIONS, spec.scope());
        assertTrue(spec.matchesNothing());
        assertThrows(IllegalArgumentException.class, () -> MessageSearchQuery.forTenant("t1").readableConversations(List.of("c1"))
                .wholeTenant().text("x").build(), "whole tenant with a readable set is contradictory");
    }
}
