package com.chatplatform.api.it;

import static com.chatplatform.api.it.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.chatplatform.api.it.TenantFixtures.TenantFixture;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit of new messages (ADR 0013) against the real server and PostgreSQL: many sockets of two tenants send at
 * once, so the sends share batches. Every send is acknowledged after commit with a gapless per-conversation sequence
 * number, a resend of a client id gets the original answer, each message is stored once with its event and reaches the
 * other member once, refused sends in the same batches get their own error codes, and the rows equal those of the
 * one-message path.
 */
class GroupCommitIT extends ApiTestBase {
    private final List<TestApi.Socket> sockets = new ArrayList<>();

    @AfterEach
    void closeAll() {
        sockets.forEach(TestApi.Socket::close);
    }

    private TestApi.Socket connect(String token) {
        TestApi.Socket s = api.connect(token);
        sockets.add(s);
        assertEquals("ready", s.next().path("type").asText());
        return s;
    }

    private record Sender(String user, TestApi.Socket socket, String conversation, String peer) {
    }

    @Test
    void concurrentSendsOfTwoTenantsAreBatchedGaplessAcknowledgedOnceAndDeliveredOnce() throws Exception {
        JsonNode before = groupCommit();
        TenantFixture a = fixtures.newTenant("Group commit A " + UUID.randomUUID());
        TenantFixture b = fixtures.newTenant("Group commit B " + UUID.randomUUID());
        List<Sender> senders = new ArrayList<>();
        Map<String, TestApi.Socket> byUser = new HashMap<>();
        for (int p = 0; p < 8; p++) {
            String u = "u" + (2 * p);
            String v = "u" + (2 * p + 1);
            String ut = fixtures.addUser(a, u);
            String vt = fixtures.addUser(a, v);
            String c = api.post("v1/conversations/direct", ut, json("userId", v)).body().get("id").asText();
            TestApi.Socket us = connect(ut);
            TestApi.Socket vs = connect(vt);
            byUser.put("a:" + u, us);
            byUser.put("a:" + v, vs);
            senders.add(new Sender("a:" + u, us, c, "a:" + v));
            senders.add(new Sender("a:" + v, vs, c, "a:" + u));
        }
        TestApi.Socket ba = connect(b.alice());
        TestApi.Socket bb = connect(b.bob());
        byUser.put("b:alice", ba);
        byUser.put("b:bob", bb);
        senders.add(new Sender("b:alice", ba, b.conversationId(), "b:bob"));
        senders.add(new Sender("b:bob", bb, b.conversationId(), "b:alice"));

        // Everyone sends at once without waiting; the first client id of each sender is sent twice (a retry before the ack).
        int perSender = 15;
        String word = "batch" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < perSender; i++) {
            for (Sender s : senders) {
                s.socket().send(json("type", "send", "clientId", "m" + i, "conversationId", s.conversation(),
                        "text", word + " " + s.user() + " " + i));
                if (i == 0) {
                    s.socket().send(json("type", "send", "clientId", "m0", "conversationId", s.conversation(),
                            "text", word + " " + s.user() + " 0"));
                }
            }
        }

        // Acks: one per send, the resend answered with the original id and seq.
        Map<String, Map<String, JsonNode>> acks = new HashMap<>(); // sender -> clientId -> ack
        Map<String, List<JsonNode>> received = new HashMap<>(); // user -> message.created payloads received
        Map<String, TreeSet<Long>> seqs = new HashMap<>(); // conversation -> acked seqs
        for (Sender s : senders) {
            Map<String, JsonNode> mine = new LinkedHashMap<>();
            int acksSeen = 0;
            while (acksSeen < perSender + 1) {
                JsonNode f = s.socket().next();
                String type = f.path("type").asText();
                if ("ack".equals(type)) {
                    acksSeen++;
                    String clientId = f.path("clientId").asText();
                    JsonNode earlier = mine.putIfAbsent(clientId, f);
                    if (earlier != null) {
                        assertEquals(earlier.at("/message/id").asText(), f.at("/message/id").asText(), "a resend gets the original message");
                        assertEquals(earlier.at("/message/seq").asLong(), f.at("/message/seq").asLong());
                    } else {
                        assertTrue(seqs.computeIfAbsent(s.conversation(), k -> new TreeSet<>()).add(f.at("/message/seq").asLong()),
                                () -> "two messages with one seq: " + f);
                    }
                } else if ("message".equals(type)) {
                    received.computeIfAbsent(s.user(), k -> new ArrayList<>()).add(f.get("message"));
                } else if ("error".equals(type)) {
                    throw new AssertionError("a send was refused: " + f);
                }
            }
            acks.put(s.user(), mine);
        }
        for (Map.Entry<String, TreeSet<Long>> c : seqs.entrySet()) {
            TreeSet<Long> s = c.getValue();
            assertEquals(2 * perSender, s.size(), "every message of both members acked once");
            assertEquals(s.last() - s.first() + 1, s.size(), () -> "gapless sequence numbers " + s);
            try (Connection db = ChatServices.postgres().connect("chat")) {
                assertEquals(List.of(String.valueOf(s.last())), row(db, "select last_seq::text from conversation where id = ?::uuid", c.getKey()),
                        "the last acked seq is the conversation's last");
            }
        }

