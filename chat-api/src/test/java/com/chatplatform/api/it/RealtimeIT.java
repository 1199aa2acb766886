package com.chatplatform.api.it;

import static com.chatplatform.api.it.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.chatplatform.api.realtime.ProtocolSchemas;
import com.chatplatform.client.realtime.ChatClient;
import com.chatplatform.client.realtime.ChatClientException;
import com.chatplatform.client.realtime.ChatSocket;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Receipts, presence, typing, protocol versions and the SDK's ChatClient against the real server: reconnection and
 * catch-up (everything in order, exactly once), delivered/read receipts, presence across devices, typing frames and
 * their rate limit, bad input. Every frame received from the server in these tests is validated against the
 * protocol's JSON Schemas (docs/protocol/schemas/server).
 */
class RealtimeIT extends ApiTestBase {

    private final List<ChatClient> clients = new ArrayList<>();
    private final List<TestApi.Socket> sockets = new ArrayList<>();
    /** Every frame any client or socket of the test received, for the schema check. */
    private final List<String> received = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() {
        clients.forEach(ChatClient::close);
        sockets.forEach(TestApi.Socket::close);
    }

    /** A client whose events and frames are collected. */
    private record Collected(ChatClient client, List<JsonNode> events, BlockingQueue<JsonNode> frames) {
    }

    private Collected client(String token) {
        ChatClient c = ChatClient.builder(api.base(), token).backoff(Duration.ofMillis(200), Duration.ofSeconds(2)).build();
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        c.onEvent(events::add).onFrame(f -> {
            received.add(f.toString());
            frames.add(f);
        });
        clients.add(c);
        return new Collected(c, events, frames);
    }

    private TestApi.Socket socket(String token) {
        TestApi.Socket s = api.connect(token);
        sockets.add(s);
        return s;
    }

    private JsonNode next(TestApi.Socket s, String type) {
        JsonNode f = s.next(type);
        return f;
    }

