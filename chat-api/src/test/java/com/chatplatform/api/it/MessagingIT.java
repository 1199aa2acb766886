package com.chatplatform.api.it;

import static com.chatplatform.api.it.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.chatplatform.api.it.TenantFixtures.TenantFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Groups, channels, the event log and catch-up, black-box against the real stack: roles, the conversation
 * list, edits, deletes, reactions, read markers, and a client that reconnects and rebuilds exactly the
 * state a fresh fetch returns.
 */
class MessagingIT extends ApiTestBase {
    private static final String THUMBS_UP = "\uD83D\uDC4D";
    private static final String HEART = "\u2764\uFE0F";


    @Test
    void groupsAndChannelsWithRoles() {
        TenantFixture t = fixtures.newTenant("Roles " + UUID.randomUUID());
        String carol = fixtures.addUser(t, "carol");
        String dave = fixtures.addUser(t, "dave");

        TestApi.Reply created = api.post("v1/conversations", t.alice(), json("type", "group", "name", "Team", "topic", "Plans",
                "customData", Map.of("color", "blue"), "members", List.of("bob")));
        assertEquals(201, created.status(), () -> String.valueOf(created.body()));
        String group = created.body().get("id").asText();
        assertEquals("group", created.body().get("type").asText());
        assertEquals("Team", created.body().get("name").asText());
        assertEquals("blue", created.body().at("/customData/color").asText());
        assertEquals("owner", member(created.body(), "alice").get("role").asText());
        assertEquals("member", member(created.body(), "bob").get("role").asText());
        assertEquals(1, created.body().get("lastSeq").asLong());
        String members = "v1/conversations/" + group + "/members";

        // A plain member may not invite or remove; only the owner makes admins.
        assertEquals("conversation.role_forbidden", api.post(members, t.bob(), json("userId", "carol")).code());
        assertEquals(403, api.post(members, t.bob(), json("userId", "carol")).status());
        TestApi.Reply invited = api.post(members, t.alice(), json("userId", "carol", "role", "admin"));
        assertEquals(200, invited.status(), () -> String.valueOf(invited.body()));
        assertEquals("member.joined", invited.body().at("/event/kind").asText());
        assertEquals("carol", invited.body().at("/event/data/userId").asText());
        assertTrue(api.post(members, t.alice(), json("userId", "carol")).body().get("changed").asBoolean() == false, "inviting a member again changes nothing");
        assertEquals("conversation.role_forbidden", api.post(members, carol, json("userId", "dave", "role", "admin")).code());
        assertEquals(200, api.post(members, carol, json("userId", "dave")).status());
        assertEquals("resource.not_found", api.post(members, t.alice(), json("userId", "nobody")).code());

        assertEquals("conversation.role_forbidden", api.delete(members + "/dave", t.bob()).code());
        assertEquals("conversation.role_forbidden", api.delete(members + "/alice", carol).code());
        TestApi.Reply removed = api.delete(members + "/dave", carol);
        assertEquals("member.removed", removed.body().at("/event/kind").asText(), () -> String.valueOf(removed.body()));
        assertEquals("conversation.not_member", api.get("v1/conversations/" + group, dave).code());
        assertEquals("conversation.not_member", api.post("v1/conversations/" + group + "/join", dave, json()).code(), "groups are private");

        // Only the owner changes roles; an admin may then invite.
        assertEquals("conversation.role_forbidden", api.patch(members + "/bob", carol, json("role", "admin")).code());
        TestApi.Reply promoted = api.patch(members + "/bob", t.alice(), json("role", "admin"));
        assertEquals("member.role_changed", promoted.body().at("/event/kind").asText(), () -> String.valueOf(promoted.body()));
        assertFalse(api.patch(members + "/bob", t.alice(), json("role", "admin")).body().get("changed").asBoolean());
        assertEquals(200, api.post(members, t.bob(), json("userId", "dave")).status());
        assertEquals(200, api.delete(members + "/dave", t.bob()).status());
        assertEquals(200, api.patch(members + "/bob", t.alice(), json("role", "member")).status());
        assertEquals("request.invalid", api.patch(members + "/bob", t.alice(), json("role", "king")).code());

        assertEquals("member.left", api.post("v1/conversations/" + group + "/leave", t.bob(), json()).body().at("/event/kind").asText());
        assertEquals("conversation.not_member", api.get("v1/conversations/" + group, t.bob()).code());
        // The owner leaves: the admin becomes the owner.
        TestApi.Reply ownerLeft = api.post("v1/conversations/" + group + "/leave", t.alice(), json());
        assertEquals("carol", ownerLeft.body().at("/event/data/newOwnerId").asText());
        assertEquals("owner", member(api.get("v1/conversations/" + group, carol).body(), "carol").get("role").asText());

        // Renaming: owners and admins only; custom data is size-limited.
        assertEquals("conversation.updated", api.patch("v1/conversations/" + group, carol, json("name", "Team 2")).body().at("/event/kind").asText());
        assertEquals("conversation.custom_data_too_large", api.patch("v1/conversations/" + group, carol,
                json("customData", Map.of("blob", "x".repeat(5000)))).code());
        assertEquals("request.invalid", api.post("v1/conversations", carol, json("type", "group")).code());

        // A channel: anyone of the tenant joins and leaves.
        TestApi.Reply channel = api.post("v1/conversations", t.alice(), json("type", "channel", "name", "general"));
        String channelId = channel.body().get("id").asText();
        TestApi.Reply joined = api.post("v1/conversations/" + channelId + "/join", dave, json());
        assertEquals("member.joined", joined.body().at("/event/kind").asText(), () -> String.valueOf(joined.body()));
        assertTrue(api.post("v1/conversations/" + channelId + "/join", dave, json()).body().get("changed").asBoolean() == false);
        assertEquals("conversation.role_forbidden", api.patch("v1/conversations/" + channelId, dave, json("topic", "mine")).code());
        assertEquals("member", member(api.get("v1/conversations/" + channelId, dave).body(), "dave").get("role").asText());
        assertEquals(200, api.post("v1/conversations/" + channelId + "/leave", dave, json()).status());
        assertEquals("conversation.not_member", api.get("v1/conversations/" + channelId, dave).code());

        // Direct conversations have fixed members.
        assertEquals("conversation.not_allowed", api.post("v1/conversations/" + t.conversationId() + "/leave", t.alice(), json()).code());
        assertEquals("conversation.not_allowed", api.post("v1/conversations/" + t.conversationId() + "/members", t.alice(),
                json("userId", "carol")).code());
    }

