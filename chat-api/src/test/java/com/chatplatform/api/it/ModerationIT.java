package com.chatplatform.api.it;

import static com.chatplatform.api.it.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * Blocks, mutes, bans and hard deletion end to end (REST, WebSocket, event log, PostgreSQL, Elasticsearch, S3), and
 * the moderation data in the GDPR export and erasure.
 */
class ModerationIT extends ApiTestBase {
    private static final byte[] PDF = "%PDF-1.4\n% moderation test file\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    // ------------------------------------------------------------------ blocks

    @Test
    void blockStopsDirectConversationsAndDirectMessagesUntilLifted() {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Moderation blocks " + UUID.randomUUID());
        String carol = fixtures.addUser(t, "carol");
        String direct = "v1/conversations/" + t.conversationId() + "/messages";
        assertEquals(200, send(t.alice(), t.conversationId(), "before the block").status());

        TestApi.Reply blocked = api.post("v1/blocks", t.bob(), json("userId", "alice"));
        assertEquals(200, blocked.status(), () -> String.valueOf(blocked.body()));
        assertTrue(blocked.body().get("changed").asBoolean());
        assertFalse(api.post("v1/blocks", t.bob(), json("userId", "alice")).body().get("changed").asBoolean(), "blocking again changes nothing");
        JsonNode list = api.get("v1/blocks", t.bob()).body();
        assertEquals(1, list.get("items").size());
        assertEquals("alice", list.at("/items/0/userId").asText());
        assertEquals(0, api.get("v1/blocks", t.alice()).body().get("items").size(), "a block is private to the blocker");

        // The blocked user can neither send directly nor open a direct conversation; the blocker neither.
        long lastSeq = api.get("v1/conversations/" + t.conversationId(), t.alice()).body().get("lastSeq").asLong();
        TestApi.Reply refused = send(t.alice(), t.conversationId(), "after the block");
        assertEquals(403, refused.status());
        assertEquals("user.blocked", refused.code());
        assertEquals("user.blocked", send(t.bob(), t.conversationId(), "from the blocker").code());
        assertEquals("user.blocked", api.post("v1/conversations/direct", t.alice(), json("userId", "bob")).code());
        assertEquals("user.blocked", api.post("v1/conversations/direct", t.bob(), json("userId", "alice")).code());
        TestApi.Socket aliceSocket = api.connect(t.alice());
        try {
            aliceSocket.next("ready");
            aliceSocket.send(json("type", "send", "clientId", "ws-blocked", "conversationId", t.conversationId(), "text", "over the socket"));
            JsonNode error = aliceSocket.next("error");
            assertEquals("user.blocked", error.get("code").asText());
            assertEquals("ws-blocked", error.get("ref").asText());
        } finally {
            aliceSocket.close();
        }
        assertEquals(lastSeq, api.get("v1/conversations/" + t.conversationId(), t.alice()).body().get("lastSeq").asLong(), "nothing was stored");
        // Others are not affected; in groups the blocked user still sends (blockGroup... below: what the blocker gets).
        assertEquals(200, api.post("v1/conversations/direct", carol, json("userId", "alice")).status());
        TestApi.Reply group = api.post("v1/conversations", t.alice(), json("type", "group", "name", "Shared", "members", List.of("bob")));
        assertEquals(201, group.status());
        assertEquals(200, send(t.alice(), group.body().get("id").asText(), "in the group").status());

        // Bad input.
        assertEquals("block.self", api.post("v1/blocks", t.bob(), json("userId", "bob")).code());
        assertEquals("resource.not_found", api.post("v1/blocks", t.bob(), json("userId", "nobody")).code());
        assertEquals("request.invalid", api.post("v1/blocks", t.bob(), json()).code());

        TestApi.Reply lifted = api.delete("v1/blocks/alice", t.bob());
        assertTrue(lifted.body().get("changed").asBoolean());
        assertFalse(api.delete("v1/blocks/alice", t.bob()).body().get("changed").asBoolean());
        assertEquals(200, api.post(direct, t.alice(), json("clientId", UUID.randomUUID().toString(), "text", "again")).status());
    }

    @Test
    void inGroupsTheBlockersDevicesGetNothingLiveFromTheBlockedUserAndTheirMessagesAreNotUnread() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Moderation group blocks " + UUID.randomUUID());
        String carol = fixtures.addUser(t, "carol");
        String group = api.post("v1/conversations", t.alice(), json("type", "group", "name", "Blocks", "members", List.of("bob", "carol")))
                .body().get("id").asText();
        String g = "v1/conversations/" + group;
        assertTrue(api.post("v1/blocks", t.bob(), json("userId", "alice")).body().get("changed").asBoolean());
        // Another tenant with the same user ids and no block: unaffected.
        TenantFixtures.TenantFixture other = fixtures.newTenant("Moderation group blocks other " + UUID.randomUUID());
        fixtures.addUser(other, "carol");
        String otherGroup = api.post("v1/conversations", other.alice(), json("type", "group", "name", "No blocks", "members", List.of("bob", "carol")))
                .body().get("id").asText();

