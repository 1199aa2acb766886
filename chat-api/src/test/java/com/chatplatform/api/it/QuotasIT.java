package com.chatplatform.api.it;

import static com.chatplatform.api.it.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Plans, per-tenant overrides, quotas (users, storage, upload size) and rate limits (REST and WebSocket). */
class QuotasIT extends ApiTestBase {
    private final HttpClient http = HttpClient.newHttpClient();

    private static String newPlanId() {
        return "it-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ObjectNode limits() {
        return json("maxUsers", 50, "maxStorageBytes", 1_000_000, "maxUploadBytes", 100_000,
                "tenantMessagesPerSecond", 100, "tenantMessageBurst", 200, "userMessagesPerSecond", 10, "userMessageBurst", 20,
                "tenantRequestsPerSecond", 500, "tenantRequestBurst", 1000, "userRequestsPerSecond", 50, "userRequestBurst", 100);
    }

    private TestApi.Reply setPlan(String admin, String tenantId, String plan, ObjectNode overrides) {
        return api.put("v1/platform/tenants/" + tenantId + "/plan", admin,
                overrides == null ? json("plan", plan) : json("plan", plan, "overrides", overrides));
    }

    private void override(String admin, String tenantId, Object... keyValues) {
        TestApi.Reply r = setPlan(admin, tenantId, "team", json(keyValues));
        assertEquals(200, r.status(), () -> String.valueOf(r.body()));
    }

    private long storageUsed(String apiKey) {
        TestApi.Reply u = api.get("v1/usage", apiKey);
        assertEquals(200, u.status(), () -> String.valueOf(u.body()));
        return u.body().get("storageBytes").asLong();
    }

