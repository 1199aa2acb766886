package com.chatplatform.api.it;

import static com.chatplatform.api.it.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The admin conversation API as the console's moderation view and a tenant backend use it: browsing the tenant's
 * conversations, one conversation with its members, and its history with tombstones, against the real stack.
 */
class AdminConversationsIT extends ApiTestBase {

    private static final String ADMIN = "v1/admin/conversations";

    private String create(String token, String type, String name, List<String> members) {
        TestApi.Reply r = api.post("v1/conversations", token, json("type", type, "name", name, "members", members));
        assertEquals(201, r.status(), () -> String.valueOf(r.body()));
        return r.body().get("id").asText();
    }

    private String send(String token, String conversationId, String text) {
        TestApi.Reply r = api.post("v1/conversations/" + conversationId + "/messages", token,
                json("clientId", "c-" + UUID.randomUUID(), "text", text));
        assertEquals(200, r.status(), () -> String.valueOf(r.body()));
        return r.body().get("id").asText();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(i -> ids.add(i.get("id").asText()));
        return ids;
    }

    @Test
    void listsTheTenantsConversationsFilteredAndPagedWithMemberCounts() {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Admin browse " + UUID.randomUUID());
        TenantFixtures.TenantFixture other = fixtures.newTenant("Admin browse other " + UUID.randomUUID());
        fixtures.addUser(t, "carol");
        String opsRoom = create(t.alice(), "group", "Ops room", List.of("bob", "carol"));
        String opsNews = create(t.bob(), "channel", "ops_news", List.of());
        String general = create(t.alice(), "channel", "General", List.of("bob"));
        String otherGroup = create(other.alice(), "group", "Ops elsewhere", List.of("bob"));
        send(t.alice(), general, "latest activity is here");

        TestApi.Reply all = api.get(ADMIN, t.apiKey());
        assertEquals(200, all.status(), () -> String.valueOf(all.body()));
        assertEquals(List.of(general, opsNews, opsRoom, t.conversationId()), ids(all.body()), "most recent activity first");
        assertFalse(all.body().get("hasMore").asBoolean());
        assertFalse(all.body().toString().contains(otherGroup), "another tenant's conversations never appear");
        JsonNode room = all.body().get("items").get(2);
        assertEquals("group", room.get("type").asText());
        assertEquals("Ops room", room.get("name").asText());
        assertEquals(3, room.get("memberCount").asLong());
        assertEquals(1, all.body().get("items").get(1).get("memberCount").asLong());
        assertEquals(2, all.body().get("items").get(3).get("memberCount").asLong());
        JsonNode gen = all.body().get("items").get(0);
        assertTrue(gen.get("lastSeq").asLong() >= 2);
        assertFalse(gen.get("lastMessageAt").isNull());
        assertTrue(Instant.parse(gen.get("lastActivityAt").asText()).compareTo(Instant.parse(room.get("lastActivityAt").asText())) >= 0);

        // Filters: type, case-insensitive name prefix (LIKE wildcards are literal), both together.
        assertEquals(List.of(general, opsNews), ids(api.get(ADMIN + "?type=channel", t.apiKey()).body()));
        assertEquals(List.of(t.conversationId()), ids(api.get(ADMIN + "?type=direct", t.apiKey()).body()));
        assertEquals(List.of(opsNews, opsRoom), ids(api.get(ADMIN + "?name=OPS", t.apiKey()).body()));
        assertEquals(List.of(opsNews), ids(api.get(ADMIN + "?name=ops&type=channel", t.apiKey()).body()));
        assertEquals(List.of(opsNews), ids(api.get(ADMIN + "?name=ops_", t.apiKey()).body()));
        assertEquals(List.of(), ids(api.get(ADMIN + "?name=%25", t.apiKey()).body()), "% is not a wildcard");
        assertEquals(List.of(), ids(api.get(ADMIN + "?name=ops%20elsewhere", t.apiKey()).body()));

        // Keyset paging: one by one, the same order, nothing twice.
        List<String> walked = new ArrayList<>();
        String cursor = null;
        for (int i = 0; i < 10; i++) {
            TestApi.Reply page = api.get(ADMIN + "?limit=1" + (cursor == null ? "" : "&cursor=" + cursor), t.apiKey());
            assertEquals(200, page.status(), () -> String.valueOf(page.body()));
            walked.addAll(ids(page.body()));
            if (!page.body().get("hasMore").asBoolean()) {
                assertTrue(page.body().path("nextCursor").isMissingNode() || page.body().get("nextCursor").isNull());
                break;
            }
            cursor = page.body().get("nextCursor").asText();
        }
        assertEquals(ids(all.body()), walked);

        // The console's tenant admin sees the same; end users and other tenants' credentials do not get in.
        TenantFixtures.Account admin = fixtures.tenantAdmin(t.tenantId());
        assertEquals(ids(all.body()), ids(api.get(ADMIN, admin.token()).body()));
        TestApi.Reply asUser = api.get(ADMIN, t.alice());
        assertEquals(403, asUser.status());
        assertEquals("auth.forbidden", asUser.code());
        assertEquals(List.of(otherGroup, other.conversationId()), ids(api.get(ADMIN, other.apiKey()).body()));

        // Bad input: stable codes.
        for (String bad : List.of("?type=room", "?limit=0", "?limit=201", "?cursor=not-a-cursor", "?name=" + "x".repeat(201))) {
            TestApi.Reply r = api.get(ADMIN + bad, t.apiKey());
            assertEquals(400, r.status(), bad);
            assertEquals("request.invalid", r.code(), bad);
        }
    }