    @Test
    void conversationListIsOrderedByActivityWithUnreadCounts() {
        TenantFixture t = fixtures.newTenant("List " + UUID.randomUUID());
        String group = api.post("v1/conversations", t.alice(), json("type", "group", "name", "G", "members", List.of("bob"))).body().get("id").asText();
        String channel = api.post("v1/conversations", t.alice(), json("type", "channel", "name", "C")).body().get("id").asText();
        api.post("v1/conversations/" + channel + "/join", t.bob(), json());
        send(t.bob(), group, "g1", "in the group");
        send(t.bob(), t.conversationId(), "d1", "one");
        send(t.bob(), t.conversationId(), "d2", "two");
        String last = send(t.alice(), t.conversationId(), "d3", "three").get("id").asText();

        JsonNode list = api.get("v1/conversations", t.alice()).body();
        assertEquals(List.of(t.conversationId(), group, channel), ids(list.get("items")));
        JsonNode direct = list.get("items").get(0);
        assertEquals(2, direct.get("unreadCount").asLong(), "unread counts others' messages only");
        assertEquals(last, direct.at("/lastMessage/id").asText());
        assertEquals(3, direct.get("lastSeq").asLong());
        assertEquals(1, list.get("items").get(1).get("unreadCount").asLong());
        assertEquals(0, list.get("items").get(2).get("unreadCount").asLong());
        // The channel's last message is the system message for bob joining: kind "system", no sender, never unread.
        JsonNode joined = list.get("items").get(2).get("lastMessage");
        assertEquals("system", joined.get("kind").asText(), joined::toString);
        assertFalse(joined.has("senderId") && !joined.get("senderId").isNull(), joined::toString);
        assertEquals("member.joined", joined.at("/system/event").asText(), joined::toString);
        assertEquals("bob", joined.at("/system/data/userId").asText(), joined::toString);

        // Keyset pages.
        JsonNode first = api.get("v1/conversations?limit=2", t.alice()).body();
        assertEquals(2, first.get("items").size());
        assertTrue(first.get("hasMore").asBoolean());
        JsonNode second = api.get("v1/conversations?limit=2&cursor=" + first.get("nextCursor").asText(), t.alice()).body();
        assertEquals(List.of(channel), ids(second.get("items")));
        assertFalse(second.get("hasMore").asBoolean());
        assertEquals("request.invalid", api.get("v1/conversations?cursor=garbage!", t.alice()).code());

        // Reading: forward only, not past the end; reading does not reorder the list.
        String read = "v1/conversations/" + t.conversationId() + "/read";
        assertEquals("read.beyond_end", api.post(read, t.alice(), json("seq", 99)).code());
        TestApi.Reply marked = api.post(read, t.alice(), json("seq", 3));
        assertEquals("read", marked.body().at("/event/kind").asText(), () -> String.valueOf(marked.body()));
        assertEquals(4, marked.body().at("/event/seq").asLong(), "the read marker is an event with its own seq");
        assertTrue(api.post(read, t.alice(), json("seq", 3)).body().get("changed").asBoolean() == false);
        assertEquals("read.stale", api.post(read, t.alice(), json("seq", 2)).code());
        JsonNode after = api.get("v1/conversations", t.alice()).body().get("items");
        assertEquals(t.conversationId(), after.get(0).get("id").asText());
        assertEquals(0, after.get(0).get("unreadCount").asLong());
        assertEquals(3, after.get(0).get("readSeq").asLong());
    }