    private static long sql(String query) throws Exception {
        try (Connection c = ChatServices.postgres().connect("chat"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static byte[] text(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'a');
        return bytes;
    }

    private TestApi.Reply uploadText(String token, String conversation, String name, int size) {
        return api.postBytes("v1/conversations/" + conversation + "/attachments?fileName=" + name, token, "text/plain", text(size));
    }

    private TestApi.Reply announce(String token, String conversation, String name, int size) {
        return api.post("v1/conversations/" + conversation + "/attachments/uploads", token,
                json("fileName", name, "contentType", "text/plain", "size", size));
    }

    private int put(TestApi.Reply ticket, byte[] bytes) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(ticket.body().get("url").asText())).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void newTenantsGetTheDefaultPlanAndAssigningAPlanChangesTheEffectiveSettings() {
        String admin = fixtures.adminToken();
        TenantFixtures.TenantFixture t = fixtures.newTenant("Plans " + UUID.randomUUID());
        TestApi.Reply initial = api.get("v1/settings", t.apiKey());
        assertEquals(200, initial.status(), () -> String.valueOf(initial.body()));
        assertEquals("team", initial.body().at("/plan/id").asText());
        assertEquals(10000, initial.body().at("/limits/maxUsers").asLong());

        String planId = newPlanId();
        TestApi.Reply created = api.post("v1/platform/plans", admin, json("id", planId, "name", "IT plan", "limits", limits()));
        assertEquals(201, created.status(), () -> String.valueOf(created.body()));
        assertEquals(100_000, created.body().at("/limits/maxUploadBytes").asLong());
        assertTrue(created.body().at("/limits/allowedMediaTypes").isNull(), "absent allowedMediaTypes: every supported type");

        TestApi.Reply assigned = setPlan(admin, t.tenantId(), planId, json("maxUsers", 7, "maxStorageBytes", null));
        assertEquals(200, assigned.status(), () -> String.valueOf(assigned.body()));
        JsonNode settings = api.get("v1/settings", t.apiKey()).body();
        assertEquals(planId, settings.at("/plan/id").asText());
        assertEquals("IT plan", settings.at("/plan/name").asText());
        assertEquals(7, settings.at("/limits/maxUsers").asLong(), "the override wins over the plan's 50");
        assertTrue(settings.at("/limits/maxStorageBytes").isNull(), "an override of null makes it unlimited");
        assertEquals(100_000, settings.at("/limits/maxUploadBytes").asLong(), "the rest comes from the plan");
        assertEquals(7, settings.at("/overrides/maxUsers").asLong());
        assertEquals(settings, api.get("v1/platform/tenants/" + t.tenantId() + "/plan", admin).body(), "platform view = tenant view");

        // Changing the plan changes every tenant on it (the cached settings are invalidated).
        TestApi.Reply patched = api.patch("v1/platform/plans/" + planId, admin, json("name", "IT plan 2", "limits", json("maxUploadBytes", 2048)));
        assertEquals(200, patched.status(), () -> String.valueOf(patched.body()));
        JsonNode after = api.get("v1/settings", t.apiKey()).body();
        assertEquals(2048, after.at("/limits/maxUploadBytes").asLong());
        assertEquals("IT plan 2", after.at("/plan/name").asText());
        assertEquals(7, after.at("/limits/maxUsers").asLong(), "the override still applies");

        // Every change is in the audit log.
        JsonNode audit = api.get("v1/platform/audit?tenantId=" + t.tenantId() + "&action=tenant.plan_changed", admin).body().get("items");
        assertEquals(2, audit.size(), audit::toString);
        assertEquals(planId, audit.get(0).at("/detail/to").asText());
        assertEquals("team", audit.get(0).at("/detail/from").asText());
        JsonNode planAudit = api.get("v1/platform/audit?action=plan.updated&limit=200", admin).body().get("items");
        boolean found = false;
        for (JsonNode e : planAudit) {
            found |= planId.equals(e.get("targetId").asText());
        }
        assertTrue(found, "plan.updated recorded for " + planId);
    }

    @Test
    void theUserQuotaRefusesANewUserAndCreatesNothing() {
        String admin = fixtures.adminToken();
        TenantFixtures.TenantFixture t = fixtures.newTenant("User quota " + UUID.randomUUID());
        override(admin, t.tenantId(), "maxUsers", 2);

        TestApi.Reply refused = api.post("v1/users", t.apiKey(), json("id", "carol"));
        assertEquals(403, refused.status(), () -> String.valueOf(refused.body()));
        assertEquals("quota.users_exceeded", refused.code());
        assertTrue(refused.body().get("detail").asText().contains("2"), refused.body().toString());
        assertEquals("resource.not_found", api.get("v1/users/carol", t.apiKey()).code(), "carol was not created");
        JsonNode usage = api.get("v1/usage", t.apiKey()).body();
        assertEquals(2, usage.get("users").asLong());
        assertEquals(2, usage.get("maxUsers").asLong());

        override(admin, t.tenantId(), "maxUsers", 3);
        assertEquals(201, api.post("v1/users", t.apiKey(), json("id", "carol")).status(), "room again once the quota is raised");
        assertEquals("quota.users_exceeded", api.post("v1/users", t.apiKey(), json("id", "dave")).code());
    }

    @Test
    void theStorageQuotaIsCountedUpAndDownAndRefusesWhatWouldNotFit() throws Exception {
        String admin = fixtures.adminToken();
        TenantFixtures.TenantFixture t = fixtures.newTenant("Storage quota " + UUID.randomUUID());
        override(admin, t.tenantId(), "maxStorageBytes", 3000);
        assertEquals(0, storageUsed(t.apiKey()));

        TestApi.Reply first = uploadText(t.alice(), t.conversationId(), "a.txt", 1000);
        assertEquals(201, first.status(), () -> String.valueOf(first.body()));
        assertEquals(1000, storageUsed(t.apiKey()));
        assertEquals(201, uploadText(t.alice(), t.conversationId(), "b.txt", 1500).status());
        assertEquals(2500, storageUsed(t.apiKey()));

        // A direct upload that would not fit is refused, and nothing is stored or charged.
        long rowsBefore = sql("select count(*) from attachment where tenant_id = '" + t.tenantId() + "'");
        TestApi.Reply tooMuch = uploadText(t.alice(), t.conversationId(), "c.txt", 1000);
        assertEquals(403, tooMuch.status(), () -> String.valueOf(tooMuch.body()));
        assertEquals("quota.storage_exceeded", tooMuch.code());
        assertEquals("quota.storage_exceeded", announce(t.alice(), t.conversationId(), "d.txt", 600).code(), "refused at announce");
        assertEquals(2500, storageUsed(t.apiKey()));
        assertEquals(rowsBefore, sql("select count(*) from attachment where tenant_id = '" + t.tenantId() + "'"));

        // Two announced uploads that each fit, but not both: the second is refused at complete and removed from S3.
        TestApi.Reply x = announce(t.alice(), t.conversationId(), "x.txt", 300);
        TestApi.Reply y = announce(t.alice(), t.conversationId(), "y.txt", 300);
        assertEquals(201, x.status(), () -> String.valueOf(x.body()));
        assertEquals(201, y.status(), () -> String.valueOf(y.body()));
        assertEquals(200, put(x, text(300)));
        assertEquals(200, put(y, text(300)));
        assertEquals(200, api.post("v1/attachments/" + x.body().at("/attachment/id").asText() + "/complete", t.alice(), json()).status());
        assertEquals(2800, storageUsed(t.apiKey()));
        TestApi.Reply late = api.post("v1/attachments/" + y.body().at("/attachment/id").asText() + "/complete", t.alice(), json());
        assertEquals(403, late.status(), () -> String.valueOf(late.body()));
        assertEquals("quota.storage_exceeded", late.code());
        assertEquals(2800, storageUsed(t.apiKey()));
        assertTrue(!ChatServices.s3ObjectExists(URI.create(y.body().get("url").asText())), "the refused upload was removed from S3");

        // The cleanup job removes an attachment never sent: its bytes are given back.
        String firstId = first.body().get("id").asText();
        try (Connection c = ChatServices.postgres().connect("chat"); Statement s = c.createStatement()) {
            s.executeUpdate("update attachment set created_at = now() - interval '25 hours' where id = '" + firstId + "'");
        }
        long released = eventually(() -> storageUsed(t.apiKey()) == 1800 ? 1800L : null);
        assertEquals(1800, released);
        assertEquals(0, sql("select count(*) from attachment where id = '" + firstId + "'"));
        assertEquals(201, uploadText(t.alice(), t.conversationId(), "e.txt", 1000).status(), "the freed room can be used again");
        assertEquals(2800, storageUsed(t.apiKey()));
        assertEquals(2800, api.get("v1/platform/tenants/" + t.tenantId() + "/usage", admin).body().get("storageBytes").asLong());
    }

    @Test
    void theUploadSizeLimitAndAllowedTypesComeFromThePlan() throws Exception {
        String admin = fixtures.adminToken();
        TenantFixtures.TenantFixture t = fixtures.newTenant("Upload size " + UUID.randomUUID());
        override(admin, t.tenantId(), "maxUploadBytes", 500);

        TestApi.Reply big = uploadText(t.alice(), t.conversationId(), "big.txt", 501);
        assertEquals(413, big.status(), () -> String.valueOf(big.body()));
        assertEquals("media.too_large", big.code());
        assertTrue(big.body().get("detail").asText().contains("500"), big.body().toString());
        TestApi.Reply bigAnnounce = announce(t.alice(), t.conversationId(), "big.txt", 501);
        assertEquals("media.too_large", bigAnnounce.code());
        assertTrue(bigAnnounce.body().get("detail").asText().contains("500"));
        assertEquals(201, uploadText(t.alice(), t.conversationId(), "ok.txt", 500).status());

        override(admin, t.tenantId(), "maxUploadBytes", 500, "allowedMediaTypes", List.of("image/png"));
        TestApi.Reply type = uploadText(t.alice(), t.conversationId(), "t.txt", 10);
        assertEquals("media.type_not_allowed", type.code(), () -> String.valueOf(type.body()));
        assertEquals("media.type_not_allowed", announce(t.alice(), t.conversationId(), "t.txt", 10).code());
    }

    @Test
    void restCallsOverTheRateAnswer429WithRetryAfterAndWorkAgainAfterWaiting() throws Exception {
        String admin = fixtures.adminToken();
        TenantFixtures.TenantFixture t = fixtures.newTenant("REST rate " + UUID.randomUUID());
        override(admin, t.tenantId(), "userRequestsPerSecond", 1, "userRequestBurst", 3);

        int ok = 0;
        TestApi.Reply limited = null;
        for (int i = 0; i < 60 && limited == null; i++) {
            TestApi.Reply r = api.get("v1/conversations", t.alice());
            if (r.status() == 200) {
                ok++;
            } else {
                limited = r;
            }
        }
        assertNotNull(limited, "60 calls at 1 per second must hit the limit");
        TestApi.Reply refused = limited;
        assertTrue(ok >= 3, "the burst of 3 passed first");
        assertEquals(429, refused.status());
        assertEquals("rate.limited", refused.code(), () -> String.valueOf(refused.body()));
        assertTrue(refused.body().get("detail").asText().contains("user"), refused.body().toString());
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 2, "Retry-After " + retryAfter);

        assertEquals(200, api.get("v1/conversations", t.bob()).status(), "another user has a bucket of its own");
        Thread.sleep(retryAfter * 1000 + 100);
        assertEquals(200, api.get("v1/conversations", t.alice()).status(), "works again after Retry-After");

        // Messages count against the message rate: the third send in a burst of two is refused and not stored.
        override(admin, t.tenantId(), "userMessagesPerSecond", 0.05, "userMessageBurst", 2);
        String path = "v1/conversations/" + t.conversationId() + "/messages";
        assertEquals(200, api.post(path, t.bob(), json("clientId", "m1", "text", "one")).status());
        assertEquals(200, api.post(path, t.bob(), json("clientId", "m2", "text", "two")).status());
        TestApi.Reply third = api.post(path, t.bob(), json("clientId", "m3", "text", "three"));
        assertEquals(429, third.status(), () -> String.valueOf(third.body()));
        assertEquals("rate.limited", third.code());
        assertTrue(Long.parseLong(third.header("Retry-After")) >= 1);
        JsonNode items = api.get(path + "?limit=50", t.bob()).body().get("items");
        assertEquals(2, items.size(), items::toString);
    }