        // Delivery: each member gets each of the other's messages once (protocol 1 also pushes the message frame).
        for (Sender s : senders) {
            TestApi.Socket peer = byUser.get(s.peer());
            List<JsonNode> got = received.computeIfAbsent(s.peer(), k -> new ArrayList<>());
            while (got.stream().filter(m -> m.get("senderId").asText().equals(s.user().substring(2))
                    && m.get("conversationId").asText().equals(s.conversation())).count() < perSender) {
                JsonNode f = peer.next();
                if ("message".equals(f.path("type").asText())) {
                    got.add(f.get("message"));
                }
            }
        }
        for (Map.Entry<String, List<JsonNode>> r : received.entrySet()) {
            Set<String> ids = new HashSet<>();
            r.getValue().forEach(m -> assertTrue(ids.add(m.get("id").asText()), () -> r.getKey() + " got a message twice: " + m));
        }

        // PostgreSQL: one row per message with its message.created event at the same seq, carrying its id; the tenant's own.
        try (Connection db = ChatServices.postgres().connect("chat")) {
            for (Sender s : senders) {
                String tenant = s.user().startsWith("a:") ? a.tenantId() : b.tenantId();
                for (JsonNode ack : acks.get(s.user()).values()) {
                    JsonNode m = ack.get("message");
                    List<String> row = row(db, "select m.tenant_id::text, m.seq::text, e.kind, e.payload ->> 'messageId', e.tenant_id::text, "
                            + "(select count(*) from message x where x.sender_id = m.sender_id and x.client_id = m.client_id)::text "
                            + "from message m join conversation_event e on e.conversation_id = m.conversation_id and e.seq = m.seq "
                            + "where m.id = ?::uuid", m.get("id").asText());
                    assertEquals(List.of(tenant, m.get("seq").asText(), "message.created", m.get("id").asText(), tenant, "1"), row);
                }
            }
        }

        // The batches: all these sends were stored by group commit, several to a batch; the resends were passed on.
        JsonNode after = groupCommit();
        long stored = after.get("messages").asLong() - before.get("messages").asLong();
        long batches = after.get("batches").asLong() - before.get("batches").asLong();
        assertEquals((long) senders.size() * perSender, stored, () -> "stored by group commit: " + before + " -> " + after);
        assertTrue(batches < stored, () -> "some batch held several messages: " + before + " -> " + after);
        // A socket's frames are handled one at a time, so each resend came after its original had been acked: passed on.
        assertEquals(senders.size(), after.get("passedOn").asLong() - before.get("passedOn").asLong());

