package com.chatplatform.api.it;

import static com.chatplatform.api.it.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.chatplatform.api.it.TenantFixtures.TenantFixture;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * ADR 0014: a tenant that the planner statistics do not know yet (estimated at about one row) still gets plans that
 * read what a request needs, not all of the tenant's messages through an index that starts with tenant_id. The tenant
 * gets 6,000 messages after the table was analyzed (as a bulk import would); sends on both paths, their retries and
 * history pages must then read far fewer entries of the tenant-leading message indexes than the tenant has, while a
 * query about the whole tenant (usage) reads them all, which shows the counters see those reads.
 */
class NewTenantPlansIT extends ApiTestBase {
    private static final int BULK = 6000;
    private static final String TENANT_INDEXES = "('message_tenant_id', 'message_tenant_created', 'message_tenant_sender')";

    @Test
    void sendsRetriesAndHistoryOfATenantTheStatisticsDoNotKnowDoNotReadAllItsMessages() throws Exception {
        TenantFixture t = fixtures.newTenant("Plans " + UUID.randomUUID());
        try (Connection db = ChatServices.postgres().connect("chat")) {
            try {
                measure(t, db);
            } finally {
                // the later ITs share this database: a whole-index reindex (SearchIT, batches of 7) would copy them all
                try (PreparedStatement ps = db.prepareStatement("delete from message where tenant_id = ?::uuid and client_id like 'bulk%'")) {
                    ps.setString(1, t.tenantId());
                    ps.executeUpdate();
                }
            }
        }
    }

    private void measure(TenantFixture t, Connection db) throws Exception {
        db.createStatement().execute("analyze message");
        try (PreparedStatement ps = db.prepareStatement("insert into message (id, tenant_id, conversation_id, seq, sender_id, "
                + "client_id, text, created_at) select gen_random_uuid(), ?::uuid, ?::uuid, g, "
                + "(select id from chat_user where tenant_id = ?::uuid and external_id = 'alice'), 'bulk' || g, 'bulk ' || g, now() "
                + "from generate_series(1, ?) g")) {
            ps.setString(1, t.tenantId());
            ps.setString(2, t.conversationId());
            ps.setString(3, t.tenantId());
            ps.setInt(4, BULK);
            assertEquals(BULK, ps.executeUpdate());
        }
        try (PreparedStatement ps = db.prepareStatement("update conversation set last_seq = last_seq + ? where id = ?::uuid")) {
            ps.setInt(1, BULK);
            ps.setString(2, t.conversationId());
            assertEquals(1, ps.executeUpdate());
        }

        long before = tenantIndexReads(db);
        // group commit (a plain text over WebSocket) and its retry
        TestApi.Socket socket = api.connect(t.alice());
        try {
            assertEquals("ready", socket.next().path("type").asText());
            for (int i = 0; i < 2; i++) {
                socket.send(json("type", "send", "clientId", "ws-1", "conversationId", t.conversationId(), "text", "over the socket"));
                JsonNode answer = nextOfType(socket, "ack", "error");
                assertEquals("ack", answer.path("type").asText(), answer::toString);
            }
        } finally {
            socket.close();
        }
        // the one-message path (REST) and its retry
        for (int i = 0; i < 2; i++) {
            TestApi.Reply sent = api.post("v1/conversations/" + t.conversationId() + "/messages", t.alice(),
                    json("clientId", "rest-1", "text", "over REST"));
            assertEquals(200, sent.status(), () -> String.valueOf(sent.body()));
        }
        // history pages from the start and from the middle
        for (long after : new long[] {0, BULK / 2}) {
            TestApi.Reply page = api.get("v1/conversations/" + t.conversationId() + "/messages?after=" + after + "&limit=50", t.alice());
            assertEquals(200, page.status(), () -> String.valueOf(page.body()));
            assertEquals(50, page.body().get("items").size());
        }
        long read = settledReads(db) - before;
        assertTrue(read < BULK / 2, "sends, retries and history read " + read + " entries of tenant_id indexes; the tenant has "
                + BULK + " messages");

        // the control: usage counts the tenant's messages of today through (tenant_id, created_at)
        long beforeUsage = settledReads(db);
        TestApi.Reply usage = api.get("v1/usage", t.apiKey());
        assertEquals(200, usage.status(), () -> String.valueOf(usage.body()));
        assertTrue(usage.body().get("messagesToday").asLong() >= BULK, () -> usage.body().toString());
        long usageReads = awaitReads(db, beforeUsage + BULK) - beforeUsage;
        System.out.println("NewTenantPlansIT: sends, retries and history read " + read + " entries of tenant_id indexes, the usage count "
                + usageReads + " (the tenant has " + BULK + " messages)");
        assertTrue(usageReads >= BULK, "the usage count read " + usageReads + " entries: the counters do not see index reads");
    }

    private static JsonNode nextOfType(TestApi.Socket socket, String... types) {
        while (true) {
            JsonNode f = socket.next();
            for (String type : types) {
                if (type.equals(f.path("type").asText())) {
                    return f;
                }
            }
        }
    }

    private static long tenantIndexReads(Connection db) throws SQLException {
        db.createStatement().execute("select pg_stat_clear_snapshot()");
        try (ResultSet rs = db.createStatement().executeQuery("select coalesce(sum(idx_tup_read), 0) from pg_stat_user_indexes "
                + "where relname = 'message' and indexrelname in " + TENANT_INDEXES)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The counters once the server's connections have reported (a backend reports at most once a second when idle). */
    private static long settledReads(Connection db) throws SQLException, InterruptedException {
        long last = tenantIndexReads(db);
        for (int i = 0; i < 6; i++) {
            Thread.sleep(1000);
            long now = tenantIndexReads(db);
            if (now == last && i >= 2) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private static long awaitReads(Connection db, long atLeast) throws SQLException, InterruptedException {
        long now = tenantIndexReads(db);
        for (int i = 0; i < 30 && now < atLeast; i++) {
            Thread.sleep(500);
            now = tenantIndexReads(db);
        }
        return now;
    }
}