    /** The next frame answering the given ref (a pong or an error), skipping others. */
    private static JsonNode nextAbout(TestApi.Socket socket, String ref) {
        while (true) {
            JsonNode f = socket.next();
            if (ref.equals(f.path("ref").asText())) {
                return f;
            }
        }
    }

    @Test
    void webSocketFramesOverTheRateGetARateLimitedErrorAndTheSocketStaysUsable() throws Exception {
        String admin = fixtures.adminToken();
        TenantFixtures.TenantFixture t = fixtures.newTenant("WS rate " + UUID.randomUUID());
        override(admin, t.tenantId(), "userRequestsPerSecond", 0.5, "userRequestBurst", 3);
        TestApi.Socket socket = api.connect(t.alice());
        try {
            socket.next("ready");
            for (int i = 1; i <= 6; i++) {
                socket.send(json("type", "ping", "ref", "p" + i));
            }
            List<JsonNode> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(socket.next());
            }
            long pongs = answers.stream().filter(f -> "pong".equals(f.get("type").asText())).count();
            List<JsonNode> errors = answers.stream().filter(f -> "error".equals(f.get("type").asText())).toList();
            assertTrue(pongs >= 3, answers::toString);
            assertTrue(!errors.isEmpty(), "six pings in a row at 0.5 per second (bursts of 3): " + answers);
            JsonNode error = errors.get(errors.size() - 1);
            assertEquals("rate.limited", error.get("code").asText());
            assertTrue(error.get("ref").asText().startsWith("p"), error::toString);
            long retryAfterMs = error.get("retryAfterMs").asLong();
            assertTrue(retryAfterMs > 0 && retryAfterMs <= 2000, error::toString);

            Thread.sleep(retryAfterMs + 100);
            socket.send(json("type", "send", "clientId", "after-wait", "conversationId", t.conversationId(), "text", "still here"));
            JsonNode ack = socket.next("ack");
            assertEquals("after-wait", ack.get("clientId").asText(), ack::toString);

            // A send over the message rate (shared with REST sends) is refused by clientId and not stored.
            override(admin, t.tenantId(), "userMessagesPerSecond", 0.05, "userMessageBurst", 1);
            socket.send(json("type", "send", "clientId", "m-1", "conversationId", t.conversationId(), "text", "one"));
            socket.send(json("type", "send", "clientId", "m-2", "conversationId", t.conversationId(), "text", "two"));
            assertEquals("m-1", socket.next("ack").get("clientId").asText());
            JsonNode refused = socket.next("error");
            assertEquals("rate.limited", refused.get("code").asText(), refused::toString);
            assertEquals("m-2", refused.get("ref").asText());
            assertTrue(refused.get("retryAfterMs").asLong() > 0, refused::toString);
            // The socket is still usable: a ping is answered (once the frame bucket, 0.5 per second, has a token again:
            // on a fast machine the frames above may have used it up, which answers rate.limited with a wait).
            JsonNode answer = null;
            for (int attempt = 1; attempt <= 3 && (answer == null || !"pong".equals(answer.get("type").asText())); attempt++) {
                socket.send(json("type", "ping", "ref", "still-open-" + attempt));
                answer = nextAbout(socket, "still-open-" + attempt);
                if ("error".equals(answer.get("type").asText())) {
                    assertEquals("rate.limited", answer.get("code").asText(), answer::toString);
                    Thread.sleep(answer.get("retryAfterMs").asLong() + 100);
                }
            }
            assertEquals("pong", answer.get("type").asText(), answer::toString);
        } finally {
            socket.close();
        }
        JsonNode items = api.get("v1/conversations/" + t.conversationId() + "/messages?limit=50", t.bob()).body().get("items");
        assertEquals(2, items.size(), "the messages accepted were stored, the refused one not: " + items);
        assertEquals("after-wait", items.get(0).get("clientId").asText());
        assertEquals("m-1", items.get(1).get("clientId").asText());
    }

    @Test
    void tenantCredentialsCannotUseThePlatformEndpoints() {
        String admin = fixtures.adminToken();
        TenantFixtures.TenantFixture a = fixtures.newTenant("Quota A " + UUID.randomUUID());
        TenantFixtures.TenantFixture b = fixtures.newTenant("Quota B " + UUID.randomUUID());
        for (String credential : List.of(a.apiKey(), a.alice())) {
            assertEquals("auth.forbidden", api.get("v1/platform/plans", credential).code());
            assertEquals("auth.forbidden", api.post("v1/platform/plans", credential, json("id", newPlanId(), "name", "x", "limits", limits())).code());
            assertEquals("auth.forbidden", api.patch("v1/platform/plans/team", credential, json("limits", json("maxUsers", 1))).code());
            assertEquals("auth.forbidden", setPlan(credential, b.tenantId(), "enterprise", null).code());
            assertEquals("auth.forbidden", setPlan(credential, a.tenantId(), "enterprise", null).code());
            assertEquals("auth.forbidden", api.get("v1/platform/tenants/" + b.tenantId() + "/plan", credential).code());
            assertEquals("auth.forbidden", api.get("v1/platform/tenants/" + b.tenantId() + "/usage", credential).code());
        }
        assertEquals("auth.forbidden", api.get("v1/settings", a.alice()).code(), "end users do not read the tenant's settings");
        assertEquals("team", api.get("v1/settings", a.apiKey()).body().at("/plan/id").asText(), "nothing changed for A");
        assertEquals("team", api.get("v1/platform/tenants/" + b.tenantId() + "/plan", admin).body().at("/plan/id").asText());
        assertEquals(10000, api.get("v1/platform/plans/team", admin).body().at("/limits/maxUsers").asLong());
    }

    @Test
    void badPlanInputIsRefusedWithACodeAndChangesNothing() {
        String admin = fixtures.adminToken();
        TenantFixtures.TenantFixture t = fixtures.newTenant("Bad plans " + UUID.randomUUID());
        String planId = newPlanId();

        ObjectNode negative = limits().put("maxUsers", -1);
        TestApi.Reply r = api.post("v1/platform/plans", admin, json("id", planId, "name", "Bad", "limits", negative));
        assertEquals(400, r.status(), () -> String.valueOf(r.body()));
        assertEquals("plan.invalid", r.code());
        assertTrue(r.body().get("detail").asText().contains("maxUsers"), r.body().toString());
        assertEquals("plan.not_found", api.get("v1/platform/plans/" + planId, admin).code(), "nothing was created");
        ObjectNode missing = limits();
        missing.remove("userRequestBurst");
        assertEquals("plan.invalid", api.post("v1/platform/plans", admin, json("id", planId, "name", "Bad", "limits", missing)).code());
        assertEquals("plan.invalid", api.post("v1/platform/plans", admin, json("id", "Not An Id", "name", "Bad", "limits", limits())).code());

        assertEquals(201, api.post("v1/platform/plans", admin, json("id", planId, "name", "Good", "limits", limits())).status());
        assertEquals("plan.exists", api.post("v1/platform/plans", admin, json("id", planId, "name", "Again", "limits", limits())).code());
        for (ObjectNode bad : List.of(json("userRequestBurst", 0), json("tenantMessagesPerSecond", -3), json("maxUploadBytes", "big"),
                json("maxUploads", 5), json("allowedMediaTypes", List.of("application/x-msdownload")))) {
            TestApi.Reply p = api.patch("v1/platform/plans/" + planId, admin, json("name", "Changed", "limits", bad));
            assertEquals(400, p.status(), () -> bad + " -> " + p.body());
            assertEquals("plan.invalid", p.code());
        }
        JsonNode unchanged = api.get("v1/platform/plans/" + planId, admin).body();
        assertEquals("Good", unchanged.get("name").asText());
        assertEquals(100, unchanged.at("/limits/userRequestBurst").asLong(), "limits unchanged");
        assertEquals(100.0, unchanged.at("/limits/tenantMessagesPerSecond").asDouble());
        assertEquals(100_000, unchanged.at("/limits/maxUploadBytes").asLong());
        assertTrue(unchanged.at("/limits/allowedMediaTypes").isNull());
        assertEquals("plan.not_found", api.patch("v1/platform/plans/no-such-plan", admin, json("name", "x")).code());

        // Assigning: unknown plan, bad overrides, unknown fields; the tenant stays on its plan, nothing audited.
        assertEquals("plan.not_found", setPlan(admin, t.tenantId(), "no-such-plan", null).code());
        assertEquals("plan.invalid", setPlan(admin, t.tenantId(), planId, json("maxUsers", -5)).code());
        assertEquals("plan.invalid", setPlan(admin, t.tenantId(), planId, json("maxUsrs", 5)).code());
        assertEquals("plan.invalid", api.put("v1/platform/tenants/" + t.tenantId() + "/plan", admin, json("overrides", json())).code());
        assertEquals("resource.not_found", setPlan(admin, UUID.randomUUID().toString(), planId, null).code());
        JsonNode settings = api.get("v1/settings", t.apiKey()).body();
        assertEquals("team", settings.at("/plan/id").asText());
        assertEquals(0, settings.get("overrides").size());
        JsonNode audit = api.get("v1/platform/audit?tenantId=" + t.tenantId() + "&action=tenant.plan_changed", admin).body().get("items");
        assertEquals(1, audit.size(), "only the default plan of the new tenant: " + audit);
    }
}
