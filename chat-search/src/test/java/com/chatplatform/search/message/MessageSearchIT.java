package com.chatplatform.search.message;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.chatplatform.devstack.ElasticsearchNode;
import com.chatplatform.devstack.Ports;
import com.chatplatform.search.SearchClientFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against a real Elasticsearch node (infra/es-node home, started once for the class by chat-devstack): index
 * set-up, indexing with external versions, deletes, and searches as a user would run them.
 */
class MessageSearchIT {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final String ACME = "acme";
    private static final String GLOBEX = "globex";
    private static final List<String> ACME_MEMBER_OF = List.of("c-a1", "c-a2");

    private static ElasticsearchNode node;
    private static ElasticsearchClient client;
    private static SearchIndexNames names;
    private static SearchIndexAdmin admin;
    private static SearchIndexer indexer;
    private static MessageSearcher searcher;

    @BeforeAll
    static void startNodeAndIndexCorpus() throws Exception {
        String home = System.getProperty("chat.es.home");
        assertNotNull(home, "system property chat.es.home (set by failsafe) names the Elasticsearch home");
        Path target = Path.of(System.getProperty("basedir", ".")).resolve("target");
        Path dataDir = Files.createTempDirectory(Files.createDirectories(target), "es-it-").resolve("data");
        node = ElasticsearchNode.start(Path.of(home), dataDir, Ports.freePort(), Duration.ofMinutes(3));
        client = SearchClientFactory.create(node.url());
        names = SearchIndexNames.of("it");
        admin = new SearchIndexAdmin(client, names);
        assertTrue(admin.ensureIndex(), "first start creates the index");
        assertFalse(admin.ensureIndex(), "second start finds it");
        indexer = new SearchIndexer(client, names, true);
        searcher = new MessageSearcher(client, names);

        List<MessageDocument> docs = new ArrayList<>();
        docs.add(doc(ACME, "c-a1", "m1", 1, "u1", "Meet me at the café at noon", 0));
        docs.add(doc(ACME, "c-a1", "m2", 2, "u2", "CAFÉ closed today", 1));
        docs.add(doc(ACME, "c-a1", "m3", 3, "u1", "cafe latte recipe", 2));
        docs.add(doc(ACME, "c-a2", "m4", 1, "u3", "Привет! Встреча в Москве завтра", 3));
        docs.add(doc(ACME, "c-a2", "m5", 2, "u3", "明日は東京で会議があります", 4));
        docs.add(doc(ACME, "c-a3", "m6", 1, "u9", "secret café plans", 5)); // acme's caller is not a member
        docs.add(doc(GLOBEX, "c-b1", "m7", 1, "u7", "Meet me at the café at noon", 0)); // same text, other tenant
        docs.add(doc(ACME, "c-a2", "m8", 3, "u3", "the quick brown fox jumps", 6));
        docs.add(doc(ACME, "c-a2", "m9", 4, "u1", "brown, quick fox", 7));
        docs.add(doc(ACME, "c-a1", "m10", 4, "u2", "Deployment finished successfully", 8));
        docs.add(new MessageDocument(ACME, "c-a1", "m11", 5, "u1", "see attached", T0.plusSeconds(60 * 9),
                List.of("application/pdf"), List.of("Résumé-2026.pdf"), List.of("u2"), 1));
        for (int i = 0; i < 25; i++) {
            docs.add(doc(ACME, "c-a2", "p" + i, 100 + i, "u1", "status report number " + i, 10 + i));
        }
        BulkResult result = indexer.index(docs);
        assertEquals(docs.size(), result.count(BulkItemResult.Outcome.APPLIED));
    }

    @AfterAll
    static void stopNode() {
        SearchClientFactory.close(client);
        if (node != null) {
            node.close();
        }
    }

    private static MessageDocument doc(String tenant, String conversation, String id, long seq, String sender,
                                       String text, int minutes) {
        return MessageDocument.text(tenant, conversation, id, seq, sender, text, T0.plusSeconds(60L * minutes), 1);
    }

    private static MessageSearchQuery acme(String text) {
        return MessageSearchQuery.forTenant(ACME).readableConversations(ACME_MEMBER_OF).text(text);
    }

    private static List<String> ids(MessageSearchQuery query) {
        return searcher.search(query.build()).hits().stream().map(MessageHit::messageId).toList();
    }

    private static Set<String> idSet(MessageSearchQuery query) {
        return new HashSet<>(ids(query));
    }

    @Test
    void healthChecksAnswerTrue() {
        assertTrue(SearchClientFactory.isHealthy(client));
        assertTrue(admin.isHealthy());
        assertFalse(new SearchIndexAdmin(client, SearchIndexNames.of("missing")).isHealthy());
    }