    @Test
    void editsDeletesAndReactions() throws Exception {
        TenantFixture t = fixtures.newTenant("Edits " + UUID.randomUUID());
        String c = t.conversationId();
        String oldWord = "walrus" + UUID.randomUUID().toString().substring(0, 8);
        String newWord = "narwhal" + UUID.randomUUID().toString().substring(0, 8);
        String id = send(t.alice(), c, "e1", "first " + oldWord).get("id").asText();
        String message = "v1/conversations/" + c + "/messages/" + id;

        assertEquals("message.not_author", api.patch(message, t.bob(), json("text", "hijack")).code());
        assertEquals(403, api.patch(message, t.bob(), json("text", "hijack")).status());
        assertEquals("message.too_long", api.patch(message, t.alice(), json("text", "y".repeat(4001))).code());
        TestApi.Reply edited = api.patch(message, t.alice(), json("text", "second"));
        assertEquals("message.edited", edited.body().at("/event/kind").asText(), () -> String.valueOf(edited.body()));
        assertEquals(2, edited.body().at("/event/data/message/version").asLong());
        api.patch(message, t.alice(), json("text", "third " + newWord));
        JsonNode edits = api.get(message + "/edits", t.bob()).body();
        assertEquals(2, edits.size());
        assertEquals("first " + oldWord, edits.get(0).get("text").asText());
        assertEquals("second", edits.get(1).get("text").asText());
        JsonNode current = history(t.bob(), c).get(0);
        assertEquals("third " + newWord, current.get("text").asText());
        assertEquals(3, current.get("version").asLong());
        assertNotNull(current.get("editedAt"));
        eventually(() -> searchCount(t.bob(), newWord) == 1 && searchCount(t.bob(), oldWord) == 0 ? true : null);

        // Reactions: per user per emoji, idempotent both ways.
        String thumbs = message + "/reactions/" + enc(THUMBS_UP);
        assertEquals("reaction.added", api.put(thumbs, t.bob()).body().at("/event/kind").asText());
        assertTrue(api.put(thumbs, t.bob()).body().get("changed").asBoolean() == false);
        assertEquals("reaction.added", api.put(thumbs, t.alice()).body().at("/event/kind").asText());
        assertEquals(200, api.put(message + "/reactions/" + enc(":party_parrot:"), t.bob()).status());
        JsonNode reactions = history(t.alice(), c).get(0).get("reactions");
        assertEquals(":party_parrot:", reactions.get(0).get("emoji").asText());
        assertEquals(THUMBS_UP, reactions.get(1).get("emoji").asText());
        assertEquals(List.of("alice", "bob"), textList(reactions.get(1).get("userIds")));
        assertEquals("reaction.removed", api.delete(thumbs, t.bob()).body().at("/event/kind").asText());
        assertTrue(api.delete(thumbs, t.bob()).body().get("changed").asBoolean() == false);
        assertEquals(List.of("alice"), textList(history(t.alice(), c).get(0).get("reactions").get(1).get("userIds")));
        assertEquals("reaction.invalid", api.put(message + "/reactions/" + enc("hello"), t.bob()).code());
        assertEquals("reaction.invalid", api.put(message + "/reactions/" + enc("x".repeat(40)), t.bob()).code());

        // Soft delete by the author only.
        assertEquals("message.not_author", api.delete(message, t.bob()).code());
        TestApi.Reply deleted = api.delete(message, t.alice());
        assertEquals("message.deleted", deleted.body().at("/event/kind").asText(), () -> String.valueOf(deleted.body()));
        JsonNode gone = history(t.bob(), c).get(0);
        assertTrue(gone.get("deleted").asBoolean());
        assertEquals("", gone.get("text").asText());
        assertEquals(4, gone.get("version").asLong());
        assertEquals(0, gone.get("reactions").size());
        assertEquals(0, api.get(message + "/edits", t.bob()).body().size(), "a deleted message's history is erased");
        assertEquals("message.deleted", api.patch(message, t.alice(), json("text", "back")).code());
        assertEquals("message.deleted", api.put(thumbs, t.bob()).code());
        assertEquals("message.deleted", api.delete(message, t.alice()).code());
        // Nothing of the text is left in the event log.
        JsonNode log = api.get("v1/conversations/" + c + "/events?after=0", t.bob()).body();
        assertFalse(log.toString().contains(newWord) || log.toString().contains(oldWord), log::toString);
        eventually(() -> searchCount(t.bob(), newWord) == 0 ? true : null);
        assertEquals("message.not_found", api.patch("v1/conversations/" + c + "/messages/" + UUID.randomUUID(), t.alice(), json("text", "x")).code());
    }

