package com.chatplatform.api.it;

import static com.chatplatform.api.it.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * GDPR export and erasure, retention, legal hold and the audit hash chain against the real PostgreSQL,
 * Elasticsearch and S3 (S3Proxy), through the admin REST API as a tenant backend uses it.
 */
class ComplianceIT extends ApiTestBase {
    private static final String BUCKET = "chat-it";
    private static final byte[] PDF = "%PDF-1.4\n% compliance test file\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    private final HttpClient http = HttpClient.newHttpClient();

    /** What one test set up for its victim user. */
    record Seeded(String tag, String victim, String victimToken, String groupId, List<String> victimMessageIds, String bobMessageId,
                  String attachmentId) {
    }

    // ------------------------------------------------------------------ export

    @Test
    void exportContainsEveryTableHoldingTheUsersDataWithFilesAndEditHistory() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Compliance export " + UUID.randomUUID());
        Seeded s = seed(t);

        // Every table that can hold a user's data: a foreign key to chat_user or a column naming a user. A new table
        // fails this test until the export covers it (and this list says how).
        Map<String, String> covered = Map.ofEntries(
                Map.entry("chat_user", "profile.json (with avatarUrl, customData, role)"),
                Map.entry("user_presence", "profile.json (lastSeenAt)"),
                Map.entry("conversation_member", "conversations-*.json (role, joinedAt, readSeq); mutes in moderation.json"),
                Map.entry("message", "messages-*.json (with message_edit as editHistory)"),
                Map.entry("attachment", "attachments-*.json and the files"),
                Map.entry("message_reaction", "reactions-*.json"),
                Map.entry("message_mention", "mentions-*.json"),
                Map.entry("analytics_user_day", "activity-*.json"),
                Map.entry("conversation_event", "events-*.json"),
                Map.entry("audit_event", "audit-*.json"),
                Map.entry("user_block", "moderation.json (blocks); ModerationIT checks it"),
                Map.entry("conversation_ban", "moderation.json (bans); ModerationIT checks it"),
                Map.entry("moderation_record", "moderation.json (moderationRecords); ModerationIT checks it"),
                Map.entry("message_pin", "moderation.json (pins the user made); ThreadsIT checks it"));
        assertEquals(new TreeSet<>(covered.keySet()), userTables(), "tables holding user data vs. what the export covers");

        JsonNode job = requestExport(t.apiKey(), s.victim());
        JsonNode done = awaitJob("v1/compliance/exports/" + job.get("id").asText(), t.apiKey());
        assertEquals("completed", done.get("status").asText(), done::toString);
        assertTrue(done.at("/progress/messages").asLong() >= 3, done::toString);

        Map<String, byte[]> zip = unzip(download(t.apiKey(), job.get("id").asText()));
        String dir = "users/" + s.victim() + "/";
        JsonNode profile = TestApi.JSON.readTree(zip.get(dir + "profile.json"));
        assertEquals(s.victim(), profile.get("externalId").asText());
        assertEquals(s.victim().toUpperCase(), profile.get("displayName").asText());
        assertEquals(profileMarker(s.tag()), profile.at("/customData/note").asText(), profile::toString);
        assertEquals("https://cdn.example.com/" + s.tag() + ".png", profile.get("avatarUrl").asText());
        assertEquals("user", profile.get("role").asText());
        assertTrue(profile.get("lastSeenAt").asText().startsWith("2026-01-03"), profile::toString);

        JsonNode conversations = TestApi.JSON.readTree(zip.get(dir + "conversations-000001.json"));
        JsonNode group = find(conversations, "conversationId", s.groupId());
        assertEquals("owner", group.get("role").asText());
        assertTrue(group.get("readSeq").asLong() > 0, "read state");

        JsonNode messages = TestApi.JSON.readTree(zip.get(dir + "messages-000001.json"));
        JsonNode edited = find(messages, "id", s.victimMessageIds().get(0));
        assertEquals("SECRET " + s.tag() + " two", edited.get("text").asText());
        assertEquals("SECRET " + s.tag() + " one", edited.at("/editHistory/0/previousText").asText());
        assertEquals(1, edited.at("/reactionsReceived/0/count").asInt());
        JsonNode withFile = find(messages, "id", s.victimMessageIds().get(1));
        assertEquals(s.attachmentId(), withFile.at("/attachments/0/id").asText());

        JsonNode reactions = TestApi.JSON.readTree(zip.get(dir + "reactions-000001.json"));
        assertEquals(s.bobMessageId(), reactions.at("/0/messageId").asText());

        JsonNode mentions = TestApi.JSON.readTree(zip.get(dir + "mentions-000001.json"));
        assertEquals(s.bobMessageId(), mentions.at("/0/messageId").asText());
        JsonNode activity = TestApi.JSON.readTree(zip.get(dir + "activity-000001.json"));
        assertEquals(7, activity.at("/0/messages").asInt(), activity::toString);

        String events = new String(zip.get(dir + "events-000001.json"), StandardCharsets.UTF_8);
        assertTrue(events.contains("\"read\""), "read markers are in the events");
        assertTrue(events.contains("message.edited"));

        JsonNode attachments = TestApi.JSON.readTree(zip.get(dir + "attachments-000001.json"));
        String file = attachments.at("/0/file").asText();
        assertArrayEquals(PDF, zip.get(file), "the file itself is in the ZIP");