    @Test
    void showsOneConversationWithItsMembersAndRolesOnlyToItsOwnTenant() {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Admin detail " + UUID.randomUUID());
        TenantFixtures.TenantFixture other = fixtures.newTenant("Admin detail other " + UUID.randomUUID());
        fixtures.addUser(t, "carol");
        String group = create(t.alice(), "group", "Leads", List.of("bob", "carol"));
        assertEquals(200, api.patch("v1/conversations/" + group + "/members/bob", t.alice(), json("role", "admin")).status());

        TestApi.Reply detail = api.get(ADMIN + "/" + group, t.apiKey());
        assertEquals(200, detail.status(), () -> String.valueOf(detail.body()));
        JsonNode d = detail.body();
        assertEquals(group, d.get("id").asText());
        assertEquals("group", d.get("type").asText());
        assertEquals("Leads", d.get("name").asText());
        assertEquals(3, d.get("memberCount").asLong());
        assertFalse(d.get("membersTruncated").asBoolean());
        assertEquals("alice", d.at("/members/0/userId").asText());
        assertEquals("owner", d.at("/members/0/role").asText());
        assertEquals("bob", d.at("/members/1/userId").asText());
        assertEquals("admin", d.at("/members/1/role").asText());
        assertEquals("carol", d.at("/members/2/userId").asText());
        assertEquals("member", d.at("/members/2/role").asText());
        assertTrue(d.at("/members/2/joinedAt").isTextual());

        TenantFixtures.Account admin = fixtures.tenantAdmin(t.tenantId());
        assertEquals(d, api.get(ADMIN + "/" + group, admin.token()).body());
        for (String credential : List.of(other.apiKey(), fixtures.tenantAdmin(other.tenantId()).token())) {
            TestApi.Reply r = api.get(ADMIN + "/" + group, credential);
            assertEquals(404, r.status());
            assertEquals("resource.not_found", r.code());
            assertFalse(String.valueOf(r.body()).contains("Leads"));
        }
        assertEquals("auth.forbidden", api.get(ADMIN + "/" + group, t.alice()).code());
        assertEquals(404, api.get(ADMIN + "/" + UUID.randomUUID(), t.apiKey()).status());
    }

