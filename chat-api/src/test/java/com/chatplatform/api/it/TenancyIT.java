package com.chatplatform.api.it;

import static com.chatplatform.api.it.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.chatplatform.api.it.TenantFixtures.TenantFixture;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tenants, API keys and the audit log end to end: suspension cuts every credential of a tenant at once
 * (live sockets too), keys rotate without downtime, and every administrative action is in an append-only,
 * tenant-scoped audit log.
 */
@ExtendWith({ChatServices.class, ArquillianExtension.class})
@RunAsClient
class TenancyIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return FoundationIT.deployment();
    }

    @ArquillianResource
    URL url;

    TestApi api;
    TenantFixtures fixtures;

    @BeforeEach
    void client() {
        api = new TestApi(url);
        fixtures = new TenantFixtures(api);
    }

    @Test
    void suspensionCutsEveryCredentialAndReactivationRestoresThem() throws Exception {
        TenantFixture t = fixtures.newTenant("Lifecycle " + UUID.randomUUID());
        TestApi.Reply login = api.post("v1/auth/login", null,
                json("email", TenantFixtures.ADMIN_EMAIL, "password", TenantFixtures.ADMIN_PASSWORD));
        String admin = login.body().get("token").asText();
        String adminId = login.body().at("/account/id").asText();
        String tenantPath = "v1/platform/tenants/" + t.tenantId();

        // Rename.
        TestApi.Reply renamed = api.patch(tenantPath, admin, json("name", "Renamed Inc"));
        assertEquals(200, renamed.status(), () -> String.valueOf(renamed.body()));
        assertEquals("Renamed Inc", renamed.body().get("name").asText());
        assertEquals("Renamed Inc", api.get(tenantPath, admin).body().get("name").asText());
        assertEquals("request.invalid", api.patch(tenantPath, admin, json("name", "  ")).code());
        assertEquals("resource.not_found", api.patch("v1/platform/tenants/" + UUID.randomUUID(), admin, json("name", "x")).code());
        assertEquals("auth.forbidden", api.patch(tenantPath, t.apiKey(), json("name", "Hijacked")).code());

        // Suspend while alice has an open socket.
        TestApi.Socket socket = api.connect(t.alice());
        assertEquals("ready", socket.next().get("type").asText());
        assertEquals("auth.forbidden", api.post(tenantPath + "/suspend", t.apiKey(), json()).code());
        TestApi.Reply suspended = api.post(tenantPath + "/suspend", admin, json());
        assertEquals(200, suspended.status(), () -> String.valueOf(suspended.body()));
        assertEquals("suspended", suspended.body().get("status").asText());

        JsonNode error = socket.next("error");
        assertEquals("tenant.suspended", error.get("code").asText());
        assertEquals(4403, socket.closed().get(10, TimeUnit.SECONDS).intValue());
        assertEquals("tenant.suspended", socket.closeReason().get(10, TimeUnit.SECONDS));

        TestApi.Reply byKey = api.get("v1/users/alice", t.apiKey());
        assertEquals(403, byKey.status());
        assertEquals("tenant.suspended", byKey.code());
        TestApi.Reply byUser = api.get("v1/conversations/" + t.conversationId(), t.bob());
        assertEquals(403, byUser.status());
        assertEquals("tenant.suspended", byUser.code());
        TestApi.Socket refused = api.connect(t.bob());
        assertEquals("tenant.suspended", refused.next("error").get("code").asText());
        assertEquals(4403, refused.closed().get(10, TimeUnit.SECONDS).intValue());
        // The platform admin is not in any tenant: signing in and managing the tenant still work.
        String adminAgain = fixtures.adminToken();
        assertEquals("suspended", api.get(tenantPath, adminAgain).body().get("status").asText());
        assertEquals(200, api.get(tenantPath + "/api-keys", adminAgain).status());
        // Suspending twice changes nothing.
        assertEquals("suspended", api.post(tenantPath + "/suspend", admin, json()).body().get("status").asText());

        // Reactivate: the same key and the same unexpired tokens work again.
        TestApi.Reply reactivated = api.post(tenantPath + "/reactivate", admin, json());
        assertEquals(200, reactivated.status(), () -> String.valueOf(reactivated.body()));
        assertEquals("active", reactivated.body().get("status").asText());
        assertEquals(200, api.get("v1/users/alice", t.apiKey()).status());
        assertEquals(200, api.get("v1/conversations/" + t.conversationId(), t.bob()).status());
        TestApi.Socket again = api.connect(t.alice());
        assertEquals("ready", again.next().get("type").asText());
        again.close();

        // The audit log has each change once, by this admin, from a network address.
        JsonNode items = api.get("v1/platform/audit?tenantId=" + t.tenantId() + "&limit=200", admin).body().get("items");
        for (String action : List.of("tenant.created", "tenant.renamed", "tenant.suspended", "tenant.reactivated", "api_key.created")) {
            List<JsonNode> found = entries(items, e -> action.equals(e.get("action").asText()));
            assertEquals(1, found.size(), action + " in " + items);
            JsonNode entry = found.get(0);
            assertEquals("account", entry.get("actorKind").asText());
            assertEquals(adminId, entry.get("actorId").asText());
            assertEquals("success", entry.get("outcome").asText());
            assertEquals(t.tenantId(), entry.get("tenantId").asText());
            assertFalse(entry.path("sourceIp").asText().isBlank(), "source address of " + entry);
        }
        JsonNode rename = entries(items, e -> "tenant.renamed".equals(e.get("action").asText())).get(0);
        assertEquals("Renamed Inc", rename.at("/detail/to").asText());
        assertEquals(t.tenantId(), rename.get("targetId").asText());
    }

    @Test
    void apiKeysAreListedWithoutSecretsRevokedAndRotatedBySelfService() {
        TenantFixture t = fixtures.newTenant("Keys " + UUID.randomUUID());
        String admin = fixtures.adminToken();
        String keysPath = "v1/platform/tenants/" + t.tenantId() + "/api-keys";

        TestApi.Reply listed = api.get(keysPath, admin);
        assertEquals(200, listed.status(), () -> String.valueOf(listed.body()));
        assertEquals(1, listed.body().get("items").size());
        JsonNode original = listed.body().at("/items/0");
        String originalId = original.get("id").asText();
        assertEquals("default", original.get("name").asText());
        assertNotNull(original.path("createdAt").textValue());
        assertNotNull(original.path("lastUsedAt").textValue(), "the fixture used the key: " + original);
        assertTrue(original.path("revokedAt").isNull() || original.path("revokedAt").isMissingNode());
        assertFalse(listed.body().toString().contains(t.apiKey()), "no secret in the listing");
        assertFalse(listed.body().toString().toLowerCase().contains("secret"), "no secret field in the listing");

        // Self-service rotation: the old key creates a new one, the backend switches, the new key revokes the old.
        TestApi.Reply own = api.get("v1/api-keys", t.apiKey());
        assertEquals(200, own.status(), () -> String.valueOf(own.body()));
        assertEquals(originalId, own.body().at("/items/0/id").asText());
        TestApi.Reply created = api.post("v1/api-keys", t.apiKey(), json("name", "rotated"));
        assertEquals(201, created.status(), () -> String.valueOf(created.body()));
        String newKey = created.body().get("secret").asText();
        String newId = created.body().get("id").asText();
        assertTrue(newKey.startsWith("sk_"));
        assertEquals("request.invalid", api.post("v1/api-keys", t.apiKey(), json("name", "")).code());
        assertEquals(200, api.get("v1/users/alice", newKey).status());
        assertEquals(204, api.delete("v1/api-keys/" + originalId, newKey).status());
        TestApi.Reply old = api.get("v1/users/alice", t.apiKey());
        assertEquals(401, old.status());
        assertEquals("auth.api_key_revoked", old.code());
        assertEquals(204, api.delete("v1/api-keys/" + originalId, newKey).status(), "revoking twice changes nothing");
        JsonNode afterRotation = api.get("v1/api-keys", newKey).body().get("items");
        assertEquals(2, afterRotation.size());
        assertNotNull(entries(afterRotation, k -> originalId.equals(k.get("id").asText())).get(0).path("revokedAt").textValue());

        // The last active key cannot be revoked, by the tenant or by a platform admin.
        TestApi.Reply last = api.delete("v1/api-keys/" + newId, newKey);
        assertEquals(409, last.status());
        assertEquals("api_key.last_active", last.code());
        assertEquals("api_key.last_active", api.delete(keysPath + "/" + newId, admin).code());
        assertEquals(200, api.get("v1/users/alice", newKey).status());

        // A key may revoke itself while another one is active.
        TestApi.Reply spare = api.post("v1/api-keys", newKey, json("name", "spare"));
        String spareKey = spare.body().get("secret").asText();
        String spareId = spare.body().get("id").asText();
        assertEquals(204, api.delete("v1/api-keys/" + spareId, spareKey).status());
        assertEquals("auth.api_key_revoked", api.get("v1/users/alice", spareKey).code());

        // Platform admins issue and revoke keys of a tenant.
        TestApi.Reply issued = api.post(keysPath, admin, json("name", "issued by ops"));
        assertEquals(201, issued.status(), () -> String.valueOf(issued.body()));
        String opsKey = issued.body().get("secret").asText();
        assertEquals(200, api.get("v1/users/alice", opsKey).status());
        assertEquals(204, api.delete(keysPath + "/" + issued.body().get("id").asText(), admin).status());
        assertEquals("auth.api_key_revoked", api.get("v1/users/alice", opsKey).code());
        assertEquals("resource.not_found", api.delete(keysPath + "/" + UUID.randomUUID(), admin).code());

        // The tenant's audit log names the key that acted, and the refused revocation.
        JsonNode audit = api.get("v1/audit?limit=200", newKey).body().get("items");
        List<JsonNode> revocations = entries(audit, e -> "api_key.revoked".equals(e.get("action").asText()));
        JsonNode rotation = entries(revocations, e -> originalId.equals(e.get("targetId").asText())
                && "success".equals(e.get("outcome").asText())).get(0);
        assertEquals("api_key", rotation.get("actorKind").asText());
        assertEquals(newId, rotation.get("actorId").asText());
        JsonNode refusal = entries(revocations, e -> "failure".equals(e.get("outcome").asText())).get(0);
        assertEquals(newId, refusal.get("targetId").asText());
        assertEquals("api_key.last_active", refusal.at("/detail/reason").asText());
        assertEquals(4, entries(audit, e -> "api_key.created".equals(e.get("action").asText())).size(), audit::toString);
    }

    @Test
    void anotherTenantSeesNoneOfTheAuditLogAndCannotTouchTheKeys() {
        TenantFixture a = fixtures.newTenant("Audit A " + UUID.randomUUID());
        TenantFixture b = fixtures.newTenant("Audit B " + UUID.randomUUID());
        String admin = fixtures.adminToken();
        api.patch("v1/platform/tenants/" + a.tenantId(), admin, json("name", "A renamed"));
        TestApi.Reply aKeys = api.get("v1/api-keys", a.apiKey());
        String aKeyId = aKeys.body().at("/items/0/id").asText();
        TestApi.Reply aSecond = api.post("v1/api-keys", a.apiKey(), json("name", "second"));
        assertEquals(201, aSecond.status());

        // B's key sees only B's entries, even when it names A.
        for (String query : List.of("v1/audit?limit=200", "v1/audit?limit=200&tenantId=" + a.tenantId())) {
            TestApi.Reply page = api.get(query, b.apiKey());
            assertEquals(200, page.status(), () -> String.valueOf(page.body()));
            assertFalse(page.body().get("items").isEmpty());
            for (JsonNode e : page.body().get("items")) {
                assertEquals(b.tenantId(), e.get("tenantId").asText(), e::toString);
            }
        }
        // B's key cannot list, create or revoke A's keys, nor reach the platform API.
        assertFalse(api.get("v1/api-keys", b.apiKey()).body().toString().contains(aKeyId));
        assertEquals("resource.not_found", api.delete("v1/api-keys/" + aKeyId, b.apiKey()).code());
        assertEquals("resource.not_found", api.delete("v1/api-keys/" + aSecond.body().get("id").asText(), b.apiKey()).code());
        assertEquals("auth.forbidden", api.get("v1/platform/tenants/" + a.tenantId() + "/api-keys", b.apiKey()).code());
        assertEquals("auth.forbidden", api.delete("v1/platform/tenants/" + a.tenantId() + "/api-keys/" + aKeyId, b.apiKey()).code());
        assertEquals("auth.forbidden", api.get("v1/platform/audit", b.apiKey()).code());
        assertEquals("auth.forbidden", api.get("v1/audit", b.alice()).code());
        assertEquals("auth.forbidden", api.get("v1/api-keys", b.alice()).code());
        assertEquals(200, api.get("v1/users/alice", a.apiKey()).status(), "A's keys still work");
        assertEquals(2, api.get("v1/api-keys", a.apiKey()).body().get("items").size());

        // Keyset pagination over A's entries: newest first, no overlap, no gaps.
        String base = "v1/platform/audit?tenantId=" + a.tenantId();
        JsonNode all = api.get(base + "&limit=200", admin).body().get("items");
        assertTrue(all.size() >= 4, all::toString);
        List<Long> paged = new ArrayList<>();
        String next = null;
        do {
            TestApi.Reply page = api.get(base + "&limit=2" + (next == null ? "" : "&before=" + next), admin);
            assertEquals(200, page.status(), () -> String.valueOf(page.body()));
            assertTrue(page.body().get("items").size() <= 2);
            page.body().get("items").forEach(e -> paged.add(e.get("id").asLong()));
            JsonNode nextBefore = page.body().path("nextBefore");
            next = nextBefore.isNull() || nextBefore.isMissingNode() ? null : nextBefore.asText();
        } while (next != null);
        List<Long> allIds = new ArrayList<>();
        all.forEach(e -> allIds.add(e.get("id").asLong()));
        assertEquals(allIds, paged);
        for (int i = 1; i < paged.size(); i++) {
            assertTrue(paged.get(i) < paged.get(i - 1), "newest first");
        }
        // Filters.
        JsonNode renames = api.get(base + "&action=tenant.renamed", admin).body().get("items");
        assertEquals(1, renames.size());
        assertEquals(0, api.get(base + "&from=2999-01-01T00:00:00Z", admin).body().get("items").size());
        assertEquals(allIds.size(), api.get(base + "&limit=200&to=2999-01-01T00:00:00Z", admin).body().get("items").size());
        assertEquals("request.invalid", api.get(base + "&limit=0", admin).code());
        assertEquals("request.invalid", api.get(base + "&from=yesterday", admin).code());
        assertEquals("request.invalid", api.get("v1/platform/audit?tenantId=nope", admin).code());
    }

    @Test
    void signInsAreAuditedWithTheirOutcome() {
        String admin = fixtures.adminToken();
        long mark = api.get("v1/platform/audit?limit=1", admin).body().at("/items/0/id").asLong();
        String stranger = "nobody-" + UUID.randomUUID() + "@example.com";
        assertEquals("auth.invalid_credentials", api.post("v1/auth/login", null,
                json("email", TenantFixtures.ADMIN_EMAIL, "password", "not-the-password")).code());
        assertEquals("auth.invalid_credentials", api.post("v1/auth/login", null, json("email", stranger, "password", "whatever")).code());
        TestApi.Reply ok = api.post("v1/auth/login", null,
                json("email", TenantFixtures.ADMIN_EMAIL, "password", TenantFixtures.ADMIN_PASSWORD));
        assertEquals(200, ok.status());

        JsonNode items = api.get("v1/platform/audit?action=auth.sign_in&limit=200", admin).body().get("items");
        List<JsonNode> recent = entries(items, e -> e.get("id").asLong() > mark);
        assertEquals(3, recent.size(), recent::toString);
        JsonNode success = recent.get(0);
        assertEquals("success", success.get("outcome").asText());
        assertEquals("account", success.get("actorKind").asText());
        assertEquals(ok.body().at("/account/id").asText(), success.get("actorId").asText());
        JsonNode unknown = recent.get(1);
        assertEquals("failure", unknown.get("outcome").asText());
        assertEquals("anonymous", unknown.get("actorKind").asText());
        assertEquals(stranger, unknown.at("/detail/email").asText());
        assertEquals("unknown_email", unknown.at("/detail/reason").asText());
        JsonNode wrong = recent.get(2);
        assertEquals("failure", wrong.get("outcome").asText());
        assertEquals("wrong_password", wrong.at("/detail/reason").asText());
        assertEquals(ok.body().at("/account/id").asText(), wrong.get("targetId").asText());
        for (JsonNode e : recent) {
            assertFalse(e.path("sourceIp").asText().isBlank(), "source address of " + e);
            assertFalse(e.toString().contains("not-the-password"), "no password in the audit log");
        }
    }

    @Test
    void auditRowsCannotBeUpdatedOrDeleted() throws Exception {
        fixtures.newTenant("Append only " + UUID.randomUUID());
        try (Connection c = ChatServices.postgres().connect("chat"); Statement s = c.createStatement()) {
            long before = count(s);
            assertTrue(before > 0);
            SQLException update = assertThrows(SQLException.class,
                    () -> s.executeUpdate("update audit_event set outcome = 'failure' where id = (select max(id) from audit_event)"));
            assertTrue(update.getMessage().contains("append-only"), update::getMessage);
            assertThrows(SQLException.class, () -> s.executeUpdate("delete from audit_event"));
            assertThrows(SQLException.class, () -> s.executeUpdate("truncate audit_event"));
            assertEquals(before, count(s));
        }
    }

    private static long count(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("select count(*) from audit_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<JsonNode> entries(JsonNode items, Predicate<JsonNode> filter) {
        List<JsonNode> out = new ArrayList<>();
        items.forEach(e -> {
            if (filter.test(e)) {
                out.add(e);
            }
        });
        return out;
    }

    private static List<JsonNode> entries(List<JsonNode> items, Predicate<JsonNode> filter) {
        return items.stream().filter(filter).toList();
    }
}