        TestApi.Socket bob = api.connect(t.bob());
        TestApi.Socket carolSocket = api.connect(carol);
        TestApi.Socket alice = api.connect(t.alice());
        TestApi.Socket otherBob = api.connect(other.bob());
        List<JsonNode> bobFrames = new ArrayList<>();
        JsonNode hidden;
        try {
            bob.next("ready");
            carolSocket.next("ready");
            alice.next("ready");
            otherBob.next("ready");
            // Alice sends, edits, reacts and types in the group: Carol gets all of it live.
            hidden = send(t.alice(), group, "hidden from bob").body();
            String hiddenPath = g + "/messages/" + hidden.get("id").asText();
            assertEquals(200, api.patch(hiddenPath, t.alice(), json("text", "hidden from bob, edited")).status());
            assertEquals(200, api.put(hiddenPath + "/reactions/%F0%9F%91%8D", t.alice()).status());
            alice.send(json("type", "typing", "conversationId", group));
            JsonNode carolGot = carolSocket.next("message");
            assertEquals("hidden from bob", carolGot.at("/message/text").asText(), carolGot::toString);
            assertTrue(carolGot.at("/message/senderBlocked").isMissingNode(), carolGot::toString);
            assertEquals("alice", carolSocket.next("typing").get("userId").asText());
            // Carol then writes: when Bob has her message, he has had everything sent before it.
            JsonNode fromCarol = send(carol, group, "carol to everyone").body();
            while (true) {
                JsonNode f = bob.next();
                bobFrames.add(f);
                if ("message".equals(f.path("type").asText())) {
                    assertEquals(fromCarol.get("id").asText(), f.at("/message/id").asText(), "the only message frame Bob gets is Carol's: " + bobFrames);
                    break;
                }
            }
            Thread.sleep(500); // a late typing frame would show here
            bob.frames.drainTo(bobFrames);
            assertFalse(bobFrames.toString().contains("hidden from bob"), () -> "content of the blocked user reached the blocker: " + bobFrames);
            assertTrue(bobFrames.stream().noneMatch(f -> "typing".equals(f.path("type").asText())), bobFrames::toString);
            // At the seqs of Alice's message, edit and reaction Bob got content-less events, so his sequence has no gap.
            List<JsonNode> placeholders = bobFrames.stream().filter(f -> "event".equals(f.path("type").asText())
                    && f.at("/event/data/senderBlocked").asBoolean()).toList();
            assertEquals(List.of("message.created", "message.edited", "reaction.added"),
                    placeholders.stream().map(f -> f.at("/event/kind").asText()).toList(), bobFrames::toString);
            assertEquals(hidden.get("seq").asLong(), placeholders.get(0).at("/event/seq").asLong());
            for (JsonNode p : placeholders) {
                assertEquals(hidden.get("id").asText(), p.at("/event/data/messageId").asText(), p::toString);
                assertTrue(p.at("/event/data/message").isMissingNode(), p::toString);
                assertEquals("alice", p.at("/event/actorId").asText());
            }
            List<Long> seqs = bobFrames.stream().filter(f -> "event".equals(f.path("type").asText())).map(f -> f.at("/event/seq").asLong()).toList();
            for (int i = 1; i < seqs.size(); i++) {
                assertEquals(seqs.get(i - 1) + 1, seqs.get(i), () -> "a gap in Bob's live events: " + seqs);
            }
            // The other tenant's Bob (who blocked nobody there) gets his Alice's message as usual.
            send(other.alice(), otherGroup, "other tenant");
            assertEquals("other tenant", otherBob.next("message").at("/message/text").asText());
        } finally {
            bob.close();
            carolSocket.close();
            alice.close();
            otherBob.close();
        }

        // Unread: Alice's message does not count for Bob (REST, conversation list, ready frame); it does for Carol.
        assertUnread(t.bob(), 1, 1, 0);
        assertEquals(1, entry(api.get("v1/conversations", t.bob()).body(), group).get("unreadCount").asLong());
        assertUnread(carol, 1, 1, 0);
        TestApi.Socket again = api.connect(t.bob());
        try {
            assertEquals(1, again.next("ready").get("unreadTotal").asLong());
        } finally {
            again.close();
        }
        assertUnread(other.bob(), 1, 1, 0);