    @Test
    void pagesTheHistoryBySeqWithTombstonesAndAuditsTheRead() {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Admin history " + UUID.randomUUID());
        TenantFixtures.TenantFixture other = fixtures.newTenant("Admin history other " + UUID.randomUUID());
        String group = create(t.alice(), "group", "History", List.of("bob"));
        String first = send(t.alice(), group, "first words");
        String second = send(t.bob(), group, "second, soon deleted by its author");
        String third = send(t.alice(), group, "third, soon removed by a moderator");
        String fourth = send(t.bob(), group, "fourth words");
        assertEquals(200, api.delete("v1/conversations/" + group + "/messages/" + second, t.bob()).status());
        assertEquals(200, api.post(ADMIN + "/" + group + "/messages/" + third + "/hard-delete", t.apiKey(), json("reason", "spam")).status());

        TestApi.Reply history = api.get(ADMIN + "/" + group + "/messages", t.apiKey());
        assertEquals(200, history.status(), () -> String.valueOf(history.body()));
        JsonNode items = history.body().get("items");
        assertEquals(List.of(first, second, third, fourth), ids(history.body()));
        assertEquals("first words", items.get(0).get("text").asText());
        assertEquals("alice", items.get(0).get("senderId").asText());
        assertTrue(items.get(1).get("deleted").asBoolean());
        assertEquals("", items.get(1).get("text").asText(), "a deleted message is a tombstone");
        assertFalse(items.get(1).get("hardDeleted").asBoolean());
        assertTrue(items.get(2).get("deleted").asBoolean());
        assertTrue(items.get(2).get("hardDeleted").asBoolean());
        assertEquals("", items.get(2).get("text").asText());
        assertFalse(history.body().get("hasMore").asBoolean());
        long lastSeq = items.get(3).get("seq").asLong();
        assertEquals(lastSeq, history.body().get("nextAfter").asLong());

        // Forward paging with after, backward paging with before.
        JsonNode p1 = api.get(ADMIN + "/" + group + "/messages?limit=2", t.apiKey()).body();
        assertEquals(List.of(first, second), ids(p1));
        assertTrue(p1.get("hasMore").asBoolean());
        JsonNode p2 = api.get(ADMIN + "/" + group + "/messages?limit=2&after=" + p1.get("nextAfter").asLong(), t.apiKey()).body();
        assertEquals(List.of(third, fourth), ids(p2));
        assertFalse(p2.get("hasMore").asBoolean());
        JsonNode latest = api.get(ADMIN + "/" + group + "/messages?limit=3&before=" + (lastSeq + 1), t.apiKey()).body();
        assertEquals(List.of(second, third, fourth), ids(latest), "the page just before, oldest first");
        assertTrue(latest.get("hasMore").asBoolean());
        JsonNode older = api.get(ADMIN + "/" + group + "/messages?limit=3&before=" + latest.get("nextBefore").asLong(), t.apiKey()).body();
        assertEquals(List.of(first), ids(older));
        assertFalse(older.get("hasMore").asBoolean());

        // The console's tenant admin reads it too, and the reads are audited.
        TenantFixtures.Account admin = fixtures.tenantAdmin(t.tenantId());
        assertEquals(ids(history.body()), ids(api.get(ADMIN + "/" + group + "/messages", admin.token()).body()));
        JsonNode audit = api.get("v1/audit?action=admin.conversation_read", t.apiKey()).body();
        assertTrue(audit.get("items").size() >= 6, () -> audit.toString());
        assertEquals(group, audit.at("/items/0/targetId").asText());

        // Bad input and other tenants: stable codes, nothing leaks.
        for (String bad : List.of("?after=-1", "?before=0", "?after=1&before=3", "?limit=0", "?limit=201")) {
            TestApi.Reply r = api.get(ADMIN + "/" + group + "/messages" + bad, t.apiKey());
            assertEquals(400, r.status(), bad);
            assertEquals("request.invalid", r.code(), bad);
        }
        TestApi.Reply foreign = api.get(ADMIN + "/" + group + "/messages", other.apiKey());
        assertEquals(404, foreign.status());
        assertFalse(String.valueOf(foreign.body()).contains("words"));
        assertEquals(0, api.get("v1/audit?action=admin.conversation_read", other.apiKey()).body().get("items").size(),
                "a refused read is not a read");
        assertEquals("auth.forbidden", api.get(ADMIN + "/" + group + "/messages", t.alice()).code());
        TestApi.Reply unknown = api.get(ADMIN + "/" + UUID.randomUUID() + "/messages", t.apiKey());
        assertEquals(404, unknown.status());
        assertEquals("resource.not_found", unknown.code());
    }
}