    @Test
    void eachTenantSeesOnlyItsOwnMessages() {
        assertEquals(List.of("m1"), ids(acme("meet noon")));
        assertEquals(List.of("m7"), ids(MessageSearchQuery.forTenant(GLOBEX)
                .readableConversations(List.of("c-b1")).text("meet noon")));
        // Even when the caller names another tenant's conversations, the tenant filter keeps them out.
        assertEquals(List.of("m7"), ids(MessageSearchQuery.forTenant(GLOBEX)
                .readableConversations(List.of("c-b1", "c-a1", "c-a2")).text("meet noon")));
        assertEquals(List.of(), ids(MessageSearchQuery.forTenant(GLOBEX)
                .readableConversations(List.of("c-a1")).text("meet noon")));
    }

    @Test
    void conversationsTheCallerCannotReadAreNotReturned() {
        assertEquals(Set.of("m1", "m2", "m3"), idSet(acme("café")));
        assertEquals(List.of(), ids(acme("secret plans")));
        assertEquals(List.of(), ids(acme("secret plans").inConversation("c-a3")));
        // The message exists: a member of c-a3 finds it.
        assertEquals(List.of("m6"), ids(MessageSearchQuery.forTenant(ACME)
                .readableConversations(List.of("c-a3")).text("secret plans")));
        // Narrowing to one readable conversation.
        assertEquals(Set.of("m8", "m9"), idSet(acme("fox").inConversation("c-a2")));
        assertEquals(List.of(), ids(acme("fox").inConversation("c-a1")));
    }

    @Test
    void accentsAndCaseDoNotMatter() {
        Set<String> expected = Set.of("m1", "m2", "m3");
        assertEquals(expected, idSet(acme("café ")));
        assertEquals(expected, idSet(acme("cafe ")));
        assertEquals(expected, idSet(acme("CAFÉ ")));
        assertEquals(Set.of("m11"), idSet(acme("resume")), "attachment names are searchable and folded too");
    }

    @Test
    void nonLatinWordsAreFound() {
        assertEquals(List.of("m4"), ids(acme("москве")));
        assertEquals(List.of("m4"), ids(acme("ВСТРЕЧА")));
        assertEquals(List.of("m5"), ids(acme("東京")));
        assertEquals(List.of("m5"), ids(acme("会議")));
        assertEquals(List.of(), ids(acme("大阪")));
    }

    @Test
    void quotedTextMatchesAsAPhrase() {
        assertEquals(Set.of("m8", "m9"), idSet(acme("quick brown ")));
        assertEquals(List.of("m8"), ids(acme("\"quick brown\"")));
        assertEquals(List.of("m8"), ids(acme("fox \"Quick Brown\"")));
    }

    @Test
    void theLastWordMatchesAsAPrefix() {
        assertEquals(List.of("m10"), ids(acme("deploy")));
        assertEquals(List.of("m10"), ids(acme("finished succ")));
        assertEquals(List.of(), ids(acme("deploy ")), "a finished word is not a prefix");
        assertEquals(List.of(), ids(acme("deploy finished")), "only the last word is a prefix");
    }

    @Test
    void highlightsMarkTheMatchInTheOriginalText() {
        SearchResults results = searcher.search(acme("café").sort(MessageSort.OLDEST_FIRST).build());
        assertEquals(List.of("m1", "m2", "m3"), results.hits().stream().map(MessageHit::messageId).toList());
        MessageHit first = results.hits().get(0);
        assertEquals("Meet me at the café at noon", first.text());
        assertEquals(List.of("Meet me at the <em>café</em> at noon"), first.highlights());
        assertEquals(List.of("<em>CAFÉ</em> closed today"), results.hits().get(1).highlights());
        assertEquals(List.of("<em>cafe</em> latte recipe"), results.hits().get(2).highlights());
        assertEquals(List.of("明日は<em>東京</em>で会議があります"),
                searcher.search(acme("東京").build()).hits().get(0).highlights());
        assertEquals("c-a1", first.conversationId());
        assertEquals(1, first.seq());
        assertEquals("u1", first.senderId());
        assertEquals(T0, first.createdAt());
        assertTrue(first.score() > 0);
    }

    @Test
    void resultsCanBeSortedByTime() {
        assertEquals(List.of("m3", "m2", "m1"), ids(acme("café").sort(MessageSort.NEWEST_FIRST)));
        assertEquals(List.of("m1", "m2", "m3"), ids(acme("café").sort(MessageSort.OLDEST_FIRST)));
    }

    @Test
    void senderAndDateFiltersNarrowTheResults() {
        assertEquals(Set.of("m1", "m3"), idSet(acme("café").fromSender("u1")));
        assertEquals(List.of("m2"), ids(acme("café")
                .createdFrom(T0.plusSeconds(60)).createdBefore(T0.plusSeconds(120))));
    }