        // History, sync and events still have it, flagged for Bob only; the log has no gap.
        JsonNode history = api.get(g + "/messages?after=0&limit=200", t.bob()).body().get("items");
        JsonNode mine = byId(history, hidden.get("id").asText());
        assertTrue(mine.get("senderBlocked").asBoolean(), mine::toString);
        assertEquals("hidden from bob, edited", mine.get("text").asText());
        assertTrue(byId(history, hidden.get("id").asText()).has("reactions"));
        history.forEach(m -> {
            if (!"alice".equals(m.path("senderId").asText())) {
                assertTrue(m.path("senderBlocked").isMissingNode(), m::toString);
            }
        });
        assertTrue(byId(api.get(g + "/messages?after=0&limit=200", carol).body().get("items"), hidden.get("id").asText())
                .path("senderBlocked").isMissingNode(), "not flagged for Carol");
        JsonNode events = api.get(g + "/events?after=0&limit=200", t.bob()).body();
        long lastSeq = events.get("lastSeq").asLong();
        assertEquals(lastSeq, events.get("items").size(), "every seq from 1 to lastSeq");
        for (int i = 0; i < events.get("items").size(); i++) {
            assertEquals(i + 1, events.get("items").get(i).get("seq").asLong());
        }
        JsonNode created = events.get("items").get((int) hidden.get("seq").asLong() - 1);
        assertEquals("message.created", created.get("kind").asText());
        assertTrue(created.at("/data/senderBlocked").asBoolean(), created::toString);
        assertTrue(created.at("/data/message/senderBlocked").asBoolean(), created::toString);
        JsonNode synced = api.get("v1/sync", t.bob()).body();
        boolean listed = false;
        for (JsonNode e : synced.get("items")) {
            if (group.equals(e.get("conversationId").asText())) {
                assertEquals(lastSeq, e.get("lastSeq").asLong());
                listed = true;
            }
        }
        assertTrue(listed, synced::toString);

        // The conversation list's last message, from Alice, is flagged for Bob.
        send(t.alice(), group, "last word");
        JsonNode last = entry(api.get("v1/conversations", t.bob()).body(), group).get("lastMessage");
        assertEquals("last word", last.get("text").asText());
        assertTrue(last.get("senderBlocked").asBoolean(), last::toString);
        assertTrue(entry(api.get("v1/conversations", carol).body(), group).get("lastMessage").path("senderBlocked").isMissingNode());