    /**
     * THE KEY TEST: bob's client goes offline, every kind of change happens, bob reconnects, catches up from
     * the last seq it saw and ends with exactly the state a fresh fetch returns.
     */
    @Test
    void aClientThatReconnectsCatchesUpToExactlyTheFreshState() {
        TenantFixture t = fixtures.newTenant("Sync " + UUID.randomUUID());
        fixtures.addUser(t, "carol");
        String c = api.post("v1/conversations", t.alice(), json("type", "group", "name", "Before", "members", List.of("bob")))
                .body().get("id").asText();
        String conversationPath = "v1/conversations/" + c;

        // Bob's client: a fresh fetch, then live events.
        ClientState bob = new ClientState(api.get(conversationPath, t.bob()).body(), history(t.bob(), c));
        TestApi.Socket socket = api.connect(t.bob());
        socket.next("ready");
        String m1 = send(t.alice(), c, "k1", "hello").get("id").asText();
        JsonNode live = socket.next("event");
        assertEquals("message.created", live.at("/event/kind").asText());
        bob.apply(live.get("event"));
        socket.close();
        long seen = bob.lastSeq();

        // Offline: every kind of change.
        String m2 = send(t.alice(), c, "k2", "to be edited").get("id").asText();
        String m3 = send(t.alice(), c, "k3", "to be deleted").get("id").asText();
        send(t.bob(), c, "k4", "from bob's other device");
        api.patch(conversationPath + "/messages/" + m2, t.alice(), json("text", "edited"));
        api.put(conversationPath + "/messages/" + m3 + "/reactions/" + enc(HEART), t.bob());
        api.delete(conversationPath + "/messages/" + m3, t.alice());
        api.put(conversationPath + "/messages/" + m2 + "/reactions/" + enc(THUMBS_UP), t.bob());
        api.put(conversationPath + "/messages/" + m1 + "/reactions/" + enc(HEART), t.alice());
        api.delete(conversationPath + "/messages/" + m1 + "/reactions/" + enc(HEART), t.alice());
        api.put(conversationPath + "/messages/" + m1 + "/reactions/" + enc(THUMBS_UP), t.alice());
        assertEquals(200, api.post(conversationPath + "/members", t.alice(), json("userId", "carol", "role", "admin")).status());
        send(t.alice(), c, "k5", "welcome carol");
        assertEquals(200, api.patch(conversationPath + "/members/bob", t.alice(), json("role", "admin")).status());
        assertEquals(200, api.delete(conversationPath + "/members/carol", t.alice()).status());
        assertEquals(200, api.patch(conversationPath, t.alice(), json("name", "After", "topic", "new topic",
                "customData", Map.of("pinned", List.of(1, 2)))).status());
        assertEquals(200, api.post(conversationPath + "/read", t.bob(), json("seq", 5)).status());
        long aliceRead = api.get(conversationPath, t.alice()).body().get("lastSeq").asLong();
        assertEquals(200, api.post(conversationPath + "/read", t.alice(), json("seq", aliceRead)).status());

        // Reconnect; the sync listing says which conversations moved on, then catch up from the last seq seen.
        TestApi.Socket again = api.connect(t.bob());
        again.next("ready");
        long listedSeq = syncEntry(t.bob(), c).get("lastSeq").asLong();
        assertTrue(listedSeq > seen);
        assertEquals(0, syncEntry(t.bob(), t.conversationId()).get("lastSeq").asLong());
        long after = seen;
        List<Long> seqs = new ArrayList<>();
        boolean more = true;
        while (more) {
            TestApi.Reply page = api.get(conversationPath + "/events?after=" + after + "&limit=4", t.bob());
            assertEquals(200, page.status(), () -> String.valueOf(page.body()));
            for (JsonNode event : page.body().get("items")) {
                seqs.add(event.get("seq").asLong());
                bob.apply(event);
            }
            after = page.body().get("nextAfter").asLong();
            more = page.body().get("hasMore").asBoolean();
        }
        JsonNode fresh = api.get(conversationPath, t.bob()).body();
        for (long s = seen + 1, i = 0; i < seqs.size(); s++, i++) {
            assertEquals(s, seqs.get((int) i), "events come gapless, in order, once");
        }
        assertEquals(fresh.get("lastSeq").asLong(), seqs.get(seqs.size() - 1));
        assertEquals(listedSeq, fresh.get("lastSeq").asLong());
        assertEquals(fresh, bob.conversation, "conversation rebuilt from events equals a fresh fetch");
        assertEquals(history(t.bob(), c), bob.history(), "history rebuilt from events equals a fresh fetch");
        assertEquals("After", bob.conversation.get("name").asText());

        // And live again: the next change arrives as an event with the next seq.
        send(t.alice(), c, "k6", "you are back");
        JsonNode next = again.next("event");
        assertEquals(fresh.get("lastSeq").asLong() + 1, next.at("/event/seq").asLong());
        again.close();
    }