        String audit = new String(zip.get(dir + "audit-000001.json"), StandardCharsets.UTF_8);
        assertTrue(audit.contains("compliance.export_requested"));

        JsonNode manifest = TestApi.JSON.readTree(zip.get("export.json"));
        assertEquals(1, manifest.get("schemaVersion").asInt());
        assertEquals(s.victim(), manifest.at("/users/0").asText());
        String summary = new String(zip.get("summary.txt"), StandardCharsets.UTF_8);
        assertTrue(summary.contains("message(s) written"), summary);
        assertFalse(zip.keySet().stream().anyMatch(n -> n.startsWith("users/bob/")), "only the requested user");

        // The download is audited.
        JsonNode log = api.get("v1/audit?action=compliance.export_downloaded", t.apiKey()).body();
        assertEquals(job.get("id").asText(), log.at("/items/0/targetId").asText());
    }

    @Test
    void onlyTheRequesterMayDownloadAndOtherTenantsSeeNothing() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Compliance requester " + UUID.randomUUID());
        TenantFixtures.TenantFixture other = fixtures.newTenant("Compliance other " + UUID.randomUUID());
        JsonNode job = requestExport(t.apiKey(), "alice");
        TestApi.Reply secondKey = api.post("v1/api-keys", t.apiKey(), json("name", "second"));
        assertEquals(201, secondKey.status());
        String second = secondKey.body().get("secret").asText();
        awaitJob("v1/compliance/exports/" + job.get("id").asText(), t.apiKey());

        TestApi.Reply refused = api.post("v1/compliance/exports/" + job.get("id").asText() + "/download", second, json());
        assertEquals(403, refused.status());
        assertEquals("export.not_requester", refused.code());
        assertEquals("compliance.export_downloaded", api.get("v1/audit?action=compliance.export_downloaded", t.apiKey()).body()
                .at("/items/0/action").asText());
        assertEquals("failure", api.get("v1/audit?action=compliance.export_downloaded", t.apiKey()).body().at("/items/0/outcome").asText());

        for (String path : List.of("v1/compliance/exports/" + job.get("id").asText())) {
            assertEquals("resource.not_found", api.get(path, other.apiKey()).code());
        }
        assertEquals("resource.not_found", api.post("v1/compliance/exports/" + job.get("id").asText() + "/download", other.apiKey(), json()).code());
        assertEquals("resource.not_found", api.post("v1/compliance/exports/" + job.get("id").asText() + "/cancel", other.apiKey(), json()).code());
        assertEquals("resource.not_found", api.post("v1/compliance/exports", other.apiKey(), json("userIds", List.of("nobody-here"))).code());
        assertEquals("resource.not_found", api.delete("v1/users/" + "alice-not-in-other", other.apiKey()).code());
        assertEquals("resource.not_found", api.call("PUT", "v1/compliance/retention/conversations/" + t.conversationId(), other.apiKey(),
                json("maxAgeDays", 5)).code());
        assertEquals("resource.not_found", api.post("v1/compliance/holds", other.apiKey(),
                json("targetType", "conversation", "targetId", t.conversationId(), "reason", "x")).code());
        assertEquals(0, api.get("v1/compliance/exports", other.apiKey()).body().size());

        TestApi.Reply ok = api.post("v1/compliance/exports/" + job.get("id").asText() + "/download", t.apiKey(), json());
        assertEquals(200, ok.status(), () -> String.valueOf(ok.body()));
        HttpResponse<byte[]> zip = api.fetch(URI.create(ok.body().get("url").asText()));
        assertEquals(200, zip.statusCode());
        assertTrue(unzip(zip.body()).containsKey("summary.txt"));
    }

    @Test
    void expiredExportIsDeletedFromS3() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Compliance expiry " + UUID.randomUUID());
        TestApi.Reply settings = api.call("PUT", "v1/compliance/settings", t.apiKey(), json("exportTtlSeconds", 10));
        assertEquals(200, settings.status(), () -> String.valueOf(settings.body()));
        // One settings service: the tenant's settings show the change at once, next to the plan's limits.
        JsonNode all = api.get("v1/settings", t.apiKey()).body();
        assertEquals(10, all.at("/compliance/exportTtlSeconds").asLong(), all::toString);
        assertEquals("anonymise", all.at("/compliance/erasurePolicy").asText());
        JsonNode job = requestExport(t.apiKey(), "alice");
        String id = job.get("id").asText();
        awaitJob("v1/compliance/exports/" + id, t.apiKey());
        String key = "tenants/" + t.tenantId() + "/exports/" + id + ".zip";
        assertTrue(objectExists(key));
        JsonNode expired = eventually(() -> {
            JsonNode j = api.get("v1/compliance/exports/" + id, t.apiKey()).body();
            return "expired".equals(j.get("status").asText()) ? j : null;
        });
        assertNotNull(expired);
        assertFalse(objectExists(key), "the expired export's object is deleted");
        TestApi.Reply gone = api.post("v1/compliance/exports/" + id + "/download", t.apiKey(), json());
        assertEquals(410, gone.status());
        assertEquals("export.expired", gone.code());
        assertEquals(id, api.get("v1/audit?action=compliance.export_expired", t.apiKey()).body().at("/items/0/targetId").asText());
    }

    @Test
    void cancelledExportLeavesNoFile() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Compliance cancel " + UUID.randomUUID());
        // Enough incompressible content for several parts (about 30 MB compressed), so the export is still running when it is cancelled.
        try (Connection c = db(); Statement st = c.createStatement()) {
            st.execute("insert into message (id, tenant_id, conversation_id, seq, sender_id, client_id, text, version, created_at) "
                    + "select gen_random_uuid(), '" + t.tenantId() + "', '" + t.conversationId() + "', 1000 + g, "
                    + "(select id from chat_user where tenant_id = '" + t.tenantId() + "' and external_id = 'alice'), 'seed-' || g, "
                    + "(select string_agg(md5(random()::text || g || k), '') from generate_series(1, 60) k), 1, now() "
                    + "from generate_series(1, 30000) g");
            st.execute("update conversation set last_seq = 31000 where id = '" + t.conversationId() + "'");
        }
        JsonNode job = requestExport(t.apiKey(), "alice");
        String id = job.get("id").asText();
        TestApi.Reply cancelled = api.post("v1/compliance/exports/" + id + "/cancel", t.apiKey(), json());
        assertEquals(200, cancelled.status(), () -> String.valueOf(cancelled.body()));
        assertEquals("cancelled", cancelled.body().get("status").asText());
        // Its outbox events run out and nothing is written afterwards.
        eventually(() -> outboxEvents(id) == 0 ? Boolean.TRUE : null);
        assertEquals("cancelled", api.get("v1/compliance/exports/" + id, t.apiKey()).body().get("status").asText());
        assertFalse(objectExists("tenants/" + t.tenantId() + "/exports/" + id + ".zip"));
        TestApi.Reply again = api.post("v1/compliance/exports/" + id + "/cancel", t.apiKey(), json());
        assertEquals(409, again.status());
        assertEquals("compliance.job_finished", again.code());
        assertEquals("export.expired", api.post("v1/compliance/exports/" + id + "/download", t.apiKey(), json()).code());
    }

    // ------------------------------------------------------------------ erasure

    @Test
    void erasureWithAnonymisePolicyLeavesNoTraceAndKeepsThreadsReadable() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Compliance anonymise " + UUID.randomUUID());
        Seeded s = seed(t);
        List<String> keys = attachmentKeys(t.tenantId(), s.victim());
        assertFalse(keys.isEmpty());
        keys.forEach(k -> assertTrue(objectExists(k)));
        awaitIndexed(t.bob(), s.tag(), 3);

        TestApi.Reply started = api.delete("v1/users/" + s.victim(), t.apiKey());
        assertEquals(202, started.status(), () -> String.valueOf(started.body()));
        JsonNode done = awaitJob("v1/compliance/erasures/" + started.body().get("id").asText(), t.apiKey());
        assertEquals("completed", done.get("status").asText(), done::toString);
        JsonNode report = done.get("report");
        assertEquals("anonymise", report.get("policy").asText());
        assertEquals(3, report.at("/removed/postgresql/messagesAnonymised").asInt(), report::toString);
        assertTrue(report.at("/removed/s3/objects").asInt() >= 1, report::toString);
        assertEquals(3, report.at("/removed/elasticsearch/messageDocuments").asInt(), report::toString);
        assertTrue(report.get("profileRemoved").asBoolean());
        assertEquals(0, report.get("heldBack").size());

        assertNoTrace(t, s, keys);
        // Threads stay readable: the victim's messages are content-less placeholders of a deleted user.
        JsonNode page = api.get("v1/conversations/" + s.groupId() + "/messages?limit=50", t.bob()).body();
        int placeholders = 0;
        for (JsonNode m : page.get("items")) {
            if (s.victimMessageIds().contains(m.get("id").asText())) {
                assertEquals("~deleted", m.get("senderId").asText());
                assertTrue(m.get("deleted").asBoolean());
                assertEquals("", m.get("text").asText());
                placeholders++;
            } else if (!"system".equals(m.path("kind").asText())) {
                assertEquals("bob", m.get("senderId").asText());
                assertEquals(0, m.get("reactions").size(), "the victim's reaction is gone");
            }
        }
        assertEquals(3, placeholders);
        assertErasureEventAndIdempotence(t, s, started.body().get("id").asText());
    }

    @Test
    void erasureWithDeletePolicyRemovesTheMessages() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Compliance delete " + UUID.randomUUID());
        assertEquals(200, api.call("PUT", "v1/compliance/settings", t.apiKey(), json("erasurePolicy", "delete")).status());
        Seeded s = seed(t);
        List<String> keys = attachmentKeys(t.tenantId(), s.victim());
        awaitIndexed(t.bob(), s.tag(), 3);

        long charged = sql(t, "select coalesce(sum(a.quota_bytes), 0) from attachment a join chat_user u on u.id = a.uploader_id "
                + "where a.tenant_id = ?::uuid and u.external_id = '" + s.victim() + "'");
        long usedBefore = api.get("v1/usage", t.apiKey()).body().get("storageBytes").asLong();
        assertTrue(charged > 0 && usedBefore >= charged, () -> charged + " of " + usedBefore);

        TestApi.Reply started = api.post("v1/compliance/erasures", t.apiKey(), json("userId", s.victim()));
        assertEquals(202, started.status(), () -> String.valueOf(started.body()));
        JsonNode done = awaitJob("v1/compliance/erasures/" + started.body().get("id").asText(), t.apiKey());
        assertEquals(3, done.at("/report/removed/postgresql/messagesDeleted").asInt(), done::toString);
        // The tenant's storage counter gave the erased files back: it equals what the remaining attachments are charged.
        assertTrue(api.get("v1/usage", t.apiKey()).body().get("storageBytes").asLong() < usedBefore);
        assertEquals(0, sql(t, "select (select storage_bytes from tenant_usage where tenant_id = ?::uuid) "
                + "- (select coalesce(sum(quota_bytes), 0) from attachment where tenant_id = ?::uuid)"));

        assertNoTrace(t, s, keys);
        JsonNode page = api.get("v1/conversations/" + s.groupId() + "/messages?limit=50", t.bob()).body();
        List<String> userMessages = new ArrayList<>();
        page.get("items").forEach(m -> {
            if (!"system".equals(m.path("kind").asText())) { // the guest's join announcement stays (it names no one)
                userMessages.add(m.get("id").asText());
            }
        });
        assertEquals(List.of(s.bobMessageId()), userMessages, page::toString);
        assertErasureEventAndIdempotence(t, s, started.body().get("id").asText());
    }

    private void assertErasureEventAndIdempotence(TenantFixtures.TenantFixture t, Seeded s, String erasureId) {
        JsonNode events = api.get("v1/compliance/events", t.apiKey()).body();
        JsonNode erased = events.at("/items/0");
        assertEquals("user.erased", erased.get("kind").asText());
        assertEquals(s.victim(), erased.at("/payload/userId").asText());
        // Asking again answers the same finished erasure; the user is gone.
        TestApi.Reply again = api.delete("v1/users/" + s.victim(), t.apiKey());
        assertEquals(200, again.status(), () -> String.valueOf(again.body()));
        assertEquals(erasureId, again.body().get("id").asText());
        assertEquals("completed", again.body().get("status").asText());
        assertEquals("resource.not_found", api.get("v1/users/" + s.victim(), t.apiKey()).code());
        // The proof of erasure is in the audit log.
        JsonNode audit = api.get("v1/audit?action=compliance.erasure_completed", t.apiKey()).body();
        assertEquals(s.victim(), audit.at("/items/0/targetId").asText());
        assertEquals(erasureId, audit.at("/items/0/detail/report/erasureId").asText());
    }

    /** No row of any table (but the erasure's own audit, job and event records), no search document and no file holds the victim's data. */
    private void assertNoTrace(TenantFixtures.TenantFixture t, Seeded s, List<String> keys) throws Exception {
        try (Connection c = db()) {
            List<String> leaks = new ArrayList<>();
            List<String[]> tables = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("select t.table_name, exists (select 1 from information_schema.columns k "
                    + "where k.table_schema = 'public' and k.table_name = t.table_name and k.column_name = 'tenant_id') from information_schema.tables t "
                    + "where t.table_schema = 'public' and t.table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(new String[] {rs.getString(1), rs.getBoolean(2) ? "t" : "f"});
                }
            }
            Set<String> erasureRecords = Set.of("audit_event", "compliance_job", "compliance_event");
            for (String[] table : tables) {
                if (erasureRecords.contains(table[0])) {
                    continue;
                }
                String sql = "select count(*) from " + table[0] + " x where (x::text ilike ? or x::text like ?)"
                        + ("t".equals(table[1]) ? " and x.tenant_id = cast(? as uuid)" : "");
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, "%" + s.tag() + "%");
                    ps.setString(2, "%" + victimInternalId + "%");
                    if ("t".equals(table[1])) {
                        ps.setString(3, t.tenantId());
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            leaks.add(table[0] + ": " + rs.getLong(1));
                        }
                    }
                }
            }
            assertEquals(List.of(), leaks, "rows still holding the erased user's data");
            // The erasure's own records name the user, and so do the records of changes made to the user (which fields
            // changed, never their values: the profile's custom data is in no audit entry); the job and the event are
            // the erasure record, nothing else.
            try (PreparedStatement ps = c.prepareStatement("select action, (audit_event.*)::text from audit_event "
                    + "where tenant_id = cast(? as uuid) and (audit_event.*)::text ilike ?")) {
                ps.setString(1, t.tenantId());
                ps.setString(2, "%" + s.tag() + "%");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String action = rs.getString(1);
                        assertTrue(action.startsWith("compliance.erasure_") || action.equals("user.updated"),
                                "only the erasure's and the profile changes' audit records name the user: " + action);
                        assertFalse(rs.getString(2).contains(profileMarker(s.tag())), "an audit record holds profile data: " + rs.getString(2));
                    }
                }
            }
        }
        es("POST", "/chatit-messages/_refresh", null);
        JsonNode hits = TestApi.JSON.readTree(es("POST", "/chatit-messages/_search", "{\"query\":{\"bool\":{\"should\":["
                + "{\"ids\":{\"values\":" + TestApi.JSON.writeValueAsString(s.victimMessageIds()) + "}},"
                + "{\"match\":{\"text\":\"" + s.tag() + "\"}},{\"term\":{\"senderId\":\"" + s.victim() + "\"}}]}}}"));
        assertEquals(0, hits.at("/hits/total/value").asInt(), hits::toString);
        for (String key : keys) {
            assertFalse(objectExists(key), key + " is still in S3");
        }
        // Bob's own message is still searchable: the check above can find documents.
        assertTrue(TestApi.JSON.readTree(es("POST", "/chatit-messages/_search", "{\"query\":{\"ids\":{\"values\":[\"" + s.bobMessageId() + "\"]}}}"))
                .at("/hits/total/value").asInt() == 1);
        // Nor does the event log, as bob reads it.
        String log = api.get("v1/conversations/" + s.groupId() + "/events?after=0&limit=200", t.bob()).body().toString();
        assertFalse(log.contains(s.tag()), log);
        assertFalse(log.contains("\"" + s.victim() + "\""), log);
    }

    // ------------------------------------------------------------------ retention and legal hold

    @Test
    void retentionDeletesOldMessagesWithAttachmentsAndIndexEntriesButNotHeldOnes() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Compliance retention " + UUID.randomUUID());
        Seeded s = seed(t);
        List<String> groupKeys = attachmentKeys(t.tenantId(), s.victim());
        String directOld = send(t.alice(), t.conversationId(), "old direct " + s.tag(), List.of());
        String directNew = send(t.alice(), t.conversationId(), "new direct " + s.tag(), List.of());
        awaitIndexed(t.bob(), s.tag(), 5);
        // Everything is old except directNew.
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "update message set created_at = now() - interval '60 days' where tenant_id = cast(? as uuid) and id <> cast(? as uuid)")) {
            ps.setString(1, t.tenantId());
            ps.setString(2, directNew);
            ps.executeUpdate();
        }
        // A run before the policy exists finds nothing and keeps the scheduler's own run away from this tenant for
        // chat.compliance.retention.interval-seconds, so the run below is the only one that can delete anything.
        TestApi.Reply idle = api.post("v1/compliance/retention/runs", t.apiKey(), json());
        assertEquals(0, awaitJob("v1/compliance/retention/runs/" + idle.body().get("id").asText(), t.apiKey()).at("/report/heldBackMessages").asInt());
        TestApi.Reply hold = api.post("v1/compliance/holds", t.apiKey(), json("targetType", "conversation", "targetId", s.groupId(),
                "reason", "litigation 2026-17"));
        assertEquals(201, hold.status(), () -> String.valueOf(hold.body()));
        assertEquals(200, api.call("PUT", "v1/compliance/retention", t.apiKey(), json("maxAgeDays", 30)).status());

        TestApi.Reply run = api.post("v1/compliance/retention/runs", t.apiKey(), json());
        assertEquals(202, run.status(), () -> String.valueOf(run.body()));
        JsonNode done = awaitJob("v1/compliance/retention/runs/" + run.body().get("id").asText(), t.apiKey());
        assertEquals(1, done.at("/report/removed/messages").asInt(), done::toString);
        // Held in the group: the victim's three messages, bob's, and the system message announcing the guest.
        assertEquals(5, done.at("/report/heldBackMessages").asInt(), done::toString);
        assertEquals(s.groupId(), done.at("/report/heldBack/0/conversationId").asText());

        JsonNode direct = api.get("v1/conversations/" + t.conversationId() + "/messages?limit=50", t.alice()).body();
        assertTrue(find(direct.get("items"), "id", directOld).get("deleted").asBoolean());
        assertEquals("new direct " + s.tag(), find(direct.get("items"), "id", directNew).get("text").asText());
        groupKeys.forEach(k -> assertTrue(objectExists(k), "held attachment kept"));
        es("POST", "/chatit-messages/_refresh", null);
        assertEquals(0, TestApi.JSON.readTree(es("POST", "/chatit-messages/_search", "{\"query\":{\"ids\":{\"values\":[\"" + directOld + "\"]}}}"))
                .at("/hits/total/value").asInt());

        // Erasure while the hold is in place keeps the held conversation's data and says why.
        TestApi.Reply erase = api.delete("v1/users/" + s.victim(), t.apiKey());
        JsonNode erased = awaitJob("v1/compliance/erasures/" + erase.body().get("id").asText(), t.apiKey());
        JsonNode held = erased.at("/report/heldBack/0");
        assertEquals(s.groupId(), held.get("target").asText(), erased::toString);
        assertEquals("litigation 2026-17", held.get("reason").asText());
        assertEquals(3, held.at("/kept/messages").asInt());
        assertFalse(erased.at("/report/profileRemoved").asBoolean());
        groupKeys.forEach(k -> assertTrue(objectExists(k), "held attachment kept by erasure"));

        // Lifting the hold (audited) lets a new erasure finish the job.
        TestApi.Reply lifted = api.delete("v1/compliance/holds/" + hold.body().get("id").asText(), t.apiKey());
        assertEquals(200, lifted.status());
        assertNotNull(lifted.body().get("liftedAt").asText());
        JsonNode holdsAudit = api.get("v1/audit?action=legal_hold.lifted", t.apiKey()).body();
        assertEquals(s.groupId(), holdsAudit.at("/items/0/targetId").asText());
        assertEquals("legal_hold.placed", api.get("v1/audit?action=legal_hold.placed", t.apiKey()).body().at("/items/0/action").asText());
        TestApi.Reply again = api.delete("v1/users/" + s.victim(), t.apiKey());
        assertEquals(202, again.status(), () -> String.valueOf(again.body()));
        JsonNode second = awaitJob("v1/compliance/erasures/" + again.body().get("id").asText(), t.apiKey());
        assertTrue(second.at("/report/profileRemoved").asBoolean(), second::toString);
        groupKeys.forEach(k -> assertFalse(objectExists(k)));
    }

    // ------------------------------------------------------------------ audit chain

    @Test
    void auditChainVerifiesAndDetectsTampering() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Compliance audit " + UUID.randomUUID());
        api.post("v1/api-keys", t.apiKey(), json("name", "one"));
        api.post("v1/api-keys", t.apiKey(), json("name", "two"));
        JsonNode ok = api.get("v1/audit/verify", t.apiKey()).body();
        assertTrue(ok.get("valid").asBoolean(), ok::toString);
        assertTrue(ok.get("checked").asLong() >= 3, ok::toString);
        JsonNode platform = api.get("v1/platform/audit/verify", fixtures.adminToken()).body();
        assertTrue(platform.get("valid").asBoolean(), platform::toString);

        long victim;
        try (Connection c = db(); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery("select id from audit_event where tenant_id = '" + t.tenantId() + "' order by id offset 1 limit 1");
            rs.next();
            victim = rs.getLong(1);
            c.setAutoCommit(false);
            st.execute("alter table audit_event disable trigger audit_event_no_update_delete");
            st.execute("update audit_event set detail = '{\"name\":\"forged\"}' where id = " + victim);
            st.execute("alter table audit_event enable trigger audit_event_no_update_delete");
            c.commit();
        }
        JsonNode broken = api.get("v1/audit/verify", t.apiKey()).body();
        assertFalse(broken.get("valid").asBoolean(), broken::toString);
        assertEquals(victim, broken.get("firstBrokenId").asLong());
        JsonNode viaAdmin = api.get("v1/platform/audit/verify?tenantId=" + t.tenantId(), fixtures.adminToken()).body();
        assertEquals(victim, viaAdmin.get("firstBrokenId").asLong());
    }

    // ------------------------------------------------------------------ refusals

    @Test
    void badInputIsRefusedWithStableCodes() {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Compliance input " + UUID.randomUUID());
        assertEquals("request.invalid", api.post("v1/compliance/exports", t.apiKey(), json("userIds", List.of())).code());
        assertEquals("request.invalid", api.post("v1/compliance/exports", t.apiKey(), json("scope", "planet")).code());
        assertEquals("request.invalid", api.post("v1/compliance/exports", t.apiKey(), json("scope", "tenant", "userIds", List.of("alice"))).code());
        assertEquals("resource.not_found", api.post("v1/compliance/exports", t.apiKey(), json("userIds", List.of("nobody"))).code());
        assertEquals("request.malformed", api.post("v1/compliance/exports", t.apiKey(), "{not json").code());
        assertEquals("request.invalid", api.post("v1/compliance/erasures", t.apiKey(), json()).code());
        assertEquals("resource.not_found", api.post("v1/compliance/erasures", t.apiKey(), json("userId", "nobody")).code());
        assertEquals("resource.not_found", api.delete("v1/users/~deleted", t.apiKey()).code());
        assertEquals("request.invalid", api.call("PUT", "v1/compliance/settings", t.apiKey(), json("erasurePolicy", "shred")).code());
        assertEquals("request.invalid", api.call("PUT", "v1/compliance/settings", t.apiKey(), json("exportTtlSeconds", 1)).code());
        assertEquals("request.invalid", api.call("PUT", "v1/compliance/retention", t.apiKey(), json("maxAgeDays", 0)).code());
        assertEquals("resource.not_found", api.call("PUT", "v1/compliance/retention/conversations/" + UUID.randomUUID(), t.apiKey(),
                json("maxAgeDays", 3)).code());
        assertEquals("request.invalid", api.post("v1/compliance/holds", t.apiKey(), json("targetType", "user", "targetId", "alice")).code());
        assertEquals("request.invalid", api.post("v1/compliance/holds", t.apiKey(), json("targetType", "planet", "targetId", "x", "reason", "r")).code());
        assertEquals("resource.not_found", api.post("v1/compliance/holds", t.apiKey(), json("targetType", "user", "targetId", "nobody", "reason", "r")).code());
        assertEquals("resource.not_found", api.delete("v1/compliance/holds/" + UUID.randomUUID(), t.apiKey()).code());
        assertEquals("resource.not_found", api.get("v1/compliance/exports/not-an-id", t.apiKey()).code());
        assertEquals("request.invalid", api.get("v1/compliance/events?limit=0", t.apiKey()).code());
        // End users and anonymous callers may not.
        assertEquals("auth.forbidden", api.post("v1/compliance/exports", t.alice(), json("userIds", List.of("alice"))).code());
        assertEquals("auth.forbidden", api.delete("v1/users/alice", t.alice()).code());
        assertEquals("auth.required", api.get("v1/compliance/exports", null).code());
        // Nothing was created by the refused calls.
        assertEquals(0, api.get("v1/compliance/exports", t.apiKey()).body().size());
        assertEquals(0, api.get("v1/compliance/erasures", t.apiKey()).body().size());
        assertEquals(0, api.get("v1/compliance/retention", t.apiKey()).body().size());
        assertEquals(0, api.get("v1/compliance/holds", t.apiKey()).body().size());
    }

    @Test
    void anExportInterruptedByAServerCrashResumesFromItsCursorAndCompletes() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Compliance crash " + UUID.randomUUID());
        // About 20 MiB of incompressible files: the export needs three 8 MiB parts, so it is mid-way after the first.
        java.util.Random random = new java.util.Random(17);
        Map<String, byte[]> files = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            byte[] data = new byte[4 * 1024 * 1024];
            random.nextBytes(data);
            System.arraycopy(PDF, 0, data, 0, 9);
            TestApi.Reply upload = api.postBytes("v1/conversations/" + t.conversationId() + "/attachments?fileName=big-" + i + ".pdf",
                    t.alice(), "application/pdf", data);
            assertEquals(201, upload.status(), () -> String.valueOf(upload.body()));
            String id = upload.body().get("id").asText();
            send(t.alice(), t.conversationId(), "file " + i, List.of(id));
            files.put(id, data);
        }
        String jobId = requestExport(t.apiKey(), "alice").get("id").asText();

        try (Connection c = db()) {
            c.setAutoCommit(false);
            // Take the job's row lock as soon as one part is written: the next batch waits for it and dies with the server.
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            String status = null;
            long parts = 0;
            while (parts == 0 && System.nanoTime() < deadline) {
                try (PreparedStatement ps = c.prepareStatement("select status, parts from compliance_job where id = cast(? as uuid) for update")) {
                    ps.setString(1, jobId);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        status = rs.getString(1);
                        parts = rs.getLong(2);
                    }
                }
                if (parts == 0) {
                    c.rollback();
                    Thread.sleep(20);
                }
            }
            assertEquals("running", status, "the export must be caught mid-way (" + parts + " part(s) written)");
            ChatServices.crashApi();
            c.rollback();
        }
        // The next call starts the server again on the same database; the job's outbox event is still there.
        api = new TestApi(ChatServices.api());
        JsonNode done = awaitJob("v1/compliance/exports/" + jobId, t.apiKey());
        assertTrue(done.at("/progress/bytes").asLong() > 20L * 1024 * 1024, done::toString);

        Map<String, byte[]> zip = unzip(download(t.apiKey(), jobId));
        JsonNode listed = TestApi.JSON.readTree(zip.get("users/alice/attachments-000001.json"));
        assertEquals(files.size(), listed.size(), listed::toString);
        for (JsonNode a : listed) {
            assertArrayEquals(files.get(a.get("id").asText()), zip.get(a.get("file").asText()), "file " + a.get("id") + " whole after the crash");
        }
        assertEquals(1, api.get("v1/audit?action=compliance.export_completed", t.apiKey()).body().get("items").size());
    }

    // ------------------------------------------------------------------ helpers

    private String victimInternalId = "no-victim-yet";

    /** A victim user with group messages (one edited), a file, reactions both ways and a read marker; bob writes too. */
    /** What the seeded user's custom profile data holds: derived from the tag but not containing it. */
    private static String profileMarker(String tag) {
        return "cd" + new StringBuilder(tag).reverse();
    }

    private Seeded seed(TenantFixtures.TenantFixture t) throws Exception {
        String tag = "z" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String victim = "victim-" + tag;
        String token = fixtures.addUser(t, victim);
        victimInternalId = TenantFixtures.userRowId(t.tenantId(), victim);
        TestApi.Reply profile = api.patch("v1/users/" + victim, t.apiKey(), json("avatarUrl", "https://cdn.example.com/" + tag + ".png",
                "customData", json("note", profileMarker(tag))));
        assertEquals(200, profile.status(), () -> String.valueOf(profile.body()));
        TestApi.Reply group = api.post("v1/conversations", token, json("type", "group", "name", "Project", "members", List.of("bob")));
        assertEquals(201, group.status(), () -> String.valueOf(group.body()));
        String groupId = group.body().get("id").asText();
        // The victim invites a guest: the event log names the victim as "invitedBy" (an actor field erasure must scrub).
        String guest = "guest" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        fixtures.addUser(t, guest);
        TestApi.Reply invited = api.post("v1/conversations/" + groupId + "/members", token, json("userId", guest));
        assertEquals(200, invited.status(), () -> String.valueOf(invited.body()));
        String first = send(token, groupId, "SECRET " + tag + " one", List.of());
        TestApi.Reply edit = api.patch("v1/conversations/" + groupId + "/messages/" + first, token, json("text", "SECRET " + tag + " two"));
        assertEquals(200, edit.status(), () -> String.valueOf(edit.body()));
        TestApi.Reply upload = api.postBytes("v1/conversations/" + groupId + "/attachments?fileName=" + tag + ".pdf", token, "application/pdf", PDF);
        assertEquals(201, upload.status(), () -> String.valueOf(upload.body()));
        String attachment = upload.body().get("id").asText();
        String second = send(token, groupId, "file " + tag, List.of(attachment));
        String third = send(token, groupId, "third " + tag, List.of());
        String bobs = send(t.bob(), groupId, "bob hello", List.of());
        assertEquals(200, api.put("v1/conversations/" + groupId + "/messages/" + bobs + "/reactions/%F0%9F%91%8D", token).status());
        assertEquals(200, api.put("v1/conversations/" + groupId + "/messages/" + first + "/reactions/%F0%9F%91%8D", t.bob()).status());
        long lastSeq = api.get("v1/conversations/" + groupId, token).body().get("lastSeq").asLong();
        TestApi.Reply read = api.post("v1/conversations/" + groupId + "/read", token, json("seq", lastSeq));
        assertEquals(200, read.status(), () -> String.valueOf(read.body()));
        // Rows other features keep about the user: a mention of the victim in bob's message, a day of activity figures.
        try (Connection c = db(); Statement st = c.createStatement()) {
            st.execute("insert into message_mention (message_id, user_id, tenant_id, conversation_id, created_at) values ('" + bobs + "', '"
                    + victimInternalId + "', '" + t.tenantId() + "', '" + groupId + "', now()) on conflict do nothing");
            st.execute("insert into analytics_user_day (tenant_id, day, user_id, messages) values ('" + t.tenantId() + "', date '2026-01-02', '"
                    + victimInternalId + "', 7) on conflict do nothing");
            st.execute("insert into user_presence (user_id, tenant_id, last_seen_at) values ('" + victimInternalId + "', '" + t.tenantId()
                    + "', timestamptz '2026-01-03 10:00:00+00') on conflict (user_id) do update set last_seen_at = excluded.last_seen_at");
        }
        return new Seeded(tag, victim, token, groupId, List.of(first, second, third), bobs, attachment);
    }

    private String send(String token, String conversation, String text, List<String> attachments) {
        TestApi.Reply r = api.post("v1/conversations/" + conversation + "/messages", token,
                json("clientId", UUID.randomUUID().toString(), "text", text, "attachmentIds", attachments));
        assertEquals(200, r.status(), () -> String.valueOf(r.body()));
        return r.body().get("id").asText();
    }

    private JsonNode requestExport(String key, String user) {
        TestApi.Reply r = api.post("v1/compliance/exports", key, json("userIds", List.of(user)));
        assertEquals(202, r.status(), () -> String.valueOf(r.body()));
        assertEquals("queued", r.body().get("status").asText());
        return r.body();
    }

    private JsonNode awaitJob(String path, String key) throws InterruptedException {
        return eventually(() -> {
            TestApi.Reply r = api.get(path, key);
            assertEquals(200, r.status(), () -> String.valueOf(r.body()));
            String status = r.body().get("status").asText();
            assertFalse("failed".equals(status), () -> r.body().toString());
            return "completed".equals(status) ? r.body() : null;
        });
    }

    private byte[] download(String key, String id) {
        TestApi.Reply r = api.post("v1/compliance/exports/" + id + "/download", key, json());
        assertEquals(200, r.status(), () -> String.valueOf(r.body()));
        HttpResponse<byte[]> zip = api.fetch(URI.create(r.body().get("url").asText()));
        assertEquals(200, zip.statusCode());
        return zip.body();
    }

    private void awaitIndexed(String token, String tag, int atLeast) throws InterruptedException {
        eventually(() -> {
            TestApi.Reply r = api.get("v1/search?q=" + tag, token);
            return r.status() == 200 && r.body().get("items").size() >= atLeast ? Boolean.TRUE : null;
        });
    }

    private static Map<String, byte[]> unzip(byte[] bytes) throws Exception {
        Map<String, byte[]> files = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                files.put(e.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(field).asText())) {
                return n;
            }
        }
        throw new AssertionError("No element with " + field + " = " + value + " in " + array);
    }

    private static Connection db() throws Exception {
        return ChatServices.postgres().connect("chat");
    }

    private static Set<String> userTables() throws Exception {
        Set<String> tables = new TreeSet<>();
        try (Connection c = db(); ResultSet rs = c.createStatement().executeQuery(
                "select tc.table_name from information_schema.table_constraints tc join information_schema.constraint_column_usage u "
                        + "on u.constraint_name = tc.constraint_name and u.constraint_schema = tc.constraint_schema "
                        + "where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = 'public' and u.table_name = 'chat_user' "
                        + "union select table_name from information_schema.columns where table_schema = 'public' "
                        + "and (column_name like '%user_id' or column_name in ('sender_id', 'uploader_id', 'actor_id', 'author_id', 'owner_id'))")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        tables.add("chat_user");
        return tables;
    }

    private static List<String> attachmentKeys(String tenantId, String externalId) throws Exception {
        List<String> keys = new ArrayList<>();
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("select a.storage_key, a.thumbnail_keys from attachment a "
                + "join chat_user u on u.id = a.uploader_id where a.tenant_id = cast(? as uuid) and u.external_id = ?")) {
            ps.setString(1, tenantId);
            ps.setString(2, externalId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                    String thumbs = rs.getString(2);
                    if (thumbs != null && !thumbs.isBlank()) {
                        for (String entry : thumbs.split(",")) {
                            keys.add(entry.split("=", 2)[1]);
                        }
                    }
                }
            }
        }
        return keys;
    }

    private static long outboxEvents(String aggregateId) {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("select count(*) from outbox_event where aggregate_id = cast(? as uuid)")) {
            ps.setString(1, aggregateId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static S3Client s3() {
        return S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + System.getProperty("chat.it.s3.port")))
                .region(Region.US_EAST_1).forcePathStyle(true).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("it-fixture-access", "it-fixture-secret")))
                .build();
    }

    private static boolean objectExists(String key) {
        try (S3Client s3 = s3()) {
            s3.headObject(b -> b.bucket(BUCKET).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private String es(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + System.getProperty("chat.it.es.port") + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() < 300, () -> path + " -> " + r.statusCode() + " " + r.body());
        return r.body();
    }

    /** One number from SQL; each ? is the tenant's id. */
    private static long sql(TenantFixtures.TenantFixture t, String query) throws Exception {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(query)) {
            for (int i = 1; i <= query.chars().filter(ch -> ch == '?').count(); i++) {
                ps.setString(i, t.tenantId());
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
