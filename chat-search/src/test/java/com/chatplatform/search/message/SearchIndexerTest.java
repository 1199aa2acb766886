package com.chatplatform.search.message;

import co.elastic.clients.elasticsearch.indices.CreateIndexRequest;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchIndexerTest {

    @Test
    void documentSourceHoldsFoldedAndOriginalText() {
        MessageDocument doc = new MessageDocument("t1", "c1", "m1", 7, "u1", "Crème BRÛLÉE",
                Instant.parse("2026-11-27T10:15:30.123456Z"), List.of("image/png"), List.of("Café.PNG"),
                List.of("u2"), 3);
        Map<String, Object> source = SearchIndexer.toSource(doc);
        assertEquals("creme brulee", source.get("text"));
        assertEquals("Crème BRÛLÉE", source.get("textOriginal"));
        assertEquals("2026-11-27T10:15:30.123Z", source.get("createdAt"));
        assertEquals(true, source.get("hasAttachment"));
        assertEquals(List.of("cafe.png"), source.get("attachmentNames"));
        assertEquals(3L, source.get("version"));
        assertEquals(7L, source.get("seq"));
        // Every field of the mapping and nothing else (the mapping is "dynamic": "strict").
        assertEquals(mappedFields(), source.keySet());
    }

    @Test
    void attachmentOnlyMessageHasEmptyText() {
        MessageDocument doc = new MessageDocument("t1", "c1", "m1", 1, "u1", null, Instant.now(),
                null, List.of("report.pdf"), null, 1);
        Map<String, Object> source = SearchIndexer.toSource(doc);
        assertEquals("", source.get("text"));
        assertEquals(true, source.get("hasAttachment"));
        assertEquals(List.of(), source.get("mentions"));
    }

    @Test
    void documentValidation() {
        assertThrows(IllegalArgumentException.class,
                () -> MessageDocument.text(" ", "c1", "m1", 1, "u1", "x", Instant.now(), 1));
        assertThrows(IllegalArgumentException.class,
                () -> MessageDocument.text("t1", "c1", "m1", 1, "u1", "x", Instant.now(), -1));
        assertThrows(IllegalArgumentException.class, () -> new DocumentRef("t1", "", 1));
    }

    @Test
    void emptyBatchMakesNoCall() {
        // A null client would fail on any call.
        var client = com.chatplatform.search.SearchClientFactory.create("http://127.0.0.1:9");
        try {
            SearchIndexer indexer = new SearchIndexer(client, SearchIndexNames.defaults());
            assertTrue(indexer.apply(List.of(), List.of()).items().isEmpty());
        } finally {
            com.chatplatform.search.SearchClientFactory.close(client);
        }
    }

    @Test
    void mappingResourceIsReadableByTheClient() throws Exception {
        try (InputStream in = SearchIndexAdmin.mappingResource()) {
            CreateIndexRequest request = CreateIndexRequest.of(c -> c.index("x").withJson(in));
            assertNotNull(request.mappings());
            assertEquals("1", request.settings().index().numberOfShards());
            assertTrue(request.mappings().routing().required());
        }
    }

    private static java.util.Set<String> mappedFields() {
        try (InputStream in = SearchIndexAdmin.mappingResource()) {
            CreateIndexRequest request = CreateIndexRequest.of(c -> c.index("x").withJson(in));
            return request.mappings().properties().keySet();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
