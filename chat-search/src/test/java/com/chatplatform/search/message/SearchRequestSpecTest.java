package com.chatplatform.search.message;

import com.chatplatform.search.SearchClientFactory;
import com.chatplatform.search.SearchUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchRequestSpecTest {

    private static MessageSearchQuery valid() {
        return MessageSearchQuery.forTenant("t1").readableConversations(List.of("c1")).text("hello");
    }

    private static String message(MessageSearchQuery query) {
        return assertThrows(IllegalArgumentException.class, query::build).getMessage();
    }

    @Test
    void defaults() {
        SearchRequestSpec spec = valid().build();
        assertEquals(20, spec.limit());
        assertEquals(MessageSort.RELEVANCE, spec.sort());
        assertEquals(null, spec.cursor());
    }

    @Test
    void rejectsInvalidInputWithClearMessages() {
        assertTrue(message(valid().text("   ")).contains("blank"));
        assertTrue(message(valid().text(null)).contains("blank"));
        assertTrue(message(valid().text("x".repeat(1001))).contains("too long"));
        assertTrue(message(valid().limit(0)).contains("limit"));
        assertTrue(message(valid().limit(101)).contains("limit"));
        assertTrue(message(valid().createdFrom(Instant.parse("2026-02-01T00:00:00Z"))
                .createdBefore(Instant.parse("2026-01-01T00:00:00Z"))).contains("before"));
        assertTrue(message(valid().after("not-a-cursor")).contains("cursor"));
        assertTrue(message(MessageSearchQuery.forTenant(" ").readableConversations(List.of("c1")).text("x"))
                .contains("tenantId"));
        assertTrue(message(valid().readableConversations(Arrays.asList("c1", null))).contains("blank"));
        List<String> tooMany = IntStream.range(0, 65_537).mapToObj(i -> "c" + i).toList();
        assertTrue(message(valid().readableConversations(tooMany)).contains("Too many"));
    }

    @Test
    void limitsAtTheBoundariesAreAccepted() {
        assertEquals(1, valid().limit(1).build().limit());
        assertEquals(100, valid().limit(100).build().limit());
        assertEquals(20, valid().limit((Integer) null).build().limit());
    }

    @Test
    void unreachableElasticsearchIsARetryableError() {
        var client = SearchClientFactory.create("http://127.0.0.1:9");
        try {
            SearchUnavailableException e = assertThrows(SearchUnavailableException.class,
                    () -> new MessageSearcher(client, SearchIndexNames.defaults()).search(valid().build()));
            assertTrue(e.retryable());
            SearchUnavailableException bulk = assertThrows(SearchUnavailableException.class,
                    () -> new SearchIndexer(client, SearchIndexNames.defaults()).index(List.of(MessageDocument.text(
                            "t1", "c1", "m1", 1, "u1", "hi", Instant.now(), 1))));
            assertTrue(bulk.retryable());
            assertEquals(false, SearchClientFactory.isHealthy(client));
            assertEquals(false, new SearchIndexAdmin(client, SearchIndexNames.defaults()).isHealthy());
        } finally {
            SearchClientFactory.close(client);
        }
    }
}