        // Unblocking restores it for what comes next: live message frames and unread counts (unread counts follow the
        // blocks that hold now, so Alice's earlier unread messages count again).
        assertTrue(api.delete("v1/blocks/alice", t.bob()).body().get("changed").asBoolean());
        TestApi.Socket unblocked = api.connect(t.bob());
        try {
            unblocked.next("ready");
            send(t.alice(), group, "welcome back");
            assertEquals("welcome back", unblocked.next("message").at("/message/text").asText());
        } finally {
            unblocked.close();
        }
        assertUnread(t.bob(), 4, 1, 0);
        assertTrue(byId(api.get(g + "/messages?after=0&limit=200", t.bob()).body().get("items"), hidden.get("id").asText())
                .path("senderBlocked").isMissingNode());
    }

    private static JsonNode byId(JsonNode items, String id) {
        for (JsonNode m : items) {
            if (id.equals(m.get("id").asText())) {
                return m;
            }
        }
        throw new AssertionError("No message " + id + " in " + items);
    }

    // ------------------------------------------------------------------ mutes

    @Test
    void mutedConversationsShowInTheListAndStayOutOfTheUnreadTotal() {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Moderation mutes " + UUID.randomUUID());
        String groupId = api.post("v1/conversations", t.alice(), json("type", "group", "name", "Muted", "members", List.of("bob"))).body()
                .get("id").asText();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, send(t.bob(), groupId, "group " + i).status());
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(200, send(t.bob(), t.conversationId(), "direct " + i).status());
        }
        assertUnread(t.alice(), 5, 2, 0);

        TestApi.Reply forever = api.call("PUT", "v1/conversations/" + groupId + "/mute", t.alice(), json());
        assertEquals(200, forever.status(), () -> String.valueOf(forever.body()));
        assertTrue(forever.body().get("muted").asBoolean());
        assertTrue(forever.body().path("mutedUntil").isMissingNode(), "no end: until unmuted");
        JsonNode group = entry(api.get("v1/conversations", t.alice()).body(), groupId);
        assertTrue(group.get("muted").asBoolean());
        assertEquals(3, group.get("unreadCount").asLong(), "the conversation's own count stays");
        assertFalse(entry(api.get("v1/conversations", t.bob()).body(), groupId).get("muted").asBoolean(), "a mute is the member's own");
        assertUnread(t.alice(), 2, 1, 3);

        String until = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        TestApi.Reply timed = api.call("PUT", "v1/conversations/" + t.conversationId() + "/mute", t.alice(), json("until", until));
        assertEquals(200, timed.status(), () -> String.valueOf(timed.body()));
        assertEquals(until, entry(api.get("v1/conversations", t.alice()).body(), t.conversationId()).get("mutedUntil").asText());
        assertUnread(t.alice(), 0, 0, 5);

        // Bad input changes nothing.
        assertEquals("moderation.invalid_expiry", api.call("PUT", "v1/conversations/" + groupId + "/mute", t.alice(), json("until", "tomorrow")).code());
        assertEquals("moderation.invalid_expiry", api.call("PUT", "v1/conversations/" + groupId + "/mute", t.alice(),
                json("until", Instant.now().minus(1, ChronoUnit.HOURS).toString())).code());
        assertTrue(entry(api.get("v1/conversations", t.alice()).body(), groupId).path("mutedUntil").isMissingNode());
        String carol = fixtures.addUser(t, "carol");
        assertEquals("conversation.not_member", api.call("PUT", "v1/conversations/" + groupId + "/mute", carol, json()).code());

        TestApi.Reply unmuted = api.delete("v1/conversations/" + groupId + "/mute", t.alice());
        assertFalse(unmuted.body().get("muted").asBoolean());
        assertUnread(t.alice(), 3, 1, 2);
        assertFalse(entry(api.get("v1/conversations", t.alice()).body(), groupId).get("muted").asBoolean());
    }

    // ------------------------------------------------------------------ bans

    @Test
    void bannedUsersAreRemovedKeptOutAndRecorded() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Moderation bans " + UUID.randomUUID());
        String carol = fixtures.addUser(t, "carol");
        TestApi.Reply created = api.post("v1/conversations", t.alice(), json("type", "channel", "name", "Town square", "members", List.of("bob")));
        assertEquals(201, created.status());
        String channel = created.body().get("id").asText();
        String c = "v1/conversations/" + channel;
        assertEquals(200, api.post(c + "/join", carol, json()).status());
        TestApi.Reply hello = api.post(c + "/messages", t.bob(), json("clientId", "bob-hello", "text", "hello"));
        assertEquals(200, hello.status(), () -> String.valueOf(hello.body()));

        // A plain member may not ban; the owner may not be banned, nor may one ban oneself.
        assertEquals("conversation.role_forbidden", api.post(c + "/bans", carol, json("userId", "bob")).code());
        assertEquals("moderation.target_protected", api.post(c + "/bans", t.alice(), json("userId", "alice")).code());
        assertEquals("moderation.invalid_expiry", api.post(c + "/bans", t.alice(), json("userId", "bob", "expiresAt", "soon")).code());
        assertEquals("conversation.not_allowed", api.post("v1/conversations/" + t.conversationId() + "/bans", t.alice(), json("userId", "bob")).code());
        assertEquals("resource.not_found", api.post(c + "/bans", t.alice(), json("userId", "nobody")).code());

        TestApi.Socket bobSocket = api.connect(t.bob());
        try {
            bobSocket.next("ready");
            TestApi.Reply ban = api.post(c + "/bans", t.alice(), json("userId", "bob", "reason", "spam"));
            assertEquals(200, ban.status(), () -> String.valueOf(ban.body()));
            assertEquals("member.banned", ban.body().at("/event/kind").asText());
            assertEquals("bob", ban.body().at("/event/data/userId").asText());
            assertTrue(ban.body().at("/event/data/removed").asBoolean());
            // The banned user's devices learn it over the socket.
            JsonNode pushed = bobSocket.next("event");
            while (!"member.banned".equals(pushed.at("/event/kind").asText())) {
                pushed = bobSocket.next("event");
            }
            assertEquals(ban.body().at("/event/seq").asLong(), pushed.at("/event/seq").asLong());
        } finally {
            bobSocket.close();
        }
        // Removed, and kept out: no send (REST or WebSocket), no rejoin, no re-invite.
        assertEquals("conversation.banned", send(t.bob(), channel, "let me back").code());
        // A retry of the message Bob sent before the ban still gets its original answer (idempotent sends), and
        // nothing new is stored.
        long lastSeq = api.get(c, t.alice()).body().get("lastSeq").asLong();
        TestApi.Reply retried = api.post(c + "/messages", t.bob(), json("clientId", "bob-hello", "text", "hello"));
        assertEquals(200, retried.status(), () -> String.valueOf(retried.body()));
        assertEquals(hello.body().get("id").asText(), retried.body().get("id").asText());
        assertEquals(hello.body().get("seq").asLong(), retried.body().get("seq").asLong());
        assertEquals(lastSeq, api.get(c, t.alice()).body().get("lastSeq").asLong());
        TestApi.Socket again = api.connect(t.bob());
        try {
            again.next("ready");
            again.send(json("type", "send", "clientId", "ws-banned", "conversationId", channel, "text", "over the socket"));
            assertEquals("conversation.banned", again.next("error").get("code").asText());
        } finally {
            again.close();
        }
        assertEquals(403, api.post(c + "/join", t.bob(), json()).status());
        assertEquals("conversation.banned", api.post(c + "/join", t.bob(), json()).code());
        assertEquals("conversation.banned", api.post(c + "/members", t.alice(), json("userId", "bob")).code());
        assertFalse(api.get(c, t.alice()).body().get("members").toString().contains("\"bob\""));
        JsonNode bans = api.get(c + "/bans", t.alice()).body();
        assertEquals("bob", bans.at("/items/0/userId").asText());
        assertEquals("spam", bans.at("/items/0/reason").asText());
        assertEquals("alice", bans.at("/items/0/bannedBy").asText());
        assertEquals("conversation.role_forbidden", api.get(c + "/bans", carol).code());
        // Sync replays it.
        assertTrue(api.get(c + "/events?after=0", t.alice()).body().get("items").toString().contains("member.banned"));

        // The admin API bans a non-member (with an expiry) and lifts it.
        String ac = "v1/admin/conversations/" + channel;
        String dave = fixtures.addUser(t, "dave");
        TestApi.Reply adminBan = api.post(ac + "/bans", t.apiKey(), json("userId", "dave", "reason", "raids",
                "expiresAt", Instant.now().plus(1, ChronoUnit.HOURS).toString()));
        assertEquals(200, adminBan.status(), () -> String.valueOf(adminBan.body()));
        assertFalse(adminBan.body().at("/event/data/removed").asBoolean());
        assertEquals("conversation.banned", api.post(c + "/join", dave, json()).code());
        assertEquals(2, api.get(ac + "/bans", t.apiKey()).body().get("items").size());
        assertEquals("moderation.target_protected", api.post(ac + "/bans", t.apiKey(), json("userId", "alice")).code());
        TestApi.Reply adminUnban = api.delete(ac + "/bans/dave", t.apiKey());
        assertEquals("member.unbanned", adminUnban.body().at("/event/kind").asText());
        assertFalse(api.delete(ac + "/bans/dave", t.apiKey()).body().get("changed").asBoolean());
        assertEquals(200, api.post(c + "/join", dave, json()).status());

        // A ban that expires stops holding by itself.
        TestApi.Reply shortBan = api.post(c + "/bans", t.alice(), json("userId", "dave", "expiresAt", Instant.now().plusSeconds(2).toString()));
        assertEquals(200, shortBan.status(), () -> String.valueOf(shortBan.body()));
        eventually(() -> api.post(c + "/join", dave, json()).status() == 200 ? Boolean.TRUE : null);

        // Unban: the user may rejoin (not re-added by itself).
        TestApi.Reply unban = api.delete(c + "/bans/bob", t.alice());
        assertEquals("member.unbanned", unban.body().at("/event/kind").asText());
        assertEquals("conversation.not_member", send(t.bob(), channel, "still out").code());
        assertEquals(200, api.post(c + "/join", t.bob(), json()).status());

        // Moderation records (kept after the unban) and the audit log.
        JsonNode records = api.get("v1/admin/moderation/records?userId=bob", t.apiKey()).body().get("items");
        assertEquals(List.of("unban", "ban"), List.of(records.get(0).get("action").asText(), records.get(1).get("action").asText()));
        assertEquals("spam", records.get(1).get("reason").asText());
        assertEquals("user", records.get(1).get("actorKind").asText());
        assertEquals("alice", records.get(1).get("actorId").asText());
        JsonNode audit = api.get("v1/audit?action=moderation.banned", t.apiKey()).body();
        assertTrue(audit.get("items").size() >= 3, audit::toString);
        assertEquals(1, api.get("v1/admin/moderation/records?userId=dave&conversationId=" + channel + "&limit=1", t.apiKey()).body().get("items").size());
        assertEquals("request.invalid", api.get("v1/admin/moderation/records?limit=0", t.apiKey()).code());
    }

    // ------------------------------------------------------------------ hard deletion

    @Test
    void hardDeletionRemovesContentFromEveryStoreAndLeavesATombstone() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Moderation hard delete " + UUID.randomUUID());
        String tag = "h" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String groupId = api.post("v1/conversations", t.alice(), json("type", "group", "name", "Moderated", "members", List.of("bob"))).body()
                .get("id").asText();
        String g = "v1/conversations/" + groupId;
        long storageBefore = storage(t);
        TestApi.Reply upload = api.postBytes(g + "/attachments?fileName=" + tag + ".pdf", t.bob(), "application/pdf", PDF);
        assertEquals(201, upload.status(), () -> String.valueOf(upload.body()));
        String attachmentId = upload.body().get("id").asText();
        TestApi.Reply sent = api.post(g + "/messages", t.bob(), json("clientId", UUID.randomUUID().toString(), "text", "SECRET " + tag + " @alice",
                "attachmentIds", List.of(attachmentId)));
        assertEquals(200, sent.status(), () -> String.valueOf(sent.body()));
        String messageId = sent.body().get("id").asText();
        long seq = sent.body().get("seq").asLong();
        assertEquals(200, api.patch(g + "/messages/" + messageId, t.bob(), json("text", "SECRET " + tag + " edited")).status());
        assertEquals(200, api.put(g + "/messages/" + messageId + "/reactions/%F0%9F%91%8D", t.alice()).status());
        String after = send(t.alice(), groupId, "after it").body().get("id").asText();
        String key = attachmentKey(attachmentId);
        URI object = URI.create("http://s3.invalid/chat-it/" + key);
        assertTrue(ChatServices.s3ObjectExists(object));
        assertTrue(storage(t) > storageBefore, "the file is charged");
        eventually(() -> api.get("v1/search?q=" + tag, t.alice()).body().get("items").size() == 1 ? Boolean.TRUE : null);

        // A plain member may not hard-delete someone's message.
        assertEquals("conversation.role_forbidden", api.post(g + "/messages/" + after + "/hard-delete", t.bob(), json()).code());
        assertEquals("message.not_found", api.post(g + "/messages/" + UUID.randomUUID() + "/hard-delete", t.alice(), json()).code());

        TestApi.Socket bobSocket = api.connect(t.bob());
        JsonNode event;
        try {
            bobSocket.next("ready");
            TestApi.Reply deleted = api.post(g + "/messages/" + messageId + "/hard-delete", t.alice(), json("reason", "illegal content"));
            assertEquals(200, deleted.status(), () -> String.valueOf(deleted.body()));
            event = deleted.body().get("event");
            assertEquals("message.deleted", event.get("kind").asText());
            assertTrue(event.at("/data/hardDeleted").asBoolean());
            JsonNode pushed = bobSocket.next("event");
            while (!"message.deleted".equals(pushed.at("/event/kind").asText())) {
                pushed = bobSocket.next("event");
            }
            assertTrue(pushed.at("/event/data/message/hardDeleted").asBoolean());
        } finally {
            bobSocket.close();
        }
        assertFalse(api.post(g + "/messages/" + messageId + "/hard-delete", t.alice(), json()).body().get("changed").asBoolean(),
                "hard-deleting again changes nothing");

        // The tombstone keeps id and seq; everything else is gone.
        JsonNode messages = api.get(g + "/messages?after=0", t.alice()).body().get("items");
        JsonNode tombstone = null;
        for (JsonNode m : messages) {
            if (messageId.equals(m.get("id").asText())) {
                tombstone = m;
            }
        }
        assertEquals(seq, tombstone.get("seq").asLong());
        assertTrue(tombstone.get("deleted").asBoolean());
        assertTrue(tombstone.get("hardDeleted").asBoolean());
        assertEquals("", tombstone.get("text").asText());
        assertEquals(0, tombstone.get("attachments").size());
        assertEquals(0, tombstone.get("reactions").size());
        assertEquals(0, tombstone.get("mentions").size());
        assertEquals(0, api.get(g + "/messages/" + messageId + "/edits", t.alice()).body().size());
        assertEquals("message.deleted", api.patch(g + "/messages/" + messageId, t.bob(), json("text", "back")).code());
        // The event log is gapless and holds no trace of the text.
        JsonNode events = api.get(g + "/events?after=0", t.alice()).body();
        long expected = 1;
        for (JsonNode e : events.get("items")) {
            assertEquals(expected++, e.get("seq").asLong(), "gapless");
        }
        assertEquals(events.get("lastSeq").asLong(), expected - 1);
        assertFalse(events.toString().contains(tag), "no content left in the event log");

        // Search, S3 and the storage counter follow through the outbox.
        eventually(() -> api.get("v1/search?q=" + tag, t.alice()).body().get("items").size() == 0 ? Boolean.TRUE : null);
        eventually(() -> ChatServices.s3ObjectExists(object) ? null : Boolean.TRUE);
        eventually(() -> storage(t) == storageBefore ? Boolean.TRUE : null);
        try (Connection c = db()) {
            assertEquals(0, count(c, "select count(*) from attachment where id = cast(? as uuid)", attachmentId));
            assertEquals(0, count(c, "select count(*) from message_edit where message_id = cast(? as uuid)", messageId));
            assertEquals(0, count(c, "select count(*) from message_mention where message_id = cast(? as uuid)", messageId));
            assertEquals(0, count(c, "select count(*) from message where id = cast(? as uuid) and text <> ''", messageId));
        }

        // The admin API and a tenant moderator (user role) hard-delete too; each action is recorded and audited.
        TestApi.Reply byKey = api.post("v1/admin/conversations/" + groupId + "/messages/" + after + "/hard-delete", t.apiKey(), json("reason", "spam"));
        assertEquals(200, byKey.status(), () -> String.valueOf(byKey.body()));
        assertTrue(byKey.body().at("/event/data/message/hardDeleted").asBoolean());
        String mod = fixtures.addUser(t, "mod");
        assertEquals(200, api.patch("v1/users/mod", t.apiKey(), json("role", "moderator")).status());
        assertEquals(200, api.post(g + "/members", t.alice(), json("userId", "mod")).status());
        String third = send(t.alice(), groupId, "third").body().get("id").asText();
        assertEquals(200, api.post(g + "/messages/" + third + "/hard-delete", mod, json()).status());
        JsonNode records = api.get("v1/admin/moderation/records?conversationId=" + groupId, t.apiKey()).body().get("items");
        assertEquals(3, records.size(), records::toString);
        assertEquals("hard_delete", records.get(2).get("action").asText());
        assertEquals("bob", records.get(2).get("userId").asText());
        assertEquals("illegal content", records.get(2).get("reason").asText());
        assertEquals(messageId, records.get(2).get("messageId").asText());
        JsonNode audit = api.get("v1/audit?action=moderation.message_hard_deleted", t.apiKey()).body().get("items");
        assertEquals(3, audit.size(), audit::toString);
    }

    // ------------------------------------------------------------------ compliance

    @Test
    void exportContainsAndErasureRemovesTheUsersModerationData() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Moderation compliance " + UUID.randomUUID());
        String victim = "victim-" + UUID.randomUUID().toString().substring(0, 8);
        String token = fixtures.addUser(t, victim);
        String channel = api.post("v1/conversations", t.alice(), json("type", "channel", "name", "Rules", "members", List.of(victim))).body()
                .get("id").asText();
        String message = send(token, channel, "rule breaking").body().get("id").asText();
        assertEquals(200, api.post("v1/blocks", token, json("userId", "bob")).status());
        assertEquals(200, api.post("v1/blocks", t.bob(), json("userId", victim)).status());
        assertEquals(200, api.call("PUT", "v1/conversations/" + t.conversationId() + "/mute", t.alice(), json()).status());
        String group = api.post("v1/conversations", token, json("type", "group", "name", "Mine", "members", List.of("bob"))).body().get("id").asText();
        assertEquals(200, api.call("PUT", "v1/conversations/" + group + "/mute", token, json()).status());
        // A legal hold on the conversation keeps the message from hard deletion until it is lifted.
        TestApi.Reply hold = api.post("v1/compliance/holds", t.apiKey(), json("targetType", "conversation", "targetId", channel, "reason", "case 7"));
        assertEquals(201, hold.status(), () -> String.valueOf(hold.body()));
        TestApi.Reply held = api.post("v1/admin/conversations/" + channel + "/messages/" + message + "/hard-delete", t.apiKey(), json());
        assertEquals(409, held.status());
        assertEquals("moderation.legal_hold", held.code());
        assertEquals(200, api.delete("v1/compliance/holds/" + hold.body().get("id").asText(), t.apiKey()).status());
        assertEquals(200, api.post("v1/admin/conversations/" + channel + "/messages/" + message + "/hard-delete", t.apiKey(),
                json("reason", "rule 3")).status());
        assertEquals(200, api.post("v1/conversations/" + channel + "/bans", t.alice(), json("userId", victim, "reason", "rule 4")).status());

        TestApi.Reply export = api.post("v1/compliance/exports", t.apiKey(), json("userIds", List.of(victim)));
        assertEquals(202, export.status(), () -> String.valueOf(export.body()));
        String exportId = export.body().get("id").asText();
        awaitCompleted("v1/compliance/exports/" + exportId, t.apiKey());
        TestApi.Reply link = api.post("v1/compliance/exports/" + exportId + "/download", t.apiKey(), json());
        assertEquals(200, link.status(), () -> String.valueOf(link.body()));
        Map<String, byte[]> zip = unzip(api.fetch(URI.create(link.body().get("url").asText())).body());
        JsonNode moderation = TestApi.JSON.readTree(zip.get("users/" + victim + "/moderation.json"));
        assertEquals("bob", moderation.at("/blocks/0/userId").asText());
        assertEquals(1, moderation.get("blocks").size(), "only the blocks the user made");
        assertEquals(group, moderation.at("/mutes/0/conversationId").asText());
        assertEquals(1, moderation.get("mutes").size());
        assertEquals(channel, moderation.at("/bans/0/conversationId").asText());
        assertEquals("rule 4", moderation.at("/bans/0/reason").asText());
        List<String> actions = new ArrayList<>();
        moderation.get("moderationRecords").forEach(r -> actions.add(r.get("action").asText() + ":" + r.get("userIs").asText()));
        assertEquals(List.of("hard_delete:subject", "ban:subject"), actions);
        assertEquals("rule 3", moderation.at("/moderationRecords/0/reason").asText());
        JsonNode manifest = TestApi.JSON.readTree(zip.get("export.json"));
        assertEquals(1, manifest.at("/counts/bans").asInt());
        assertFalse(manifest.get("notStoredByThePlatform").toString().contains("blocks"));

        String internal = TenantFixtures.userRowId(t.tenantId(), victim);
        TestApi.Reply erasure = api.delete("v1/users/" + victim, t.apiKey());
        assertEquals(202, erasure.status(), () -> String.valueOf(erasure.body()));
        JsonNode done = awaitCompleted("v1/compliance/erasures/" + erasure.body().get("id").asText(), t.apiKey());
        assertEquals(2, done.at("/report/removed/postgresql/blocks").asLong(), done::toString);
        assertEquals(1, done.at("/report/removed/postgresql/bans").asLong(), done::toString);
        assertEquals(2, done.at("/report/removed/postgresql/moderationRecords").asLong(), done::toString);
        try (Connection c = db()) {
            assertEquals(0, count(c, "select count(*) from user_block where blocker_id = cast(? as uuid) or blocked_id = cast(? as uuid)", internal, internal));
            assertEquals(0, count(c, "select count(*) from conversation_ban where user_id = cast(? as uuid)", internal));
            assertEquals(0, count(c, "select count(*) from moderation_record where subject_user_id = cast(? as uuid) or actor_user_id = cast(? as uuid)",
                    internal, internal));
            assertEquals(0, count(c, "select count(*) from conversation_member where user_id = cast(? as uuid)", internal));
        }
        // The others' own moderation data stays.
        assertTrue(entry(api.get("v1/conversations", t.alice()).body(), t.conversationId()).get("muted").asBoolean());
    }

    // ------------------------------------------------------------------ helpers

    private TestApi.Reply send(String token, String conversationId, String text) {
        return api.post("v1/conversations/" + conversationId + "/messages", token, json("clientId", UUID.randomUUID().toString(), "text", text));
    }

    private void assertUnread(String token, long total, long conversations, long muted) {
        JsonNode u = api.get("v1/unread", token).body();
        assertEquals(total, u.get("totalUnreadCount").asLong(), u::toString);
        assertEquals(conversations, u.get("unreadConversations").asLong(), u::toString);
        assertEquals(muted, u.get("mutedUnreadCount").asLong(), u::toString);
    }

    private static JsonNode entry(JsonNode page, String conversationId) {
        for (JsonNode item : page.get("items")) {
            if (conversationId.equals(item.get("id").asText())) {
                return item;
            }
        }
        throw new AssertionError("No conversation " + conversationId + " in " + page);
    }

    private long storage(TenantFixtures.TenantFixture t) {
        return api.get("v1/usage", t.apiKey()).body().get("storageBytes").asLong();
    }

    private JsonNode awaitCompleted(String path, String key) throws InterruptedException {
        return eventually(() -> {
            TestApi.Reply r = api.get(path, key);
            assertEquals(200, r.status(), () -> String.valueOf(r.body()));
            assertFalse("failed".equals(r.body().get("status").asText()), () -> r.body().toString());
            return "completed".equals(r.body().get("status").asText()) ? r.body() : null;
        });
    }

    private static Connection db() throws Exception {
        return ChatServices.postgres().connect("chat");
    }

    private static long count(Connection c, String sql, String... params) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String attachmentKey(String attachmentId) throws Exception {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("select storage_key from attachment where id = cast(? as uuid)")) {
            ps.setString(1, attachmentId);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }
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
}