    /** Concurrent writers of one conversation: every change gets its own seq, gapless, each exactly once. */
    @Test
    void concurrentChangesGetGaplessSequenceNumbers() throws Exception {
        TenantFixture t = fixtures.newTenant("Concurrent " + UUID.randomUUID());
        String c = t.conversationId();
        String target = send(t.alice(), c, "base", "react to me").get("id").asText();
        String path = "v1/conversations/" + c;
        List<java.util.concurrent.Callable<TestApi.Reply>> work = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String clientId = "p-" + i;
            String token = i % 2 == 0 ? t.alice() : t.bob();
            work.add(() -> api.post(path + "/messages", token, json("clientId", clientId, "text", "parallel " + clientId)));
        }
        for (String emoji : List.of(THUMBS_UP, HEART, ":tada:")) {
            work.add(() -> api.put(path + "/messages/" + target + "/reactions/" + enc(emoji), t.bob()));
            work.add(() -> api.put(path + "/messages/" + target + "/reactions/" + enc(emoji), t.bob()));
        }
        int changes = 8 + 3;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            for (var result : pool.invokeAll(work)) {
                TestApi.Reply r = result.get();
                assertEquals(200, r.status(), () -> String.valueOf(r.body()));
            }
        }
        JsonNode events = api.get(path + "/events?after=0&limit=200", t.bob()).body();
        assertEquals(1 + changes, events.get("items").size(), events::toString);
        assertEquals(1 + changes, events.get("lastSeq").asLong());
        int expected = 1;
        for (JsonNode e : events.get("items")) {
            assertEquals(expected++, e.get("seq").asLong());
            if ("message.created".equals(e.get("kind").asText())) {
                assertEquals(e.get("seq").asLong(), e.at("/data/message/seq").asLong(), "a message's seq is its event's seq");
            }
        }
        assertEquals(3, history(t.alice(), c).get(0).get("reactions").size());
    }

    @Test
    void otherTenantsAndNonMembersGetNotFoundEverywhere() {
        TenantFixture a = fixtures.newTenant("IsoA " + UUID.randomUUID());
        TenantFixture b = fixtures.newTenant("IsoB " + UUID.randomUUID());
        String outsider = fixtures.addUser(a, "mallory");
        String c = api.post("v1/conversations", a.alice(), json("type", "group", "name", "Secret", "members", List.of("bob")))
                .body().get("id").asText();
        String channel = api.post("v1/conversations", a.alice(), json("type", "channel", "name", "A's channel")).body().get("id").asText();
        String m = send(a.alice(), c, "s1", "secret").get("id").asText();
        String base = "v1/conversations/" + c;
        String msg = base + "/messages/" + m;

        for (String intruder : List.of(b.alice(), outsider)) {
            List<TestApi.Reply> replies = List.of(
                    api.get(base, intruder),
                    api.patch(base, intruder, json("name", "pwned")),
                    api.post(base + "/members", intruder, json("userId", "bob")),
                    api.delete(base + "/members/bob", intruder),
                    api.post(base + "/join", intruder, json()),
                    api.post(base + "/leave", intruder, json()),
                    api.post(base + "/read", intruder, json("seq", 1)),
                    api.get(base + "/events?after=0", intruder),
                    api.patch(msg, intruder, json("text", "pwned")),
                    api.delete(msg, intruder),
                    api.get(msg + "/edits", intruder),
                    api.put(msg + "/reactions/" + enc(THUMBS_UP), intruder),
                    api.delete(msg + "/reactions/" + enc(THUMBS_UP), intruder));
            for (TestApi.Reply r : replies) {
                assertEquals(404, r.status(), () -> String.valueOf(r.body()));
                assertEquals("conversation.not_member", r.code());
            }
            assertFalse(ids(api.get("v1/conversations", intruder).body().get("items")).contains(c));
            assertFalse(api.get("v1/sync", intruder).body().toString().contains(c));

            TestApi.Socket socket = api.connect(intruder);
            socket.next("ready");
            socket.send(json("type", "edit", "ref", "e", "conversationId", c, "messageId", m, "text", "pwned"));
            socket.send(json("type", "delete", "ref", "d", "conversationId", c, "messageId", m));
            socket.send(json("type", "react", "ref", "r", "conversationId", c, "messageId", m, "emoji", THUMBS_UP));
            socket.send(json("type", "read", "ref", "x", "conversationId", c, "seq", 1));
            for (String ref : List.of("e", "d", "r", "x")) {
                JsonNode error = socket.next("error");
                assertEquals("conversation.not_member", error.get("code").asText());
                assertEquals(ref, error.get("ref").asText());
            }
            socket.close();
        }
        // Another tenant cannot join this tenant's channel either.
        assertEquals("conversation.not_member", api.post("v1/conversations/" + channel + "/join", b.alice(), json()).code());
        // A message id of another conversation is not found in this one.
        String other = send(a.alice(), a.conversationId(), "s2", "elsewhere").get("id").asText();
        assertEquals("message.not_found", api.patch(base + "/messages/" + other, a.alice(), json("text", "x")).code());

        // Nothing changed.
        JsonNode items = history(a.bob(), c);
        assertEquals(1, items.size());
        assertEquals("secret", items.get(0).get("text").asText());
        assertEquals(0, items.get(0).get("reactions").size());
        assertEquals("Secret", api.get(base, a.bob()).body().get("name").asText());
    }

    @Test
    void badInputOverTheSocketGetsClearCodes() {
        TenantFixture t = fixtures.newTenant("SocketErrors " + UUID.randomUUID());
        String c = t.conversationId();
        String mine = send(t.alice(), c, "b1", "alice's").get("id").asText();
        String theirs = send(t.bob(), c, "b2", "bob's").get("id").asText();
        assertEquals("message.too_long", api.post("v1/conversations/" + c + "/messages", t.alice(),
                json("clientId", "long", "text", "z".repeat(4001))).code());

        TestApi.Socket alice = api.connect(t.alice());
        alice.next("ready");
        alice.send(json("type", "edit", "ref", "1", "conversationId", c, "messageId", theirs, "text", "mine now"));
        assertEquals("message.not_author", errorFor(alice, "1"));
        alice.send(json("type", "edit", "ref", "2", "conversationId", c, "messageId", mine, "text", "q".repeat(4001)));
        assertEquals("message.too_long", errorFor(alice, "2"));
        alice.send(json("type", "react", "ref", "3", "conversationId", c, "messageId", theirs, "emoji", "<script>"));
        assertEquals("reaction.invalid", errorFor(alice, "3"));
        alice.send(json("type", "read", "ref", "4", "conversationId", c, "seq", 50));
        assertEquals("read.beyond_end", errorFor(alice, "4"));
        alice.send(json("type", "read", "ref", "5", "conversationId", c, "seq", 2));
        JsonNode readAck = alice.next("ack");
        assertEquals("5", readAck.get("ref").asText());
        assertEquals("read", readAck.at("/event/kind").asText());
        alice.send(json("type", "read", "ref", "6", "conversationId", c, "seq", 1));
        assertEquals("read.stale", errorFor(alice, "6"));
        alice.send(json("type", "read", "ref", "7", "conversationId", c, "seq", "two"));
        assertEquals("request.invalid", errorFor(alice, "7"));
        alice.send(json("type", "delete", "ref", "8", "conversationId", c, "messageId", "nope"));
        assertEquals("request.invalid", errorFor(alice, "8"));

        // The frames that succeed: ack with the event, and the event pushed to both.
        alice.send(json("type", "edit", "ref", "9", "conversationId", c, "messageId", mine, "text", "alice's, edited"));
        JsonNode ack = alice.next("ack");
        assertEquals("9", ack.get("ref").asText());
        assertEquals("message.edited", ack.at("/event/kind").asText());
        alice.send(json("type", "react", "ref", "10", "conversationId", c, "messageId", theirs, "emoji", THUMBS_UP));
        assertEquals("reaction.added", alice.next("ack").at("/event/kind").asText());
        alice.send(json("type", "react", "ref", "11", "conversationId", c, "messageId", theirs, "emoji", THUMBS_UP, "action", "remove"));
        assertEquals("reaction.removed", alice.next("ack").at("/event/kind").asText());
        alice.send(json("type", "delete", "ref", "12", "conversationId", c, "messageId", mine));
        assertEquals("message.deleted", alice.next("ack").at("/event/kind").asText());
        alice.close();

        JsonNode items = history(t.bob(), c);
        assertTrue(items.get(0).get("deleted").asBoolean());
        assertEquals("bob's", items.get(1).get("text").asText());
        assertEquals(0, items.get(1).get("reactions").size());
    }

    private static String errorFor(TestApi.Socket socket, String ref) {
        JsonNode error = socket.next("error");
        assertEquals(ref, error.path("ref").asText(), error::toString);
        return error.get("code").asText();
    }

    private JsonNode send(String token, String conversationId, String clientId, String text) {
        TestApi.Reply r = api.post("v1/conversations/" + conversationId + "/messages", token, json("clientId", clientId, "text", text));
        assertEquals(200, r.status(), () -> String.valueOf(r.body()));
        return r.body();
    }

    private ArrayNode history(String token, String conversationId) {
        TestApi.Reply r = api.get("v1/conversations/" + conversationId + "/messages?after=0&limit=200", token);
        assertEquals(200, r.status(), () -> String.valueOf(r.body()));
        return (ArrayNode) r.body().get("items");
    }

    /** The caller's entry for a conversation in GET /sync (paged through with a small limit). */
    private JsonNode syncEntry(String token, String conversationId) {
        String cursor = "";
        while (true) {
            TestApi.Reply r = api.get("v1/sync?limit=1&cursor=" + cursor, token);
            assertEquals(200, r.status(), () -> String.valueOf(r.body()));
            for (JsonNode entry : r.body().get("items")) {
                if (conversationId.equals(entry.get("conversationId").asText())) {
                    return entry;
                }
            }
            if (!r.body().get("hasMore").asBoolean()) {
                throw new AssertionError(conversationId + " is not in the sync listing");
            }
            cursor = r.body().get("nextCursor").asText();
        }
    }

    private int searchCount(String token, String word) {
        TestApi.Reply r = api.get("v1/search?q=" + word, token);
        assertEquals(200, r.status(), () -> String.valueOf(r.body()));
        return r.body().get("items").size();
    }

    private static JsonNode member(JsonNode conversation, String userId) {
        for (JsonNode m : conversation.get("members")) {
            if (userId.equals(m.get("userId").asText())) {
                return m;
            }
        }
        throw new AssertionError(userId + " is not a member: " + conversation);
    }

    /** The ids of the listed conversations (not the ids nested in their last messages). */
    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static List<String> textList(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** What a client keeps: the conversation and its messages, changed only by applying events in seq order. */
    static final class ClientState {
        final ObjectNode conversation;
        final Map<String, ObjectNode> messages = new java.util.LinkedHashMap<>();

        ClientState(JsonNode conversation, JsonNode history) {
            this.conversation = conversation.deepCopy();
            history.forEach(m -> messages.put(m.get("id").asText(), (ObjectNode) m.deepCopy()));
        }

        long lastSeq() {
            return conversation.get("lastSeq").asLong();
        }

        void apply(JsonNode event) {
            assertEquals(lastSeq() + 1, event.get("seq").asLong(), () -> "gap or repeat before " + event);
            JsonNode data = event.get("data");
            switch (event.get("kind").asText()) {
                case "message.created", "message.edited", "message.deleted" ->
                        messages.put(data.get("messageId").asText(), (ObjectNode) data.get("message").deepCopy());
                case "reaction.added", "reaction.removed" -> react(data, event.get("kind").asText().endsWith("added"));
                case "member.joined" -> {
                    ObjectNode m = TestApi.JSON.createObjectNode();
                    m.set("userId", data.get("userId"));
                    m.set("role", data.get("role"));
                    m.set("readSeq", data.get("readSeq"));
                    members().add(m);
                    sortMembers();
                }
                case "member.left", "member.removed" -> {
                    removeMember(data.get("userId").asText());
                    if (data.has("newOwnerId")) {
                        member(conversation, data.get("newOwnerId").asText());
                        ((ObjectNode) member(conversation, data.get("newOwnerId").asText())).put("role", "owner");
                    }
                }
                case "member.role_changed" -> {
                    ((ObjectNode) member(conversation, data.get("userId").asText())).set("role", data.get("role"));
                    if (data.has("formerOwnerId")) {
                        ((ObjectNode) member(conversation, data.get("formerOwnerId").asText())).put("role", "admin");
                    }
                }
                case "conversation.updated" -> {
                    for (String field : List.of("name", "topic", "customData")) {
                        if (data.hasNonNull(field)) {
                            conversation.set(field, data.get(field));
                        } else {
                            conversation.remove(field);
                        }
                    }
                }
                case "read" -> ((ObjectNode) member(conversation, data.get("userId").asText())).set("readSeq", data.get("seq"));
                default -> throw new AssertionError("unknown event kind " + event);
            }
            conversation.set("lastSeq", event.get("seq"));
        }

        private void react(JsonNode data, boolean add) {
            ObjectNode message = messages.get(data.get("messageId").asText());
            TreeMap<String, List<String>> byEmoji = new TreeMap<>();
            for (JsonNode r : message.withArray("reactions")) {
                byEmoji.put(r.get("emoji").asText(), new ArrayList<>(textList(r.get("userIds"))));
            }
            List<String> users = byEmoji.computeIfAbsent(data.get("emoji").asText(), k -> new ArrayList<>());
            String user = data.get("userId").asText();
            users.remove(user);
            if (add) {
                users.add(user);
            }
            users.sort(Comparator.naturalOrder());
            ArrayNode reactions = TestApi.JSON.createArrayNode();
            byEmoji.forEach((emoji, ids) -> {
                if (!ids.isEmpty()) {
                    ObjectNode r = reactions.addObject();
                    r.put("emoji", emoji);
                    ids.forEach(r.putArray("userIds")::add);
                }
            });
            message.set("reactions", reactions);
        }

        private ArrayNode members() {
            return (ArrayNode) conversation.get("members");
        }

        private void removeMember(String userId) {
            ArrayNode members = members();
            for (int i = 0; i < members.size(); i++) {
                if (userId.equals(members.get(i).get("userId").asText())) {
                    members.remove(i);
                    return;
                }
            }
        }

        private void sortMembers() {
            List<JsonNode> sorted = new ArrayList<>();
            members().forEach(sorted::add);
            sorted.sort(Comparator.comparing(m -> m.get("userId").asText()));
            ArrayNode members = members();
            members.removeAll();
            sorted.forEach(members::add);
        }

        ArrayNode history() {
            ArrayNode list = TestApi.JSON.createArrayNode();
            messages.values().stream().sorted(Comparator.comparingLong(m -> m.get("seq").asLong())).forEach(list::add);
            return list;
        }
    }
}