        // Search: the batches' messages were indexed (both tenants, each sees only its own).
        SearchIT.await(() -> api.get("v1/search?q=" + word + "&limit=50", b.alice()).body().path("items").size() == 2 * perSender ? true : null);
        JsonNode hits = api.get("v1/search?q=" + word + "&limit=50", b.alice()).body().get("items");
        for (JsonNode h : hits) {
            assertEquals(b.conversationId(), h.get("conversationId").asText(), "tenant B's search sees only its own conversation");
        }
    }

    @Test
    void refusedSendsInTheSameBurstGetTheirOwnCodesAndTheOthersAreStored() throws Exception {
        TenantFixture t = fixtures.newTenant("Group commit refusals " + UUID.randomUUID());
        TenantFixture other = fixtures.newTenant("Group commit other " + UUID.randomUUID());
        String carol = fixtures.addUser(t, "carol");
        String dave = fixtures.addUser(t, "dave");
        String group = api.post("v1/conversations", t.alice(), json("type", "group", "name", "G", "members", List.of("bob", "carol")))
                .body().get("id").asText();
        String archived = api.post("v1/conversations", t.alice(), json("type", "group", "name", "Old", "members", List.of("bob")))
                .body().get("id").asText();
        assertEquals(200, api.post("v1/conversations/" + group + "/bans", t.alice(), json("userId", "carol")).status());
        assertEquals(200, api.put("v1/conversations/" + archived + "/archive", t.alice()).status());
        String daveAndBob = api.post("v1/conversations/direct", dave, json("userId", "bob")).body().get("id").asText();
        assertEquals(200, api.post("v1/blocks", t.bob(), json("userId", "dave")).status());

        TestApi.Socket alice = connect(t.alice());
        TestApi.Socket bob = connect(t.bob());
        TestApi.Socket carolSocket = connect(carol);
        TestApi.Socket daveSocket = connect(dave);
        Map<TestApi.Socket, Map<String, String>> expected = new LinkedHashMap<>(); // socket -> clientId -> "ack" or error code
        for (int i = 0; i < 10; i++) {
            send(alice, "a" + i, t.conversationId(), expected, "ack");
            send(bob, "b" + i, group, expected, "ack");
            send(carolSocket, "c" + i, group, expected, "conversation.banned");
            send(carolSocket, "d" + i, t.conversationId(), expected, "conversation.not_member");
            send(daveSocket, "e" + i, daveAndBob, expected, "user.blocked");
            send(bob, "f" + i, archived, expected, "conversation.archived");
            send(alice, "g" + i, other.conversationId(), expected, "conversation.not_member"); // another tenant's conversation
        }
        for (Map.Entry<TestApi.Socket, Map<String, String>> e : expected.entrySet()) {
            Map<String, String> answers = new HashMap<>();
            while (answers.size() < e.getValue().size()) {
                JsonNode f = e.getKey().next();
                switch (f.path("type").asText()) {
                    case "ack" -> answers.put(f.get("clientId").asText(), "ack");
                    case "error" -> answers.put(f.get("ref").asText(), f.get("code").asText());
                    default -> { }
                }
            }
            assertEquals(e.getValue(), answers);
        }
        try (Connection db = ChatServices.postgres().connect("chat")) {
            assertEquals(List.of("10"), row(db, "select count(*)::text from message where conversation_id = ?::uuid and kind = 'user'", t.conversationId()));
            assertEquals(List.of("10"), row(db, "select count(*)::text from message where conversation_id = ?::uuid and kind = 'user'", group));
            assertEquals(List.of("0"), row(db, "select count(*)::text from message where conversation_id = ?::uuid", daveAndBob));
            assertEquals(List.of("0"), row(db, "select count(*)::text from message where conversation_id = ?::uuid and kind = 'user'", archived));
            assertEquals(List.of("0"), row(db, "select count(*)::text from message where conversation_id = ?::uuid and client_id like 'g%'",
                    other.conversationId()));
        }
        bob.close();
        alice.close();
    }

    /**
     * A transaction that inserted a row referencing the conversation (it holds a key-share lock on the conversation row
     * until it ends) does not hold up the writers: the send is group-committed at once, not passed on after the
     * 10 s wait for its batch (the writer locked conversations "for update" before, which waits for key-share locks).
     */
    @Test
    void aTransactionHoldingAKeyShareLockOnTheConversationDoesNotHoldUpTheWriter() throws Exception {
        TenantFixture t = fixtures.newTenant("Group commit key share " + UUID.randomUUID());
        JsonNode before = groupCommit();
        try (Connection held = ChatServices.postgres().connect("chat")) {
            held.setAutoCommit(false);
            TenantFixtures.insertMessageRow(held, t.tenantId(), t.conversationId(), "bob", UUID.randomUUID().toString(), "held",
                    "held open");
            TestApi.Reply sent = api.post("v1/conversations/" + t.conversationId() + "/messages", t.alice(),
                    json("clientId", "while-held", "text", "sent while another transaction references the conversation"));
            assertEquals(200, sent.status(), () -> String.valueOf(sent.body()));
            JsonNode after = groupCommit();
            assertEquals(1, after.get("messages").asLong() - before.get("messages").asLong(), () -> before + " -> " + after);
            assertEquals(0, after.get("passedOn").asLong() - before.get("passedOn").asLong(), () -> before + " -> " + after);
            held.rollback();
        }
    }

    @Test
    void aBatchedSendWritesTheRowsOfTheOneMessagePath() throws Exception {
        TenantFixture t = fixtures.newTenant("Group commit rows " + UUID.randomUUID());
        String messages = "v1/conversations/" + t.conversationId() + "/messages";
        JsonNode before = groupCommit();
        TestApi.Reply batched = api.post(messages, t.alice(), json("clientId", "plain", "text", "plain words"));
        assertEquals(200, batched.status(), () -> String.valueOf(batched.body()));
        JsonNode mid = groupCommit();
        assertEquals(1, mid.get("messages").asLong() - before.get("messages").asLong(), "a plain text is group-committed");
        // An explicit mention list takes the one-message path (mentions are not group-committed).
        TestApi.Reply single = api.post(messages, t.alice(), json("clientId", "mention", "text", "plain words", "mentions", List.of("bob")));
        assertEquals(200, single.status(), () -> String.valueOf(single.body()));
        assertEquals(mid.get("messages").asLong(), groupCommit().get("messages").asLong(), "a send with mentions is not group-committed");

        JsonNode a = batched.body();
        JsonNode b = single.body();
        assertEquals(fieldNames(b), fieldNames(a), "the same message shape");
        for (String field : List.of("conversationId", "senderId", "text", "version", "kind", "deleted", "replyCount", "attachments", "reactions")) {
            assertEquals(b.get(field), a.get(field), field);
        }
        assertEquals(a.get("seq").asLong() + 1, b.get("seq").asLong());
        String columns = "m.tenant_id::text, m.conversation_id::text, m.sender_id::text, m.text, m.version::text, m.deleted::text, "
                + "m.hard_deleted::text, m.kind, coalesce(m.system_event_seq::text, '-'), coalesce(m.parent_id::text, '-'), m.reply_count::text, "
                + "coalesce(m.edited_at::text, '-'), coalesce(m.last_reply_at::text, '-'), e.kind, e.tenant_id::text, e.actor_id::text, "
                + "((e.payload -> 'message') - 'id' - 'seq' - 'clientId' - 'createdAt' - 'mentions')::text, "
                + "(select string_agg(o.kind, ',') from outbox_event o where o.aggregate_id = m.id)";
        try (Connection db = ChatServices.postgres().connect("chat")) {
            String query = "select " + columns + " from message m join conversation_event e on e.conversation_id = m.conversation_id "
                    + "and e.seq = m.seq where m.id = ?::uuid";
            List<String> batchedRow = row(db, query, a.get("id").asText());
            List<String> singleRow = row(db, query, b.get("id").asText());
            assertEquals(singleRow, batchedRow);
            // Neither path writes an outbox entry for a new message: the search feed reads it from the table (ADR 0015).
            assertNull(batchedRow.get(17));
            assertEquals(b.get("seq").asText(), row(db, "select last_seq::text from conversation where id = ?::uuid", t.conversationId()).get(0));
            assertNotEquals("-", row(db, "select coalesce(last_message_at::text, '-') from conversation where id = ?::uuid", t.conversationId()).get(0));
        }
        // A resend of the batched client id is answered with the original message (passed on to the one-message path).
        TestApi.Reply again = api.post(messages, t.alice(), json("clientId", "plain", "text", "plain words"));
        assertEquals(a.get("id"), again.body().get("id"), () -> String.valueOf(again.body()));
        assertEquals(a.get("seq"), again.body().get("seq"));
    }

    private static void send(TestApi.Socket socket, String clientId, String conversation, Map<TestApi.Socket, Map<String, String>> expected,
                             String outcome) {
        socket.send(json("type", "send", "clientId", clientId, "conversationId", conversation, "text", "text " + clientId));
        expected.computeIfAbsent(socket, k -> new HashMap<>()).put(clientId, outcome);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The group-commit counters of the API node (GET /platform/health). */
    private JsonNode groupCommit() {
        TestApi.Reply health = api.get("v1/platform/health", fixtures.adminToken());
        assertEquals(200, health.status(), () -> String.valueOf(health.body()));
        return health.body().at("/node/groupCommit");
    }

    private static List<String> row(Connection db, String sql, String param) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), () -> "no row for " + sql);
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    values.add(rs.getString(i));
                }
                return values;
            }
        }
    }
}