    @Test
    void cursorPagesThroughAllResultsWithoutDuplicates() {
        for (MessageSort sort : MessageSort.values()) {
            List<String> seen = new ArrayList<>();
            List<Integer> pageSizes = new ArrayList<>();
            String cursor = null;
            do {
                SearchResults page = searcher.search(acme("status report").sort(sort).limit(10).after(cursor)
                        .build());
                page.hits().forEach(h -> seen.add(h.messageId()));
                pageSizes.add(page.hits().size());
                cursor = page.nextCursor();
            } while (cursor != null && pageSizes.size() < 10);
            assertEquals(List.of(10, 10, 5), pageSizes, sort.name());
            assertEquals(25, new HashSet<>(seen).size(), sort + ": no duplicates, nothing missing: " + seen);
            if (sort == MessageSort.NEWEST_FIRST) {
                assertEquals("p24", seen.get(0));
                assertEquals("p0", seen.get(24));
            }
        }
        SearchResults exact = searcher.search(acme("status report").limit(25).build());
        assertEquals(25, exact.hits().size());
        assertNull(exact.nextCursor(), "no empty last page");
    }

    @Test
    void olderVersionsNeverOverwriteNewerOnes() {
        MessageDocument v2 = MessageDocument.text(ACME, "c-a1", "mv", 20, "u1", "edited zebra text", T0, 2);
        MessageDocument v1 = MessageDocument.text(ACME, "c-a1", "mv", 20, "u1", "original giraffe text", T0, 1);
        assertEquals(BulkItemResult.Outcome.APPLIED, indexer.index(List.of(v2)).items().get(0).outcome());
        // A late re-delivery of version 1 and a repeated delivery of version 2 are both fine and change nothing.
        BulkResult late = indexer.index(List.of(v1, v2));
        assertEquals(List.of(BulkItemResult.Outcome.ALREADY_NEWER, BulkItemResult.Outcome.ALREADY_NEWER),
                late.items().stream().map(BulkItemResult::outcome).toList());
        assertEquals(List.of("mv"), ids(acme("zebra")));
        assertEquals(List.of(), ids(acme("giraffe")));
    }

    @Test
    void deletedMessagesDisappearAndStayDeleted() {
        indexer.index(List.of(MessageDocument.text(ACME, "c-a1", "md", 30, "u1", "ephemeral walrus", T0, 1)));
        assertEquals(List.of("md"), ids(acme("walrus")));

        BulkResult deleted = indexer.delete(List.of(new DocumentRef(ACME, "md", 2)));
        assertEquals(BulkItemResult.Outcome.APPLIED, deleted.items().get(0).outcome());
        assertEquals(List.of(), ids(acme("walrus")));

        // Repeated delete and a stale index of the old version (both re-deliveries) succeed and change nothing.
        BulkResult again = indexer.apply(
                List.of(MessageDocument.text(ACME, "c-a1", "md", 30, "u1", "ephemeral walrus", T0, 1)),
                List.of(new DocumentRef(ACME, "md", 2)));
        assertTrue(again.failures().isEmpty(), again::toString);
        assertEquals(List.of(), ids(acme("walrus")));

        BulkResult missing = indexer.delete(List.of(new DocumentRef(ACME, "never-indexed", 1)));
        assertEquals(BulkItemResult.Outcome.NOT_FOUND, missing.items().get(0).outcome());
    }

    @Test
    void failedItemsMakeTheBatchFailWithARetryableError() {
        SearchIndexer noIndex = new SearchIndexer(client, SearchIndexNames.of("noindex"));
        BulkIndexingException e = assertThrows(BulkIndexingException.class, () -> noIndex.index(List.of(
                MessageDocument.text(ACME, "c-a1", "mx", 1, "u1", "x", T0, 1))));
        assertTrue(e.retryable());
        assertEquals(1, e.result().failures().size());
        assertFalse(e.result().failures().get(0).error().isBlank());
    }

    @Test
    void ensureIndexIsSafeWhenNodesStartTogether() throws Exception {
        SearchIndexNames other = SearchIndexNames.of("race");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Callable<Boolean>> starts = List.of(
                    () -> new SearchIndexAdmin(client, other).ensureIndex(),
                    () -> new SearchIndexAdmin(client, other).ensureIndex(),
                    () -> new SearchIndexAdmin(client, other).ensureIndex());
            int created = 0;
            for (Future<Boolean> f : pool.invokeAll(starts)) {
                created += f.get() ? 1 : 0;
            }
            assertEquals(1, created);
        } finally {
            pool.shutdownNow();
        }
        SearchIndexer raceIndexer = new SearchIndexer(client, other, true);
        raceIndexer.index(List.of(MessageDocument.text(ACME, "c-a1", "r1", 1, "u1", "race condition", T0, 1)));
        assertEquals(List.of("r1"), new MessageSearcher(client, other).search(MessageSearchQuery.forTenant(ACME)
                .readableConversations(List.of("c-a1")).text("race").build()).hits().stream()
                .map(MessageHit::messageId).toList());
        assertTrue(new SearchIndexAdmin(client, other).isHealthy());
    }
}
