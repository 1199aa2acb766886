package com.chatplatform.api.it;

import static com.chatplatform.api.it.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.chatplatform.api.it.TenantFixtures.TenantFixture;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Search end to end through the API: mentions, propagation of edits, deletes and membership, file names, tenant
 * isolation, the tenant-wide admin search, bad input, and reindex jobs (whole index and one tenant).
 */
class SearchIT extends ApiTestBase {

    /** A 1x1 PNG. */
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private static String word(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Message ids of a successful search reply. */
    private static List<String> ids(TestApi.Reply reply) {
        assertEquals(200, reply.status(), () -> String.valueOf(reply.body()));
        List<String> ids = new ArrayList<>();
        reply.body().get("items").forEach(h -> ids.add(h.get("messageId").asText()));
        return ids;
    }

    private String group(TenantFixture t, String owner, List<String> members) {
        TestApi.Reply created = api.post("v1/conversations", owner, json("type", "group", "name", "Search team", "members", members));
        assertEquals(201, created.status(), () -> String.valueOf(created.body()));
        return created.body().get("id").asText();
    }

    private String send(String conversation, String token, Object body) {
        TestApi.Reply sent = api.post("v1/conversations/" + conversation + "/messages", token, body);
        assertEquals(200, sent.status(), () -> String.valueOf(sent.body()));
        return sent.body().get("id").asText();
    }

    private void awaitIds(String path, String token, List<String> expected) throws InterruptedException {
        await(() -> {
            List<String> found = ids(api.get(path, token));
            return found.equals(expected) ? true : null;
        });
        assertEquals(expected, ids(api.get(path, token)));
    }

    /**
     * Like eventually, for up to 3 minutes, and a request that times out counts as "not yet": after an Elasticsearch
     * outage the outbox retries with a backoff of up to 60 s, and the shared 2-core machine can be very slow.
     */
    static <T> T await(java.util.function.Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(3).toNanos();
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            try {
                T value = probe.get();
                if (value != null) {
                    return value;
                }
            } catch (AssertionError | java.io.UncheckedIOException e) {
                last = e;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Condition not met within 3 minutes", last);
    }

    @Test
    void mentionsFromTextAndListAreStoredIndexedListedAndFollowEditsAndDeletes() throws Exception {
        TenantFixture t = fixtures.newTenant("Mentions " + UUID.randomUUID());
        String carol = fixtures.addUser(t, "carol");
        fixtures.addUser(t, "dave"); // in the tenant, not in the group
        String g = group(t, t.alice(), List.of("bob", "carol"));
        String w = word("mention");

        String first = send(g, t.alice(), json("clientId", "m1", "text", w + " hi @bob, and @dave and @nobody"));
        JsonNode firstView = api.get("v1/conversations/" + g + "/messages", t.bob()).body().at("/items/0");
        assertEquals("[\"bob\"]", firstView.get("mentions").toString(), "only members named with @ are mentions");
        String second = send(g, t.alice(), json("clientId", "m2", "text", w + " see this", "mentions", List.of("carol")));

        // An explicit mention of a non-member is refused and nothing is stored.
        TestApi.Reply refused = api.post("v1/conversations/" + g + "/messages", t.alice(),
                json("clientId", "m3", "text", w + " secret", "mentions", List.of("dave")));
        assertEquals(400, refused.status());
        assertEquals("message.mention_invalid", refused.code());
        assertEquals(2, api.get("v1/conversations/" + g + "/messages", t.bob()).body().get("items").size());

        // GET /mentions: newest first, paged.
        TestApi.Reply bobs = api.get("v1/mentions", t.bob());
        assertEquals(200, bobs.status(), () -> String.valueOf(bobs.body()));
        assertEquals(List.of(first), listIds(bobs));
        String third = send(g, carol, json("clientId", "m4", "text", "@bob " + w + " again"));
        TestApi.Reply page1 = api.get("v1/mentions?limit=1", t.bob());
        assertEquals(List.of(third), listIds(page1));
        String cursor = page1.body().get("nextCursor").asText();
        TestApi.Reply page2 = api.get("v1/mentions?limit=1&cursor=" + cursor, t.bob());
        assertEquals(List.of(first), listIds(page2));
        assertTrue(page2.body().path("nextCursor").isNull() || page2.body().path("nextCursor").isMissingNode(), page2.body()::toString);
        assertEquals(List.of(second), listIds(api.get("v1/mentions", carol)));

        // Indexed: mentionsMe finds them.
        awaitIds("v1/search?q=" + w + "&mentionsMe=true&sort=newest", t.bob(), List.of(third, first));
        awaitIds("v1/search?q=" + w + "&mentionsMe=true", carol, List.of(second));

        // An edit replaces the mentions (database and index).
        TestApi.Reply edited = api.patch("v1/conversations/" + g + "/messages/" + first, t.alice(), json("text", w + " over to @carol"));
        assertEquals(200, edited.status(), () -> String.valueOf(edited.body()));
        assertEquals(List.of(third), listIds(api.get("v1/mentions", t.bob())));
        assertEquals(List.of(second, first), listIds(api.get("v1/mentions", carol)), "ordered by the messages' creation, newest first");
        awaitIds("v1/search?q=" + w + "&mentionsMe=true", t.bob(), List.of(third));
        awaitIds("v1/search?q=" + w + "&mentionsMe=true&sort=oldest", carol, List.of(first, second));

        // A delete removes them.
        assertEquals(200, api.delete("v1/conversations/" + g + "/messages/" + first, t.alice()).status());
        assertEquals(List.of(second), listIds(api.get("v1/mentions", carol)));
        awaitIds("v1/search?q=" + w + "&mentionsMe=true", carol, List.of(second));

        // Bad paging input.
        assertEquals("request.invalid", api.get("v1/mentions?cursor=zz", t.bob()).code());
        assertEquals("request.invalid", api.get("v1/mentions?limit=0", t.bob()).code());
        assertEquals(403, api.get("v1/mentions", t.apiKey()).status());
    }

    private static List<String> listIds(TestApi.Reply reply) {
        assertEquals(200, reply.status(), () -> String.valueOf(reply.body()));
        List<String> ids = new ArrayList<>();
        reply.body().get("items").forEach(m -> ids.add(m.get("id").asText()));
        return ids;
    }

    @Test
    void editsDeletesMembershipAndFileNamesPropagateAndOtherTenantsNeverSee() throws Exception {
        TenantFixture t = fixtures.newTenant("Propagation " + UUID.randomUUID());
        TenantFixture other = fixtures.newTenant("Propagation other " + UUID.randomUUID());
        String carol = fixtures.addUser(t, "carol");
        String g = group(t, t.alice(), List.of("bob", "carol"));
        String before = word("before");
        String after = word("after");

        String edited = send(g, t.alice(), json("clientId", "e1", "text", before + " draft"));
        String deleted = send(g, t.alice(), json("clientId", "d1", "text", before + " to be removed"));
        awaitIds("v1/search?q=" + before + "&sort=oldest", t.bob(), List.of(edited, deleted));

        // Edit: the old word no longer finds it, the new one does.
        assertEquals(200, api.patch("v1/conversations/" + g + "/messages/" + edited, t.alice(), json("text", after + " final")).status());
        awaitIds("v1/search?q=" + after, t.bob(), List.of(edited));
        awaitIds("v1/search?q=" + before, t.bob(), List.of(deleted));
        // Delete: gone from search.
        assertEquals(200, api.delete("v1/conversations/" + g + "/messages/" + deleted, t.alice()).status());
        awaitIds("v1/search?q=" + before, t.bob(), List.of());

        // A file name finds its message.
        String file = word("report") + ".png";
        String upload = api.postBytes("v1/conversations/" + g + "/attachments?fileName=" + file, t.alice(), "image/png", PNG)
                .body().get("id").asText();
        String withFile = send(g, t.alice(), json("clientId", "f1", "text", "see attached", "attachmentIds", List.of(upload)));
        awaitIds("v1/search?q=" + q(file.substring(0, file.length() - 4)), t.bob(), List.of(withFile));

        // A removed member no longer finds the conversation's messages, old or new.
        assertEquals(List.of(edited), ids(api.get("v1/search?q=" + after, carol)));
        assertEquals(200, api.delete("v1/conversations/" + g + "/members/carol", t.alice()).status());
        assertEquals(List.of(), ids(api.get("v1/search?q=" + after, carol)));
        assertEquals(List.of(), ids(api.get("v1/search?q=" + after + "&conversationId=" + g, carol)));
        assertEquals(List.of(edited), ids(api.get("v1/search?q=" + after, t.bob())));

        // The other tenant never finds any of it, whatever it asks for.
        for (String word : List.of(after, file.substring(0, file.length() - 4))) {
            assertEquals(List.of(), ids(api.get("v1/search?q=" + q(word), other.alice())));
            assertEquals(List.of(), ids(api.get("v1/search?q=" + q(word) + "&conversationId=" + g, other.alice())));
            assertEquals(List.of(), ids(api.get("v1/admin/search?q=" + q(word), other.apiKey())));
            assertEquals(List.of(), ids(api.get("v1/admin/search?q=" + q(word) + "&conversationId=" + g, other.apiKey())));
        }
    }

    @Test
    void adminSearchSeesTheWholeTenantButNoOtherAndIsAudited() throws Exception {
        TenantFixture t = fixtures.newTenant("Admin search " + UUID.randomUUID());
        TenantFixture other = fixtures.newTenant("Admin search other " + UUID.randomUUID());
        String carol = fixtures.addUser(t, "carol");
        String w = word("moderate");
        String inDirect = send(t.conversationId(), t.alice(), json("clientId", "a1", "text", w + " in the direct chat"));
        String g = group(t, carol, List.of("bob"));
        String inGroup = send(g, carol, json("clientId", "a2", "text", w + " in the group mentioning @bob"));
        send(other.conversationId(), other.alice(), json("clientId", "o1", "text", w + " elsewhere"));

        awaitIds("v1/admin/search?q=" + w + "&sort=oldest", t.apiKey(), List.of(inDirect, inGroup));
        JsonNode hit = api.get("v1/admin/search?q=" + w + "&sort=oldest", t.apiKey()).body().at("/items/1");
        assertEquals(g, hit.get("conversationId").asText());
        long seq = hit.get("seq").asLong();
        JsonNode opened = api.get("v1/conversations/" + g + "/messages?after=" + (seq - 1) + "&limit=1", carol).body();
        assertEquals(inGroup, opened.at("/items/0/id").asText(), "enough to open the message: conversation, id and seq");
        // alice is in the direct chat only: the end-user search stays within her conversations.
        assertEquals(List.of(inDirect), ids(api.get("v1/search?q=" + w, t.alice())));
        // Filters: member, sender, mentions, conversation.
        assertEquals(List.of(inDirect), ids(api.get("v1/admin/search?q=" + w + "&memberId=alice", t.apiKey())));
        assertEquals(List.of(), ids(api.get("v1/admin/search?q=" + w + "&memberId=nobody", t.apiKey())));
        assertEquals(List.of(inGroup), ids(api.get("v1/admin/search?q=" + w + "&senderId=carol", t.apiKey())));
        assertEquals(List.of(inGroup), ids(api.get("v1/admin/search?q=" + w + "&mentions=bob", t.apiKey())));
        assertEquals(List.of(inDirect), ids(api.get("v1/admin/search?q=" + w + "&conversationId=" + t.conversationId(), t.apiKey())));
        // The other tenant's key sees only its own message; its admin search never reaches this tenant.
        assertEquals(1, ids(api.get("v1/admin/search?q=" + w, other.apiKey())).size());
        assertFalse(ids(api.get("v1/admin/search?q=" + w, other.apiKey())).contains(inDirect));

        // Who may call: not end users, not platform admins (no tenant), not without credentials.
        assertEquals(403, api.get("v1/admin/search?q=" + w, t.alice()).status());
        assertEquals(403, api.get("v1/admin/search?q=" + w, fixtures.adminToken()).status());
        assertEquals(401, api.get("v1/admin/search?q=" + w, null).status());

        // Bad input: unknown filter, huge or empty query.
        assertEquals("search.invalid_query", api.get("v1/admin/search?q=" + w + "&tenantId=" + other.tenantId(), t.apiKey()).code());
        assertEquals("search.invalid_query", api.get("v1/admin/search?q=" + "a".repeat(1001), t.apiKey()).code());
        assertEquals("search.invalid_query", api.get("v1/admin/search?q=", t.apiKey()).code());
        assertEquals("search.invalid_query", api.get("v1/admin/search?q=" + w + "&mentionsMe=true", t.apiKey()).code());
        assertEquals("search.invalid_query", api.get("v1/search?q=" + w + "&memberId=bob", t.bob()).code());

        // Audited: who searched for what, refused searches too.
        JsonNode audit = api.get("v1/audit?action=search.admin_query&limit=100", t.apiKey()).body();
        List<JsonNode> entries = new ArrayList<>();
        audit.get("items").forEach(entries::add);
        assertTrue(entries.stream().anyMatch(e -> "success".equals(e.get("outcome").asText())
                && w.equals(e.at("/detail/q").asText()) && "bob".equals(e.at("/detail/mentions").asText())
                && "api_key".equals(e.get("actorKind").asText())), audit::toString);
        assertTrue(entries.stream().anyMatch(e -> "failure".equals(e.get("outcome").asText())
                && "search.invalid_query".equals(e.at("/detail/error").asText())), audit::toString);
        JsonNode otherAudit = api.get("v1/audit?action=search.admin_query&limit=100", other.apiKey()).body();
        assertFalse(otherAudit.toString().contains(w + " in"), "the other tenant's audit has only its own searches");
    }

    @Test
    void wholeIndexReindexSwitchesToANewIndexAndTenantReindexRemovesStrayDocuments() throws Exception {
        TenantFixture t = fixtures.newTenant("Reindex " + UUID.randomUUID());
        String w = word("reindex");
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add(send(t.conversationId(), t.alice(), json("clientId", "r" + i, "text", w + " number " + i)));
        }
        awaitIds("v1/search?q=" + w + "&sort=oldest&limit=100", t.bob(), sent);
        String admin = fixtures.adminToken();
        String oldIndex = indexBehind("chatit-messages");

        // Only platform admins; bad tenant ids are refused.
        assertEquals(403, api.post("v1/platform/search/reindex", t.apiKey(), json()).status());
        assertEquals("request.invalid", api.post("v1/platform/search/reindex", admin, json("tenantId", "nope")).code());
        assertEquals("resource.not_found", api.post("v1/platform/search/reindex", admin, json("tenantId", UUID.randomUUID().toString())).code());

        // Whole index, started while Elasticsearch is down: the job waits and retries; a second one is refused.
        ChatServices.stopElasticsearch();
        String job;
        try {
            TestApi.Reply started = api.post("v1/platform/search/reindex", admin, json());
            assertEquals(202, started.status(), () -> String.valueOf(started.body()));
            job = started.body().get("id").asText();
            assertEquals("running", started.body().get("status").asText());
            assertTrue(started.body().get("total").asLong() >= 10);
            TestApi.Reply second = api.post("v1/platform/search/reindex", admin, json("tenantId", t.tenantId()));
            assertEquals(409, second.status());
            assertEquals("search.reindex_running", second.code());
            // A message sent meanwhile is not lost.
            sent.add(send(t.conversationId(), t.alice(), json("clientId", "during", "text", w + " during the rebuild")));
            eventually(() -> api.get("v1/platform/search/reindex/" + job, admin).body().get("attempts").asInt() > 0 ? true : null);
            assertEquals("running", api.get("v1/platform/search/reindex/" + job, admin).body().get("status").asText());
        } finally {
            ChatServices.startElasticsearch();
        }
        JsonNode done = await(() -> {
            JsonNode j = api.get("v1/platform/search/reindex/" + job, admin).body();
            return "done".equals(j.get("status").asText()) ? j : null;
        });
        // total is counted at the start; messages sent while the job runs are copied too.
        assertTrue(done.get("processed").asLong() >= done.get("total").asLong(), done::toString);
        String newIndex = indexBehind("chatit-messages");
        assertNotEquals(oldIndex, newIndex);
        assertEquals(done.get("targetIndex").asText(), newIndex);
        assertEquals(newIndex, indexBehind("chatit-messages-write"));
        assertEquals(404, es("GET", "/" + oldIndex, null).statusCode(), "the old index is removed");
        assertEquals(404, es("GET", "/_alias/chatit-messages-reindex", null).statusCode());
        awaitIds("v1/search?q=" + w + "&sort=oldest&limit=100", t.bob(), sent);
        // Writes after the switch land in the new index.
        String later = send(t.conversationId(), t.alice(), json("clientId", "later", "text", w + " after the switch"));
        sent.add(later);
        awaitIds("v1/search?q=" + w + "&sort=oldest&limit=100", t.bob(), sent);

        // One tenant: a document that no longer exists in PostgreSQL is removed, the others are re-put.
        String stray = UUID.randomUUID().toString();
        String doc = TestApi.JSON.writeValueAsString(Map.ofEntries(Map.entry("tenantId", t.tenantId()),
                Map.entry("conversationId", t.conversationId()), Map.entry("messageId", stray), Map.entry("seq", 999),
                Map.entry("senderId", "alice"), Map.entry("text", w + " ghost"), Map.entry("textOriginal", w + " ghost"),
                Map.entry("createdAt", "2026-01-01T00:00:00Z"), Map.entry("hasAttachment", false),
                Map.entry("attachmentTypes", List.of()), Map.entry("attachmentNames", List.of()), Map.entry("mentions", List.of()),
                Map.entry("version", 1)));
        assertEquals(201, es("PUT", "/chatit-messages-write/_doc/" + stray + "?routing=" + t.tenantId() + "&refresh=true", doc).statusCode());
        List<String> withGhost = new ArrayList<>(sent);
        withGhost.add(stray);
        assertEquals(withGhost.size(), ids(api.get("v1/search?q=" + w + "&limit=100", t.bob())).size());
        TestApi.Reply tenantJob = api.post("v1/platform/search/reindex", admin, json("tenantId", t.tenantId()));
        assertEquals(202, tenantJob.status(), () -> String.valueOf(tenantJob.body()));
        JsonNode tenantDone = await(() -> {
            JsonNode j = api.get("v1/platform/search/reindex/" + tenantJob.body().get("id").asText(), admin).body();
            return "done".equals(j.get("status").asText()) ? j : null;
        });
        assertEquals(sent.size(), tenantDone.get("processed").asLong(), tenantDone::toString);
        assertEquals(1, tenantDone.get("removed").asLong(), tenantDone::toString);
        assertEquals(newIndex, indexBehind("chatit-messages"), "a tenant reindex keeps the index");
        awaitIds("v1/search?q=" + w + "&sort=oldest&limit=100", t.bob(), sent);
        assertEquals("resource.not_found", api.get("v1/platform/search/reindex/" + UUID.randomUUID(), admin).code());
    }

    private static HttpResponse<String> es(String method, String path, String body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + System.getProperty("chat.it.es.port") + path))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The one concrete index behind an alias. */
    private static String indexBehind(String alias) throws Exception {
        HttpResponse<String> r = es("GET", "/_alias/" + alias, null);
        assertEquals(200, r.statusCode(), r::body);
        JsonNode node = TestApi.JSON.readTree(r.body());
        assertEquals(1, node.size(), r::body);
        return node.fieldNames().next();
    }
}
