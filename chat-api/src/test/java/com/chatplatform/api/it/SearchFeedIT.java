package com.chatplatform.api.it;

import static com.chatplatform.api.it.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.chatplatform.api.it.TenantFixtures.TenantFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * ADR 0015: new messages reach the search index from the message table in commit order (search.SearchFeed), with no
 * outbox row each. A message whose transaction commits after later messages is indexed, not skipped; documents the index
 * rejects go to the outbox and are indexed when it accepts them again, while the feed moves on.
 */
class SearchFeedIT extends ApiTestBase {

    private static String word(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    private List<String> found(String word, String token) {
        TestApi.Reply reply = api.get("v1/search?q=" + word, token);
        assertEquals(200, reply.status(), () -> String.valueOf(reply.body()));
        List<String> ids = new ArrayList<>();
        reply.body().get("items").forEach(h -> ids.add(h.get("messageId").asText()));
        return ids;
    }

    private String send(TenantFixture t, String clientId, String text) {
        TestApi.Reply sent = api.post("v1/conversations/" + t.conversationId() + "/messages", t.alice(), json("clientId", clientId, "text", text));
        assertEquals(200, sent.status(), () -> String.valueOf(sent.body()));
        return sent.body().get("id").asText();
    }

    @Test
    void aMessageWhoseTransactionCommitsLateIsIndexedNotSkipped() throws Exception {
        TenantFixture t = fixtures.newTenant("Feed " + UUID.randomUUID());
        String early = word("early");
        String late = word("late");
        String heldId = UUID.randomUUID().toString();
        try (Connection held = ChatServices.postgres().connect("chat")) {
            held.setAutoCommit(false);
            // a message row written in a transaction that stays open while a later message commits (as a slow send would)
            TenantFixtures.insertMessageRow(held, t.tenantId(), t.conversationId(), "alice", heldId, "held",
                    early + " written first, committed last");
            String laterId = send(t, "after-held", late + " committed while the other was open");
            // the later message waits behind the open transaction (the horizon), it does not overtake it
            Thread.sleep(2_000);
            assertEquals(List.of(), found(late, t.alice()), "nothing past the oldest open transaction is indexed yet");
            held.commit();
            SearchIT.await(() -> found(late, t.alice()).equals(List.of(laterId)) ? true : null);
            SearchIT.await(() -> found(early, t.alice()).equals(List.of(heldId)) ? true : null);
        }
        try (Connection db = ChatServices.postgres().connect("chat");
             PreparedStatement ps = db.prepareStatement("select count(*) from outbox_event where aggregate_id in (?::uuid)")) {
            ps.setString(1, heldId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(0, rs.getLong(1), "indexed by the feed, not through an outbox entry");
            }
        }
    }

    @Test
    void documentsTheIndexRejectsGoToTheOutboxAndAreIndexedOnceItAcceptsThem() throws Exception {
        TenantFixture t = fixtures.newTenant("Feed " + UUID.randomUUID());
        String w = word("rejected");
        String alias = "chatit-messages-write";
        // a closed index rejects every document of a bulk request item by item (the request itself succeeds)
        assertEquals(200, es("POST", alias + "/_close"));
        List<String> ids = new ArrayList<>();
        try {
            ids.add(send(t, "r1", w + " one"));
            ids.add(send(t, "r2", w + " two"));
            try (Connection db = ChatServices.postgres().connect("chat")) {
                SearchIT.await(() -> outboxEntries(db, ids) == 2 ? true : null);
                assertTrue(feedPassed(db, ids.get(1)), "the feed moved past the rejected messages");
            }
            // the feed is not held up: a message sent now is also handed over, not stuck behind the first two
            ids.add(send(t, "r3", w + " three"));
            try (Connection db = ChatServices.postgres().connect("chat")) {
                SearchIT.await(() -> outboxEntries(db, ids) == 3 ? true : null);
            }
        } finally {
            assertEquals(200, es("POST", alias + "/_open"));
        }
        List<String> expected = ids.stream().sorted().toList();
        SearchIT.await(() -> found(w, t.alice()).stream().sorted().toList().equals(expected) ? true : null);
        try (Connection db = ChatServices.postgres().connect("chat")) {
            SearchIT.await(() -> outboxEntries(db, ids) == 0 ? true : null);
        }
    }

    private static long outboxEntries(Connection db, List<String> messageIds) {
        try (PreparedStatement ps = db.prepareStatement("select count(*) from outbox_event where kind = 'message.changed' "
                + "and aggregate_id = any(?::uuid[])")) {
            ps.setString(1, "{" + String.join(",", messageIds) + "}");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean feedPassed(Connection db, String messageId) throws java.sql.SQLException {
        try (PreparedStatement ps = db.prepareStatement("select (m.created_xid, m.id) <= (w.last_xid, w.last_message_id) "
                + "from message m, search_watermark w where m.id = ?::uuid")) {
            ps.setString(1, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static int es(String method, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ChatServices.elasticsearchUrl() + "/" + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }
}
