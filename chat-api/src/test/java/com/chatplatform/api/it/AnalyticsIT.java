package com.chatplatform.api.it;

import static com.chatplatform.api.it.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.chatplatform.api.it.TenantFixtures.TenantFixture;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Analytics rollups on the real stack: numbers exact after messages are sent (REST and WebSocket), the same
 * report for the tenant's API key and for a platform admin, other tenants and other credentials refused, bad
 * periods refused with their codes; and the platform health report.
 */
class AnalyticsIT extends ApiTestBase {
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    /** Today's neighbours too, so a run across midnight (UTC) still sees every message. */
    private static String aroundToday() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return "?from=" + today.minusDays(1) + "&to=" + today.plusDays(1);
    }

    @Test
    void numbersAreExactAfterMessagesAreSent() throws Exception {
        TenantFixture t = fixtures.newTenant("Analytics " + UUID.randomUUID());
        String admin = fixtures.adminToken();
        String carol = fixtures.addUser(t, "carol");

        // Nothing sent yet: zeros, no busiest conversation.
        JsonNode empty = report("v1/platform/tenants/" + t.tenantId() + "/analytics" + aroundToday(), admin);
        assertEquals(0, empty.at("/totals/messages").asLong());
        assertEquals(0, empty.at("/totals/activeUsers").asLong());
        assertEquals(3, empty.get("days").size());
        assertEquals(0, empty.get("busiestConversations").size());

        // Direct alice-bob: alice 3 (one with an attachment), bob 2; a group: carol 1.
        for (int i = 1; i <= 2; i++) {
            sendRest(t.conversationId(), t.alice(), "a-" + i, "hello " + i, List.of());
        }
        TestApi.Reply upload = api.postBytes("v1/conversations/" + t.conversationId() + "/attachments?fileName=dot.png", t.alice(), "image/png", PNG);
        assertEquals(201, upload.status(), () -> String.valueOf(upload.body()));
        sendRest(t.conversationId(), t.alice(), "a-3", "a picture", List.of(upload.body().get("id").asText()));
        // A retried send (same client id) is one message, not two.
        sendRest(t.conversationId(), t.alice(), "a-3", "a picture", List.of(upload.body().get("id").asText()));

        TestApi.Socket bob = api.connect(t.bob());
        assertEquals("ready", bob.next().get("type").asText());
        for (int i = 1; i <= 2; i++) {
            bob.send(json("type", "send", "clientId", "b-" + i, "conversationId", t.conversationId(), "text", "hi " + i));
            bob.next("ack");
        }
        TestApi.Reply group = api.post("v1/conversations", carol, json("type", "group", "name", "Team room", "members", List.of("alice")));
        assertTrue(group.status() == 200 || group.status() == 201, () -> String.valueOf(group.body()));
        String groupId = group.body().get("id").asText();
        sendRest(groupId, carol, "c-1", "team", List.of());

        String path = "v1/platform/tenants/" + t.tenantId() + "/analytics" + aroundToday();
        JsonNode r = eventually(() -> {
            JsonNode body = report(path, admin);
            return body.at("/totals/messages").asLong() >= 6 ? body : null;
        });
        assertEquals(6, r.at("/totals/messages").asLong());
        assertEquals(3, r.at("/totals/activeUsers").asLong());
        assertEquals(1, r.at("/totals/attachments").asLong());
        assertEquals(PNG.length, r.at("/totals/attachmentBytes").asLong());
        assertEquals(3, r.get("monthlyActiveUsers").asLong());
        long perDay = 0;
        long dauSum = 0;
        for (JsonNode day : r.get("days")) {
            perDay += day.get("messages").asLong();
            dauSum += day.get("activeUsers").asLong();
        }
        assertEquals(6, perDay);
        assertEquals(3, dauSum, "every sender was active on one day only");
        assertEquals(t.conversationId(), r.at("/busiestConversations/0/conversationId").asText());
        assertEquals(5, r.at("/busiestConversations/0/messages").asLong());
        assertEquals("direct", r.at("/busiestConversations/0/type").asText());
        assertEquals(groupId, r.at("/busiestConversations/1/conversationId").asText());
        assertEquals("Team room", r.at("/busiestConversations/1/name").asText());
        assertEquals(1, r.at("/busiestConversations/1/messages").asLong());
        assertEquals(PNG.length, r.get("storageBytes").asLong());
        assertEquals(1, r.get("storedAttachments").asLong());
        assertEquals(1, r.get("connectionsNow").asInt(), "bob's socket");

        // The tenant's own API key reads the same numbers from /analytics.
        JsonNode own = report("v1/analytics" + aroundToday(), t.apiKey());
        assertEquals(t.tenantId(), own.get("tenantId").asText());
        assertEquals(6, own.at("/totals/messages").asLong());
        assertEquals(3, own.at("/totals/activeUsers").asLong());

        // One more message is added to the counts, not recounted from scratch; the closed socket is gone.
        bob.close();
        sendRest(groupId, t.alice(), "a-4", "joining in", List.of());
        JsonNode after = eventually(() -> {
            JsonNode body = report(path, admin);
            return body.at("/totals/messages").asLong() >= 7 && body.get("connectionsNow").asInt() == 0 ? body : null;
        });
        assertEquals(7, after.at("/totals/messages").asLong());
        assertEquals(3, after.at("/totals/activeUsers").asLong(), "alice was already active today");
        assertEquals(2, after.at("/busiestConversations/1/messages").asLong());

        // Default period: the 30 days up to today.
        JsonNode defaults = report("v1/analytics", t.apiKey());
        assertEquals(30, defaults.get("days").size());
        assertEquals(LocalDate.now(ZoneOffset.UTC).toString(), defaults.get("to").asText());
    }

    /**
     * A message whose transaction started before others and commits after them (with an earlier created_at) is
     * counted once it commits: a watermark on created_at would skip it for good.
     */
    @Test
    void aMessageCommittedLateIsCountedNotSkipped() throws Exception {
        TenantFixture t = fixtures.newTenant("Analytics late " + UUID.randomUUID());
        String admin = fixtures.adminToken();
        String path = "v1/platform/tenants/" + t.tenantId() + "/analytics" + aroundToday();
        sendRest(t.conversationId(), t.alice(), "l-1", "first", List.of());
        try (Connection c = ChatServices.postgres().connect("chat")) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("insert into message (id, tenant_id, conversation_id, seq, sender_id, client_id, text, created_at) "
                    + "select ?, tenant_id, ?, 1000, (select id from chat_user where tenant_id = ? and external_id = 'bob'), 'late-1', 'late', now() - interval '1 minute' "
                    + "from conversation where id = ?")) {
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, UUID.fromString(t.conversationId()));
                insert.setObject(3, UUID.fromString(t.tenantId()));
                insert.setObject(4, UUID.fromString(t.conversationId()));
                assertEquals(1, insert.executeUpdate());
            }
            // Sent and committed while the late transaction is still open.
            sendRest(t.conversationId(), t.alice(), "l-2", "second", List.of());
            sendRest(t.conversationId(), t.alice(), "l-3", "third", List.of());
            // Give the job (every 5 s) time to run while the late transaction is open: a job that counted the
            // two later messages and moved past them would never count the late one. (A wait, not an assertion.)
            Thread.sleep(12_000);
            c.commit();
        }
        JsonNode r = eventually(() -> {
            JsonNode body = report(path, admin);
            return body.at("/totals/messages").asLong() >= 4 ? body : null;
        });
        assertEquals(4, r.at("/totals/messages").asLong());
        assertEquals(2, r.at("/totals/activeUsers").asLong(), "alice and the late message's sender, bob");
    }

    @Test
    void otherTenantsAndOtherCredentialsAreRefused() {
        TenantFixture t = fixtures.newTenant("Analytics A " + UUID.randomUUID());
        TenantFixture other = fixtures.newTenant("Analytics B " + UUID.randomUUID());
        sendRest(t.conversationId(), t.alice(), "x-1", "only in A", List.of());
        String admin = fixtures.adminToken();

        // Another tenant's key reads its own tenant, never A's (there is no way to name A).
        JsonNode b = report("v1/analytics?tenantId=" + t.tenantId(), other.apiKey());
        assertEquals(other.tenantId(), b.get("tenantId").asText());
        assertEquals(0, b.at("/totals/messages").asLong());
        // A tenant's key on the platform path, an end user, a platform admin on the tenant path: refused.
        assertRefused(api.get("v1/platform/tenants/" + t.tenantId() + "/analytics", other.apiKey()), 403, "auth.forbidden");
        assertRefused(api.get("v1/platform/tenants/" + t.tenantId() + "/analytics", t.apiKey()), 403, "auth.forbidden");
        assertRefused(api.get("v1/analytics", t.alice()), 403, "auth.forbidden");
        assertRefused(api.get("v1/analytics", admin), 403, "auth.forbidden");
        assertRefused(api.get("v1/analytics", null), 401, "auth.required");
        assertRefused(api.get("v1/platform/tenants/" + UUID.randomUUID() + "/analytics", admin), 404, "resource.not_found");
        assertRefused(api.get("v1/platform/health", t.apiKey()), 403, "auth.forbidden");
    }

    @Test
    void badPeriodsAreRefusedWithTheirCodes() {
        TenantFixture t = fixtures.newTenant("Analytics P " + UUID.randomUUID());
        String admin = fixtures.adminToken();
        String base = "v1/platform/tenants/" + t.tenantId() + "/analytics";
        assertRefused(api.get(base + "?from=2026-03-02&to=2026-03-01", admin), 400, "analytics.invalid_period");
        assertRefused(api.get(base + "?from=2026-13-01&to=2026-12-31", admin), 400, "analytics.invalid_period");
        assertRefused(api.get("v1/analytics?from=yesterday", t.apiKey()), 400, "analytics.invalid_period");
        assertRefused(api.get("v1/analytics?from=2025-01-01&to=2026-01-02", t.apiKey()), 400, "analytics.period_too_long");
        // The longest period allowed, and a single day.
        assertEquals(366, report(base + "?from=2025-01-01&to=2026-01-01", admin).get("days").size());
        JsonNode one = report(base + "?from=2026-02-28&to=2026-02-28", admin);
        assertEquals(1, one.get("days").size());
        assertEquals("2026-02-28", one.at("/days/0/day").asText());
    }

    @Test
    void platformHealthReportsEachComponent() {
        JsonNode health = report("v1/platform/health", fixtures.adminToken());
        assertEquals("up", health.get("status").asText(), health::toString);
        List<String> names = health.get("components").findValuesAsText("name");
        assertEquals(List.of("database", "search", "storage"), names);
        for (JsonNode c : health.get("components")) {
            assertEquals("up", c.get("status").asText(), c::toString);
            assertTrue(c.get("latencyMillis").asLong() >= 0);
            assertNull(c.get("detail") == null || c.get("detail").isNull() ? null : c.get("detail").asText());
        }
        assertTrue(health.at("/node/id").asText().contains("@"), health::toString);
        assertTrue(health.at("/node/uptimeSeconds").asLong() >= 0);
        assertTrue(health.at("/node/connections").asInt() >= 0);
    }

    private JsonNode report(String path, String credential) {
        TestApi.Reply r = api.get(path, credential);
        assertEquals(200, r.status(), () -> path + ": " + r.body());
        return r.body();
    }

    private void sendRest(String conversationId, String token, String clientId, String text, List<String> attachmentIds) {
        TestApi.Reply r = api.post("v1/conversations/" + conversationId + "/messages", token,
                json("clientId", clientId, "text", text, "attachmentIds", attachmentIds));
        assertTrue(r.status() == 200 || r.status() == 201, () -> String.valueOf(r.body()));
    }

    private static void assertRefused(TestApi.Reply r, int status, String code) {
        assertEquals(status, r.status(), () -> String.valueOf(r.body()));
        assertEquals(code, r.code(), () -> String.valueOf(r.body()));
    }
}
