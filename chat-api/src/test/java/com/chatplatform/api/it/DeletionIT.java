package com.chatplatform.api.it;

import static com.chatplatform.api.it.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.chatplatform.api.identity.PasswordHasher;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Deleting a tenant: two audited steps by a platform admin, then the tenant.delete job removes every row with
 * its tenant_id (tables enumerated from information_schema, so a new table is covered), its Elasticsearch
 * documents and its S3 objects, and leaves another tenant untouched. Plus the refusals.
 */
class DeletionIT extends ApiTestBase {
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    /** A tenant with messages, an image (S3 object + thumbnails), a search document and a signing key. */
    private String populate(TenantFixtures.TenantFixture t) throws Exception {
        String word = "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        for (int i = 0; i < 3; i++) {
            TestApi.Reply sent = api.post("v1/conversations/" + t.conversationId() + "/messages", t.alice(),
                    json("clientId", "c" + i, "text", "hello " + word + " " + i));
            assertEquals(200, sent.status(), () -> String.valueOf(sent.body()));
        }
        TestApi.Reply upload = api.postBytes("v1/conversations/" + t.conversationId() + "/attachments?fileName=dot.png", t.alice(), "image/png", PNG);
        assertTrue(upload.status() == 200 || upload.status() == 201, () -> String.valueOf(upload.body()));
        String attachmentId = upload.body().get("id").asText();
        TestApi.Reply withFile = api.post("v1/conversations/" + t.conversationId() + "/messages", t.alice(),
                json("clientId", "file", "text", "file " + word, "attachmentIds", List.of(attachmentId)));
        assertEquals(200, withFile.status(), () -> String.valueOf(withFile.body()));
        assertEquals(201, api.post("v1/token-keys", t.apiKey(), json("type", "hs256")).status());
        eventually(() -> api.get("v1/search?q=" + word, t.bob()).body().get("items").size() >= 4 ? true : null);
        eventually(() -> api.get("v1/attachments/" + attachmentId, t.bob()).status() == 200 ? true : null);
        return word;
    }

    @Test
    void deletingATenantRemovesAllOfItsDataAndNothingElse() throws Exception {
        TenantFixtures.TenantFixture victim = fixtures.newTenant("Deleted " + UUID.randomUUID());
        TenantFixtures.TenantFixture other = fixtures.newTenant("Kept " + UUID.randomUUID());
        populate(victim);
        String otherWord = populate(other);
        assertTrue(s3Objects(victim.tenantId()) >= 1 && esDocuments(victim.tenantId()) >= 4);
        Map<String, Long> otherBefore = rowsPerTable(other.tenantId());
        long otherObjects = s3Objects(other.tenantId());
        long otherDocs = esDocuments(other.tenantId());
        String admin = fixtures.adminToken();
        String path = "v1/platform/tenants/" + victim.tenantId();

        assertEquals(200, api.post(path + "/suspend", admin, json()).status());
        TestApi.Reply requested = api.post(path + "/deletion", admin, json());
        assertEquals(200, requested.status(), () -> String.valueOf(requested.body()));
        JsonNode summary = requested.body().get("summary");
        assertEquals(2, summary.get("users").asLong());
        assertEquals(1, summary.get("conversations").asLong());
        assertEquals(4, summary.get("messages").asLong());
        assertEquals(1, summary.get("attachments").asLong());
        assertTrue(summary.get("bytes").asLong() > 0, summary::toString);
        assertNotNull(requested.body().get("expiresAt"));
        String token = requested.body().get("token").asText();

        TestApi.Reply confirmed = api.post(path + "/deletion/confirm", admin, json("token", token));
        assertEquals(202, confirmed.status(), () -> String.valueOf(confirmed.body()));
        assertTrue(List.of("deleting", "deleted").contains(confirmed.body().get("status").asText()));

        JsonNode done = eventually(() -> {
            TestApi.Reply r = api.get(path, admin);
            assertEquals(200, r.status());
            return "deleted".equals(r.body().get("status").asText()) ? r.body() : null;
        });
        JsonNode progress = done.at("/deletion/progress");
        assertEquals("done", progress.get("phase").asText(), done::toString);
        assertTrue(progress.get("databaseRows").asLong() > 10, done::toString);
        assertTrue(progress.get("searchDocuments").asLong() >= 4, done::toString);
        assertTrue(progress.get("storageObjects").asLong() >= 1, done::toString);
        assertNotNull(done.at("/deletion/completedAt").asText(null));

        // Nothing of the tenant is left in any table (but the append-only audit log), the index or the bucket.
        Map<String, Long> left = rowsPerTable(victim.tenantId());
        left.remove("audit_event");
        assertTrue(left.values().stream().allMatch(n -> n == 0), () -> "rows left: " + left);
        assertTrue(left.keySet().containsAll(List.of("message", "chat_user", "conversation", "attachment", "api_key",
                "conversation_event", "tenant_token_key")), left::toString);
        assertEquals(0, esDocuments(victim.tenantId()));
        assertEquals(0, s3Objects(victim.tenantId()));
        try (Connection c = ChatServices.postgres().connect("chat"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select status from tenant where id = '" + UUID.fromString(victim.tenantId()) + "'")) {
            assertTrue(rs.next(), "the tenant row stays as a tombstone, so its id is never reused");
            assertEquals("deleted", rs.getString(1));
        }

        // The other tenant is untouched.
        // Analytics rollups are derived rows the scheduled job adds for every active tenant whenever it runs (the
        // API ITs share one server, so it may run in between): they may grow, never shrink; every other table is equal.
        Map<String, Long> otherAfter = rowsPerTable(other.tenantId());
        for (String derived : List.copyOf(otherBefore.keySet())) {
            if (derived.startsWith("analytics_")) {
                long before = otherBefore.remove(derived);
                long after = otherAfter.remove(derived);
                assertTrue(after >= before, () -> derived + " lost rows: " + before + " -> " + after);
            }
        }
        assertEquals(otherBefore, otherAfter);
        assertEquals(otherObjects, s3Objects(other.tenantId()));
        assertEquals(otherDocs, esDocuments(other.tenantId()));
        assertEquals(4, api.get("v1/search?q=" + otherWord, other.bob()).body().get("items").size());
        assertEquals(200, api.get("v1/conversations/" + other.conversationId() + "/messages", other.alice()).status());

        // The deleted tenant's credentials: its API key is gone, its user tokens answer tenant.deleted.
        TestApi.Reply key = api.get("v1/users/alice", victim.apiKey());
        assertEquals(401, key.status());
        assertEquals("auth.invalid_api_key", key.code());
        TestApi.Reply user = api.get("v1/conversations", victim.alice());
        assertEquals(403, user.status());
        assertEquals("tenant.deleted", user.code());
        // Nothing brings it back or deletes it twice.
        assertEquals("tenant.deleted", api.post(path + "/reactivate", admin, json()).code());
        assertEquals("tenant.deleted", api.post(path + "/deletion", admin, json()).code());
        assertEquals("tenant.deleted", api.post(path + "/api-keys", admin, json("name", "again")).code());

        // Audited: requested, confirmed, and what was removed per store.
        TestApi.Reply audit = api.get("v1/platform/audit?tenantId=" + victim.tenantId() + "&action=tenant.deleted", admin);
        assertEquals(1, audit.body().get("items").size(), () -> String.valueOf(audit.body()));
        JsonNode detail = audit.body().at("/items/0/detail");
        assertEquals(progress.get("searchDocuments").asLong(), detail.get("searchDocuments").asLong(), detail::toString);
        assertTrue(detail.at("/rows/message").asLong() >= 4, detail::toString);
        for (String action : List.of("tenant.deletion_requested", "tenant.deletion_confirmed")) {
            assertEquals(1, api.get("v1/platform/audit?tenantId=" + victim.tenantId() + "&action=" + action, admin)
                    .body().get("items").size(), action);
        }
    }

    @Test
    void deletionIsRefusedUnlessSuspendedConfirmedInTimeAndAskedByAPlatformAdmin() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Refusals " + UUID.randomUUID());
        String admin = fixtures.adminToken();
        String path = "v1/platform/tenants/" + t.tenantId();

        TestApi.Reply active = api.post(path + "/deletion", admin, json());
        assertEquals(409, active.status());
        assertEquals("tenant.not_suspended", active.code());

        // Not a platform admin: the tenant's own API key, its users, and its tenant admin.
        String tenantAdmin = tenantAdminToken(t.tenantId());
        for (String credential : List.of(t.apiKey(), t.alice(), tenantAdmin)) {
            TestApi.Reply r = api.post(path + "/deletion", credential, json());
            assertEquals(403, r.status(), () -> String.valueOf(r.body()));
            assertEquals("auth.forbidden", r.code());
            assertEquals("auth.forbidden", api.post(path + "/deletion/confirm", credential, json("token", "x")).code());
        }
        assertEquals(404, api.post("v1/platform/tenants/" + UUID.randomUUID() + "/deletion", admin, json()).status());

        assertEquals(200, api.post(path + "/suspend", admin, json()).status());
        String token = api.post(path + "/deletion", admin, json()).body().get("token").asText();
        for (Object wrong : List.of(json("token", token + "x"), json("token", ""), json())) {
            TestApi.Reply r = api.post(path + "/deletion/confirm", admin, wrong);
            assertEquals(400, r.status(), () -> String.valueOf(r.body()));
            assertEquals("tenant.deletion_token_invalid", r.code());
        }
        // Expired: the token is older than 10 minutes.
        try (Connection c = ChatServices.postgres().connect("chat"); PreparedStatement ps = c.prepareStatement(
                "update tenant set deletion_token_expires = now() - interval '1 second' where id = ?")) {
            ps.setObject(1, UUID.fromString(t.tenantId()));
            assertEquals(1, ps.executeUpdate());
        }
        TestApi.Reply expired = api.post(path + "/deletion/confirm", admin, json("token", token));
        assertEquals("tenant.deletion_token_invalid", expired.code());
        // Reactivated in between: the old token no longer deletes anything.
        String second = api.post(path + "/deletion", admin, json()).body().get("token").asText();
        assertEquals(200, api.post(path + "/reactivate", admin, json()).status());
        assertEquals("tenant.not_suspended", api.post(path + "/deletion/confirm", admin, json("token", second)).code());

        // Nothing changed: the tenant works as before.
        assertEquals("active", api.get(path, admin).body().get("status").asText());
        assertEquals(200, api.get("v1/conversations/" + t.conversationId(), t.alice()).status());
        assertTrue(rowsPerTable(t.tenantId()).get("chat_user") == 2);
        TestApi.Reply refusals = api.get("v1/platform/audit?tenantId=" + t.tenantId() + "&action=tenant.deletion_confirmed", admin);
        assertTrue(refusals.body().get("items").size() >= 4, () -> "refused confirmations are audited: " + refusals.body());
    }

    /** A tenant-admin console account made directly in the database (no endpoint creates them yet). */
    private String tenantAdminToken(String tenantId) throws SQLException {
        String email = "ta-" + UUID.randomUUID() + "@example.test";
        String password = "tenant-admin-password-" + UUID.randomUUID();
        try (Connection c = ChatServices.postgres().connect("chat"); PreparedStatement ps = c.prepareStatement(
                "insert into account (id, tenant_id, email, password_hash, role, created_at) values (?, ?, ?, ?, 'tenant-admin', now())")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setObject(2, UUID.fromString(tenantId));
            ps.setString(3, email);
            ps.setString(4, PasswordHasher.hash(password));
            ps.executeUpdate();
        }
        TestApi.Reply login = api.post("v1/auth/login", null, json("email", email, "password", password));
        assertEquals(200, login.status(), () -> String.valueOf(login.body()));
        return login.body().get("token").asText();
    }

    /** Rows with this tenant_id in every table that has the column (enumerated, so new tables are included). */
    static Map<String, Long> rowsPerTable(String tenantId) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = ChatServices.postgres().connect("chat")) {
            List<String> tables = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select c.table_name from information_schema.columns c "
                    + "join information_schema.tables t using (table_schema, table_name) where c.table_schema = 'public' "
                    + "and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE' order by 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertFalse(tables.isEmpty());
            for (String table : tables) {
                try (PreparedStatement ps = c.prepareStatement("select count(*) from \"" + table + "\" where tenant_id = ?")) {
                    ps.setObject(1, UUID.fromString(tenantId));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        counts.put(table, rs.getLong(1));
                    }
                }
            }
        }
        return counts;
    }

    /** The tenant's documents in the IT index (asked of Elasticsearch directly, with the tenant's routing). */
    static long esDocuments(String tenantId) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + System.getProperty("chat.it.es.port") + "/chatit-messages/_count?routing=" + tenantId);
        String body = "{\"query\":{\"term\":{\"tenantId\":\"" + tenantId + "\"}}}";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r::body);
        return TestApi.JSON.readTree(r.body()).get("count").asLong();
    }

    /** Objects under tenants/<id>/ in the IT bucket. */
    static long s3Objects(String tenantId) {
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + System.getProperty("chat.it.s3.port")))
                .region(Region.US_EAST_1).forcePathStyle(true)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("it-fixture-access", "it-fixture-secret")))
                .build()) {
            return s3.listObjectsV2Paginator(b -> b.bucket("chat-it").prefix("tenants/" + tenantId + "/")).contents().stream().count();
        }
    }
}