    private static JsonNode nextFrame(BlockingQueue<JsonNode> frames, String type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            JsonNode f = frames.poll(250, TimeUnit.MILLISECONDS);
            if (f != null && type.equals(f.path("type").asText())) {
                return f;
            }
        }
        throw new AssertionError("no " + type + " frame within 15 s");
    }

    private String group(TenantFixtures.TenantFixture t, String ownerToken, String... members) {
        TestApi.Reply g = api.post("v1/conversations", ownerToken, json("type", "group", "name", "G", "members", List.of(members)));
        assertEquals(201, g.status(), () -> String.valueOf(g.body()));
        return g.body().get("id").asText();
    }

    /** The first frame of the type among the received texts. */
    private static JsonNode frame(List<String> frames, String type) {
        for (String f : frames) {
            JsonNode node = parse(f);
            if (type.equals(node.path("type").asText())) {
                return node;
            }
        }
        throw new AssertionError("no " + type + " frame in " + frames);
    }

    /** Whether a message.created event with the text was received. */
    private static boolean created(List<String> frames, String text) {
        return frames.stream().map(RealtimeIT::parse).anyMatch(f -> "event".equals(f.path("type").asText())
                && "message.created".equals(f.at("/event/kind").asText()) && text.equals(f.at("/event/data/message/text").asText()));
    }

    private static JsonNode parse(String frame) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(frame);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void sendRest(String token, String conversationId, String text) {
        TestApi.Reply r = api.post("v1/conversations/" + conversationId + "/messages", token, json("clientId", "c-" + UUID.randomUUID(), "text", text));
        assertEquals(200, r.status(), () -> String.valueOf(r.body()));
    }

    private static List<Long> seqs(List<JsonNode> events, String conversationId) {
        return events.stream().filter(e -> conversationId.equals(e.path("conversationId").asText())).map(e -> e.path("seq").asLong()).toList();
    }

    private static List<String> texts(List<JsonNode> events, String conversationId) {
        return events.stream().filter(e -> conversationId.equals(e.path("conversationId").asText()) && "message.created".equals(e.path("kind").asText()))
                .map(e -> e.at("/data/message/text").asText()).toList();
    }

    // ---------------------------------------------------------------- the SDK: reconnect and catch up

    @Test
    void aClientThatWasAwayReceivesEverythingInOrderExactlyOnce() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Realtime " + UUID.randomUUID());
        String conversation = t.conversationId();
        sendRest(t.alice(), conversation, "before-1");
        Collected bob = client(t.bob());
        JsonNode ready = bob.client().connect();
        assertEquals(3, ready.path("protocol").asInt()); // the SDK speaks protocol 3 (events only; a send's ack for its own event)
        // The first sync handed over the history from seq 1.
        eventually(() -> texts(bob.events(), conversation).equals(List.of("before-1")) ? true : null);

        // Away (closed cleanly): messages sent meanwhile arrive after the reconnect, by the sync.
        bob.client().disconnect();
        for (int i = 1; i <= 5; i++) {
            sendRest(t.alice(), conversation, "away-" + i);
        }
        bob.client().connect();
        eventually(() -> texts(bob.events(), conversation).size() == 6 ? true : null);

        // A dropped connection (no close handshake): the client reconnects by itself with backoff and catches up.
        bob.client().dropConnection();
        for (int i = 1; i <= 3; i++) {
            sendRest(t.alice(), conversation, "dropped-" + i);
        }
        eventually(() -> texts(bob.events(), conversation).size() == 9 ? true : null);
        assertTrue(bob.client().isConnected());

        // Live again: a pushed event arrives once, and the SDK's send (clientId retries) is acknowledged with its seq.
        sendRest(t.alice(), conversation, "live-1");
        JsonNode mine = bob.client().send(conversation, "from-bob");
        assertTrue(mine.path("seq").asLong() > 0, mine::toString);
        eventually(() -> texts(bob.events(), conversation).size() == 11 ? true : null);

        // A send made while away waits for the connection and is delivered once when the client is back.
        bob.client().disconnect();
        java.util.concurrent.CompletableFuture<JsonNode> queued = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> bob.client().send(conversation, "queued-while-away"));
        Thread.sleep(500);
        assertFalse(queued.isDone());
        bob.client().connect();
        assertTrue(queued.get(60, TimeUnit.SECONDS).path("seq").asLong() > mine.path("seq").asLong());
        eventually(() -> texts(bob.events(), conversation).size() == 12 ? true : null);

        List<String> expected = new ArrayList<>(List.of("before-1"));
        IntStream.rangeClosed(1, 5).forEach(i -> expected.add("away-" + i));
        IntStream.rangeClosed(1, 3).forEach(i -> expected.add("dropped-" + i));
        expected.add("live-1");
        expected.add("from-bob");
        expected.add("queued-while-away");
        assertEquals(expected, texts(bob.events(), conversation));
        List<Long> seqs = seqs(bob.events(), conversation);
        long last = api.get("v1/conversations/" + conversation, t.bob()).body().get("lastSeq").asLong();
        assertEquals(LongRange.of(1, last), seqs, "every event of the log once, in order");
        assertEquals(last, bob.client().cursors().get(conversation));
        // The server stored bob's message once.
        long stored = 0;
        for (JsonNode m : api.get("v1/conversations/" + conversation + "/messages?limit=100", t.bob()).body().path("items")) {
            if ("from-bob".equals(m.path("text").asText()) || "queued-while-away".equals(m.path("text").asText())) {
                stored++;
            }
        }
        assertEquals(2, stored, "each of bob's two messages stored once");
        // Bob's own messages reached his listeners as the events their acks stand for: the log's events, field by field.
        for (JsonNode logged : api.get("v1/conversations/" + conversation + "/events?after=" + (mine.path("seq").asLong() - 1) + "&limit=100",
                t.bob()).body().path("items")) {
            JsonNode handed = bob.events().stream().filter(e -> conversation.equals(e.path("conversationId").asText())
                    && e.path("seq").asLong() == logged.path("seq").asLong()).findFirst().orElseThrow();
            for (String field : List.of("/conversationId", "/seq", "/kind", "/actorId", "/data/messageId", "/data/message/id",
                    "/data/message/text", "/data/message/clientId", "/data/message/createdAt")) {
                assertEquals(logged.at(field).asText(), handed.at(field).asText(), () -> field + " of " + handed + " vs the log's " + logged);
            }
        }
        assertSchemas();
    }

    @Test
    void version3DoesNotPushASendersOwnMessageBackToTheSendingSocket() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Realtime " + UUID.randomUUID());
        URI ws = URI.create(api.base().toString().replaceFirst("^http", "ws") + "v1/ws");
        List<String> sending = new CopyOnWriteArrayList<>();
        List<String> otherDevice = new CopyOnWriteArrayList<>();
        List<String> version2 = new CopyOnWriteArrayList<>();
        List<String> bob = new CopyOnWriteArrayList<>();
        try (ChatSocket a3 = ChatSocket.connect(URI.create(ws + "?v=3"), t.alice(), sending::add);
             ChatSocket a3b = ChatSocket.connect(URI.create(ws + "?v=3"), t.alice(), otherDevice::add);
             ChatSocket a2 = ChatSocket.connect(URI.create(ws + "?v=2"), t.alice(), version2::add);
             ChatSocket b3 = ChatSocket.connect(URI.create(ws + "?v=3"), t.bob(), bob::add)) {
            eventually(() -> Stream.of(sending, otherDevice, version2, bob).allMatch(l -> l.stream().anyMatch(f -> f.contains("\"ready\""))) ? true : null);
            assertEquals(3, frame(sending, "ready").path("protocol").asInt());
            a3.send(json("type", "send", "clientId", "v3-own", "conversationId", t.conversationId(), "text", "sent over v3").toString());
            eventually(() -> sending.stream().anyMatch(f -> f.contains("\"ack\"") && f.contains("v3-own")) ? true : null);
            JsonNode ack = frame(sending, "ack");
            assertEquals("sent over v3", ack.at("/message/text").asText(), ack::toString);
            // Alice's other sockets, of either version, and bob get the event.
            eventually(() -> created(otherDevice, "sent over v3") && created(version2, "sent over v3") && created(bob, "sent over v3") ? true : null);
            // A send over REST reaches every socket of hers, the one that sent over WebSocket included.
            sendRest(t.alice(), t.conversationId(), "sent over REST");
            eventually(() -> created(sending, "sent over REST") ? true : null);
            // The event would have been pushed before the ack, in the sending thread: it never came, and the pong after
            // the REST message fences anything still in flight.
            a3.send(json("type", "ping", "ref", "fence").toString());
            eventually(() -> sending.stream().anyMatch(f -> f.contains("fence")) ? true : null);
            assertFalse(created(sending, "sent over v3"), sending::toString);
            // The ack's seq is the event's: the other socket's event and the ack name the same position.
            JsonNode event = otherDevice.stream().map(RealtimeIT::parse).filter(f -> "sent over v3".equals(f.at("/event/data/message/text").asText()))
                    .findFirst().orElseThrow();
            assertEquals(ack.at("/message/seq").asLong(), event.at("/event/seq").asLong());
            // Edits, reactions and the like are still pushed to every socket of the author, the sending one included.
            a3.send(json("type", "react", "ref", "r-own", "conversationId", t.conversationId(), "messageId", ack.at("/message/id").asText(),
                    "emoji", "👍").toString());
            eventually(() -> sending.stream().anyMatch(f -> f.contains("\"event\"") && f.contains("reaction.added")) ? true : null);
        }
        received.addAll(sending);
        received.addAll(otherDevice);
        received.addAll(version2);
        received.addAll(bob);
        assertSchemas();
    }

    @Test
    void sendRefusedForANonMemberConversationChangesNothing() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Realtime " + UUID.randomUUID());
        String carol = fixtures.addUser(t, "carol");
        Collected c = client(carol);
        c.client().connect();
        JsonNode events = api.get("v1/conversations/" + t.conversationId() + "/events", t.alice()).body();
        ChatClientException e = assertThrows(ChatClientException.class, () -> c.client().send(t.conversationId(), "intruder"));
        assertEquals("conversation.not_member", e.code());
        e = assertThrows(ChatClientException.class, () -> c.client().delivered(t.conversationId(), 1));
        assertEquals("conversation.not_member", e.code());
        c.client().typing(t.conversationId());
        assertEquals("conversation.not_member", nextFrame(c.frames(), "error").path("code").asText());
        assertEquals(events, api.get("v1/conversations/" + t.conversationId() + "/events", t.alice()).body());
        assertSchemas();
    }

    // ---------------------------------------------------------------- receipts

    @Test
    void deliveredAndReadReceipts() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Realtime " + UUID.randomUUID());
        String conversation = t.conversationId();
        sendRest(t.alice(), conversation, "one");
        sendRest(t.alice(), conversation, "two");
        long last = api.get("v1/conversations/" + conversation, t.alice()).body().get("lastSeq").asLong();
        TestApi.Socket alice = socket(t.alice());
        next(alice, "ready");
        Collected bob = client(t.bob());
        bob.client().connect();

        JsonNode ack = bob.client().delivered(conversation, last - 1);
        assertTrue(ack.path("changed").asBoolean(), ack::toString);
        assertEquals(last - 1, ack.at("/receipt/deliveredSeq").asLong());
        JsonNode receipt = next(alice, "receipt");
        received.add(receipt.toString());
        assertEquals("bob", receipt.path("userId").asText());
        assertEquals("delivered", receipt.path("kind").asText());
        assertEquals(last - 1, receipt.path("seq").asLong());

        // Never backwards, never beyond the end; each refusal changes nothing.
        assertFalse(bob.client().delivered(conversation, 1).path("changed").asBoolean());
        JsonNode before = api.get("v1/conversations/" + conversation + "/receipts", t.alice()).body();
        ChatClientException beyond = assertThrows(ChatClientException.class, () -> bob.client().delivered(conversation, last + 1));
        assertEquals("delivered.beyond_end", beyond.code());
        TestApi.Reply rest = api.post("v1/conversations/" + conversation + "/delivered", t.bob(), json("seq", last + 5));
        assertEquals(400, rest.status());
        assertEquals("delivered.beyond_end", rest.code());
        assertEquals(400, api.post("v1/conversations/" + conversation + "/delivered", t.bob(), json("seq", "x")).status());
        assertEquals(before, api.get("v1/conversations/" + conversation + "/receipts", t.alice()).body());

        // REST moves it too; the receipts view shows each member's delivered and read position.
        TestApi.Reply moved = api.post("v1/conversations/" + conversation + "/delivered", t.bob(), json("seq", last));
        assertEquals(200, moved.status(), () -> String.valueOf(moved.body()));
        assertTrue(moved.body().path("changed").asBoolean());
        assertEquals(last, next(alice, "receipt").path("seq").asLong());
        JsonNode read = bob.client().read(conversation, last - 1);
        assertTrue(read.path("changed").asBoolean(), read::toString);
        JsonNode readReceipt = next(alice, "receipt");
        received.add(readReceipt.toString());
        assertEquals("read", readReceipt.path("kind").asText());
        assertEquals(last - 1, readReceipt.path("seq").asLong());
        JsonNode view = api.get("v1/conversations/" + conversation + "/receipts", t.alice()).body();
        assertEquals(last + 1, view.path("lastSeq").asLong(), "the read marker is an event of the log (its own seq)");
        JsonNode bobs = null;
        for (JsonNode item : view.path("items")) {
            if ("bob".equals(item.path("userId").asText())) {
                bobs = item;
            }
        }
        assertNotNull(bobs, view::toString);
        assertEquals(last, bobs.path("deliveredSeq").asLong());
        assertEquals(last - 1, bobs.path("readSeq").asLong());
        // A non-member sees nothing.
        String carol = fixtures.addUser(t, "carol");
        assertEquals(404, api.get("v1/conversations/" + conversation + "/receipts", carol).status());
        assertEquals(404, api.post("v1/conversations/" + conversation + "/delivered", carol, json("seq", 1)).status());
        assertSchemas();
    }

    // ---------------------------------------------------------------- unread total and protocol version

    @Test
    void readyCarriesTheProtocolVersionAndTheUnreadTotal() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Realtime " + UUID.randomUUID());
        sendRest(t.alice(), t.conversationId(), "u1");
        sendRest(t.alice(), t.conversationId(), "u2");
        TestApi.Socket bob = socket(t.bob());
        JsonNode ready = next(bob, "ready");
        received.add(ready.toString());
        assertEquals(1, ready.path("protocol").asInt());
        assertEquals(2, ready.path("unreadTotal").asLong());
        assertEquals(2, api.get("v1/unread", t.bob()).body().path("totalUnreadCount").asLong());

        // ?v=1 is accepted; an unknown version is refused with a clear code and close code 4406.
        List<String> frames = new CopyOnWriteArrayList<>();
        URI ws = URI.create(api.base().toString().replaceFirst("^http", "ws") + "v1/ws");
        try (ChatSocket v1 = ChatSocket.connect(URI.create(ws + "?v=1"), t.bob(), frames::add)) {
            eventually(() -> frames.stream().anyMatch(f -> f.contains("\"ready\"")) ? true : null);
        }
        // ?v=2 gets the same frames less the message frame: a new message arrives as its message.created event alone.
        // A version-1 socket of the same user gets both.
        List<String> one = new CopyOnWriteArrayList<>();
        List<String> two = new CopyOnWriteArrayList<>();
        try (ChatSocket v1 = ChatSocket.connect(URI.create(ws + "?v=1"), t.bob(), one::add);
             ChatSocket v2 = ChatSocket.connect(URI.create(ws + "?v=2"), t.bob(), two::add)) {
            eventually(() -> one.stream().anyMatch(f -> f.contains("\"ready\"")) && two.stream().anyMatch(f -> f.contains("\"ready\"")) ? true : null);
            JsonNode readyTwo = frame(two, "ready");
            assertEquals(2, readyTwo.path("protocol").asInt(), readyTwo::toString);
            assertEquals(1, frame(one, "ready").path("protocol").asInt());
            sendRest(t.alice(), t.conversationId(), "for both versions");
            eventually(() -> created(two, "for both versions") && created(one, "for both versions")
                    && one.stream().anyMatch(f -> f.contains("\"type\":\"message\"") && f.contains("for both versions")) ? true : null);
            // Everything pushed before the pong has been written: no message frame reached the version-2 socket.
            v2.send(json("type", "ping", "ref", "after-message").toString());
            eventually(() -> two.stream().anyMatch(f -> f.contains("after-message")) ? true : null);
            assertTrue(two.stream().noneMatch(f -> f.contains("\"type\":\"message\"")), two::toString);
        }
        received.addAll(one);
        received.addAll(two);
        List<String> refused = new CopyOnWriteArrayList<>();
        ChatSocket v9 = ChatSocket.connect(URI.create(ws + "?v=9"), t.bob(), refused::add);
        assertEquals(4406, v9.closed().get(15, TimeUnit.SECONDS));
        assertEquals("protocol.unsupported_version", v9.closeReason().get(15, TimeUnit.SECONDS));
        assertTrue(refused.get(0).contains("protocol.unsupported_version"), refused::toString);
        received.addAll(frames);
        received.addAll(refused);
        assertSchemas();
    }

    // ---------------------------------------------------------------- presence

    @Test
    void presenceAcrossDevicesForCoMembersOnly() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Realtime " + UUID.randomUUID());
        String carol = fixtures.addUser(t, "carol"); // same tenant, shares no conversation with bob
        TestApi.Socket alice = socket(t.alice());
        next(alice, "ready");
        TestApi.Socket bob1 = socket(t.bob());
        next(bob1, "ready");
        JsonNode online = next(alice, "presence");
        received.add(online.toString());
        assertEquals("bob", online.path("userId").asText());
        assertEquals("online", online.path("status").asText());

        JsonNode page = api.get("v1/presence?userIds=bob,carol,nobody-" + UUID.randomUUID() + ",alice", t.alice()).body();
        assertEquals(List.of("online", "unknown", "unknown", "online"), statuses(page));
        // carol shares no conversation with bob: bob is "unknown" to her, exactly like an id that does not exist.
        JsonNode forCarol = api.get("v1/presence?userIds=bob", carol).body();
        assertEquals(List.of("unknown"), statuses(forCarol));
        assertFalse(forCarol.toString().contains("lastSeenAt"));

        // A second device; closing one of two keeps bob online (no offline frame), closing the last makes him offline.
        TestApi.Socket bob2 = socket(t.bob());
        next(bob2, "ready");
        bob1.close();
        bob2.send(json("type", "ping", "ref", "still-here"));
        next(bob2, "pong");
        assertEquals(List.of("online"), statuses(api.get("v1/presence?userIds=bob", t.alice()).body()));
        bob2.close();
        JsonNode offline = next(alice, "presence");
        received.add(offline.toString());
        assertEquals("offline", offline.path("status").asText(), offline::toString);
        assertNotNull(offline.get("lastSeenAt"));
        JsonNode after = eventually(() -> {
            JsonNode p = api.get("v1/presence?userIds=bob", t.alice()).body();
            return "offline".equals(p.at("/items/0/status").asText()) && p.at("/items/0/lastSeenAt").isTextual() ? p : null;
        });
        assertEquals("bob", after.at("/items/0/userId").asText());

        // Bad input.
        String many = IntStream.range(0, 101).mapToObj(i -> "u" + i).collect(Collectors.joining(","));
        TestApi.Reply tooMany = api.get("v1/presence?userIds=" + many, t.alice());
        assertEquals(400, tooMany.status());
        assertEquals("presence.too_many_users", tooMany.code());
        assertEquals(400, api.get("v1/presence", t.alice()).status());
        // Another tenant's user asking about this tenant's users learns nothing.
        TenantFixtures.TenantFixture other = fixtures.newTenant("Other " + UUID.randomUUID());
        // (other has its own alice and bob, co-members of its bob; carol exists only in this tenant.)
        assertEquals(List.of("unknown"), statuses(api.get("v1/presence?userIds=carol", other.bob()).body()));
        assertSchemas();
    }

    private static List<String> statuses(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("items").forEach(i -> out.add(i.path("status").asText()));
        return out;
    }

    // ---------------------------------------------------------------- typing

    @Test
    void typingReachesTheOtherMembersOnlyAndIsRateLimited() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Realtime " + UUID.randomUUID());
        String carol = fixtures.addUser(t, "carol");
        TestApi.Socket alice = socket(t.alice());
        next(alice, "ready");
        TestApi.Socket outsider = socket(carol);
        next(outsider, "ready");
        Collected bob = client(t.bob());
        bob.client().connect();
        JsonNode events = api.get("v1/conversations/" + t.conversationId() + "/events", t.alice()).body();

        bob.client().typing(t.conversationId());
        JsonNode typing = next(alice, "typing");
        received.add(typing.toString());
        assertEquals("bob", typing.path("userId").asText());
        assertEquals(t.conversationId(), typing.path("conversationId").asText());

        // A flood: bursts of 5, then refused with typing.rate_limited; the socket stays open.
        for (int i = 0; i < 12; i++) {
            bob.client().typing(t.conversationId());
        }
        JsonNode limited = nextFrame(bob.frames(), "error");
        assertEquals("typing.rate_limited", limited.path("code").asText(), limited::toString);
        bob.client().sendRaw(TestApi.JSON.readTree("{\"type\":\"ping\",\"ref\":\"after-flood\"}"));
        assertEquals("after-flood", nextFrame(bob.frames(), "pong").path("ref").asText());
        assertTrue(bob.client().isConnected());
        // Bob never gets his own typing frames; carol (not a member) gets none at all.
        assertTrue(bob.frames().stream().noneMatch(f -> "typing".equals(f.path("type").asText())));
        outsider.send(json("type", "ping", "ref", "o"));
        JsonNode f;
        do {
            f = outsider.next();
            received.add(f.toString());
            assertFalse("typing".equals(f.path("type").asText()), f::toString);
        } while (!"pong".equals(f.path("type").asText()));
        // Nothing of typing is stored.
        assertEquals(events, api.get("v1/conversations/" + t.conversationId() + "/events", t.alice()).body());
        // Bad input: no conversation id.
        bob.client().sendRaw(TestApi.JSON.readTree("{\"type\":\"typing\",\"ref\":\"bad\"}"));
        JsonNode bad = nextFrame(bob.frames(), "error");
        assertTrue(List.of("request.invalid", "typing.rate_limited").contains(bad.path("code").asText()), bad::toString);
        assertSchemas();
    }

    // ---------------------------------------------------------------- schemas of real frames

    private void assertSchemas() {
        List<String> problems = new ArrayList<>();
        for (String frame : received) {
            problems.addAll(ProtocolSchemas.problems(ProtocolSchemas.Direction.SERVER, frame));
        }
        assertTrue(received.size() > 1, "no frames collected");
        assertTrue(problems.isEmpty(), () -> "server frames that do not match docs/protocol/schemas/server:\n" + String.join("\n", problems));
    }

    /** The list from..to (inclusive). */
    private static final class LongRange {
        static List<Long> of(long from, long to) {
            List<Long> out = new ArrayList<>();
            for (long i = from; i <= to; i++) {
                out.add(i);
            }
            return Collections.unmodifiableList(out);
        }
    }
}
