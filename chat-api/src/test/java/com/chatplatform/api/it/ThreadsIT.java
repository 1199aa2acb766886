package com.chatplatform.api.it;

import static com.chatplatform.api.it.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Messaging features against the real stack: messages the tenant backend sends (on behalf of members and as the
 * system), system messages for membership and conversation changes, replies and threads, pins, archive and channel
 * browsing, with their refusals and what sync sees.
 */
class ThreadsIT extends ApiTestBase {

    private static String path(String conversationId) {
        return "v1/conversations/" + conversationId;
    }

    private String create(String token, String type, String name, List<String> members) {
        TestApi.Reply r = api.post("v1/conversations", token, json("type", type, "name", name, "members", members));
        assertEquals(201, r.status(), () -> String.valueOf(r.body()));
        return r.body().get("id").asText();
    }

    private JsonNode send(String token, String conversationId, String text) {
        return send(token, conversationId, text, null);
    }

    private JsonNode send(String token, String conversationId, String text, String parentId) {
        TestApi.Reply r = api.post(path(conversationId) + "/messages", token,
                parentId == null ? json("clientId", "c-" + UUID.randomUUID(), "text", text)
                        : json("clientId", "c-" + UUID.randomUUID(), "text", text, "parentId", parentId));
        assertEquals(200, r.status(), () -> String.valueOf(r.body()));
        return r.body();
    }

    private long lastSeq(String token, String conversationId) {
        return api.get(path(conversationId), token).body().get("lastSeq").asLong();
    }

    private JsonNode history(String token, String conversationId) {
        return api.get(path(conversationId) + "/messages?limit=200", token).body().get("items");
    }

    private JsonNode summary(String token, String conversationId) {
        for (JsonNode c : api.get("v1/conversations?limit=200", token).body().get("items")) {
            if (conversationId.equals(c.get("id").asText())) {
                return c;
            }
        }
        throw new AssertionError("not listed: " + conversationId);
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(i -> ids.add(i.get("id").asText()));
        return ids;
    }

    private static boolean hasSender(JsonNode message) {
        return message.has("senderId") && !message.get("senderId").isNull();
    }

    // ------------------------------------------------------------------ messages from the tenant backend

    @Test
    void theTenantBackendSendsOnBehalfOfMembersAndAsTheSystemThroughTheSendPath() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Admin send " + UUID.randomUUID());
        TenantFixtures.TenantFixture other = fixtures.newTenant("Admin send other " + UUID.randomUUID());
        fixtures.addUser(t, "carol");
        fixtures.addUser(t, "dave");
        String group = create(t.alice(), "group", "Backend", List.of("bob", "dave"));
        String admin = "v1/admin/conversations/" + group + "/messages";

        // On behalf of a member: the member's message, idempotent on the member's client id (shared with their own sends).
        TestApi.Reply asBob = api.post(admin, t.apiKey(), json("senderId", "bob", "clientId", "b-1", "text", "hello from the backend"));
        assertEquals(200, asBob.status(), () -> String.valueOf(asBob.body()));
        assertEquals("bob", asBob.body().get("senderId").asText());
        assertEquals("user", asBob.body().get("kind").asText());
        String bobMessage = asBob.body().get("id").asText();
        assertEquals(bobMessage, api.post(admin, t.apiKey(), json("senderId", "bob", "clientId", "b-1", "text", "hello from the backend")).body().get("id").asText());
        assertEquals(bobMessage, api.post(path(group) + "/messages", t.bob(), json("clientId", "b-1", "text", "hello from the backend")).body().get("id").asText(),
                "the member's own retry with the same client id is the same message");
        assertEquals("message.client_id_reused", api.post(admin, t.apiKey(), json("senderId", "bob", "clientId", "b-1", "text", "other")).code());

        // Refusals: not a member, unknown user, banned, blocked, bad input; nothing is stored.
        long before = lastSeq(t.alice(), group);
        TestApi.Reply carol = api.post(admin, t.apiKey(), json("senderId", "carol", "clientId", "c-1", "text", "not a member"));
        assertEquals(403, carol.status());
        assertEquals("message.sender_not_member", carol.code());
        assertEquals("resource.not_found", api.post(admin, t.apiKey(), json("senderId", "nobody", "clientId", "n-1", "text", "x")).code());
        assertEquals("request.invalid", api.post(admin, t.apiKey(), json("clientId", "n-2", "text", "no sender")).code());
        assertEquals("request.invalid", api.post(admin, t.apiKey(), json("kind", "robot", "clientId", "n-3", "text", "x")).code());
        assertEquals("message.empty", api.post(admin, t.apiKey(), json("senderId", "bob", "clientId", "n-4", "text", " ")).code());
        assertEquals(200, api.post("v1/admin/conversations/" + group + "/bans", t.apiKey(), json("userId", "dave")).status());
        long afterBan = lastSeq(t.alice(), group);
        TestApi.Reply banned = api.post(admin, t.apiKey(), json("senderId", "dave", "clientId", "d-1", "text", "banned"));
        assertEquals(403, banned.status());
        assertEquals("conversation.banned", banned.code());
        assertEquals(200, api.post("v1/blocks", t.bob(), json("userId", "alice")).status());
        TestApi.Reply blocked = api.post("v1/admin/conversations/" + t.conversationId() + "/messages", t.apiKey(),
                json("senderId", "alice", "clientId", "a-1", "text", "across a block"));
        assertEquals("user.blocked", blocked.code(), () -> String.valueOf(blocked.body()));
        assertEquals(0, api.get(path(t.conversationId()), t.alice()).body().get("lastSeq").asLong());
        assertEquals(afterBan, lastSeq(t.alice(), group));
        assertEquals(before + 2, afterBan, "only the ban (and its system message) changed the conversation");

        // As the system: no sender, idempotent on the client id within the conversation, never unread.
        String systemWord = "sysword" + UUID.randomUUID().toString().replace("-", "");
        TestApi.Reply system = api.post(admin, t.apiKey(), json("kind", "system", "clientId", "maint-1", "text", "Maintenance tonight " + systemWord));
        assertEquals(200, system.status(), () -> String.valueOf(system.body()));
        assertEquals("system", system.body().get("kind").asText());
        assertFalse(hasSender(system.body()), system.body()::toString);
        assertEquals(system.body().get("id"), api.post(admin, t.apiKey(), json("kind", "system", "clientId", "maint-1",
                "text", "Maintenance tonight " + systemWord)).body().get("id"));
        assertEquals("message.client_id_reused", api.post(admin, t.apiKey(), json("kind", "system", "clientId", "maint-1", "text", "changed")).code());
        assertEquals("request.invalid", api.post(admin, t.apiKey(), json("kind", "system", "clientId", "event:1", "text", "reserved")).code());
        assertEquals("request.invalid", api.post(admin, t.apiKey(), json("kind", "system", "senderId", "bob", "clientId", "s-2", "text", "x")).code());
        assertEquals("message.empty", api.post(admin, t.apiKey(), json("kind", "system", "clientId", "s-3", "text", "")).code());
        TenantFixtures.Account console = fixtures.tenantAdmin(t.tenantId());
        TestApi.Reply fromConsole = api.post(admin, console.token(), json("kind", "system", "clientId", "console-1", "text", "From the console"));
        assertEquals(200, fromConsole.status(), () -> String.valueOf(fromConsole.body()));
        JsonNode audit = api.get("v1/audit?action=admin.message_sent", t.apiKey()).body();
        assertEquals(1, audit.get("items").size(), "console sends are audited, API key sends are not: " + audit);
        assertEquals(group, audit.at("/items/0/targetId").asText());

        // Alice sees bob's message and both system messages; only bob's counts as unread.
        JsonNode aliceView = summary(t.alice(), group);
        assertEquals(1, aliceView.get("unreadCount").asLong(), aliceView::toString);
        assertEquals("From the console", aliceView.at("/lastMessage/text").asText());
        assertEquals(0, summary(t.bob(), group).get("unreadCount").asLong());

        // A user message is indexed for search; the system message is not.
        String userWord = "userword" + UUID.randomUUID().toString().replace("-", "");
        send(t.alice(), group, "indexed " + userWord);
        eventually(() -> api.get("v1/search?q=" + userWord, t.bob()).body().get("items").size() == 1 ? true : null);
        assertEquals(0, api.get("v1/search?q=" + systemWord, t.bob()).body().get("items").size());

        // Another tenant's credentials: not found, nothing stored.
        long now = lastSeq(t.alice(), group);
        TestApi.Reply foreign = api.post(admin, other.apiKey(), json("kind", "system", "clientId", "x-1", "text", "foreign"));
        assertEquals(404, foreign.status());
        assertEquals("resource.not_found", foreign.code());
        assertEquals(403, api.post(admin, t.alice(), json("kind", "system", "clientId", "x-2", "text", "user token")).status());
        assertEquals(now, lastSeq(t.alice(), group));
    }

    // ------------------------------------------------------------------ system messages

    @Test
    void membershipAndConversationChangesBecomeSystemMessagesThatSyncSeesAndNobodyHasUnread() {
        TenantFixtures.TenantFixture t = fixtures.newTenant("System messages " + UUID.randomUUID());
        fixtures.addUser(t, "carol");
        String channel = create(t.alice(), "channel", "Town", List.of());
        assertEquals(200, api.post(path(channel) + "/join", t.bob(), json()).status());
        assertEquals(200, api.post(path(channel) + "/members", t.alice(), json("userId", "carol")).status());
        assertEquals(200, api.patch(path(channel), t.alice(), json("name", "Town hall", "topic", "Budget")).status());
        assertEquals(200, api.patch(path(channel), t.alice(), json("customData", java.util.Map.of("color", "blue"))).status());
        assertEquals(200, api.delete(path(channel) + "/members/carol", t.alice()).status());
        assertEquals(200, api.post(path(channel) + "/leave", t.bob(), json()).status());

        JsonNode history = history(t.alice(), channel);
        List<String> kinds = new ArrayList<>();
        for (JsonNode m : history) {
            assertEquals("system", m.get("kind").asText(), m::toString);
            assertFalse(hasSender(m), m::toString);
            assertEquals(m.get("seq").asLong() - 1, m.at("/system/eventSeq").asLong(), "the system message follows its event");
            kinds.add(m.at("/system/event").asText());
        }
        assertEquals(List.of("member.joined", "member.joined", "conversation.updated", "member.removed", "member.left"), kinds,
                "a custom-data change alone is not announced");
        assertEquals("bob", history.get(0).at("/system/data/userId").asText());
        assertEquals("A member joined.", history.get(0).get("text").asText());
        assertEquals("alice", history.get(1).at("/system/data/invitedBy").asText());
        assertEquals("The conversation was renamed to \u201cTown hall\u201d. The topic was changed to \u201cBudget\u201d.", history.get(2).get("text").asText());
        assertEquals("carol", history.get(3).at("/system/data/userId").asText());
        assertEquals("bob", history.get(4).at("/system/data/userId").asText());

        // Sync: every system message is a message.created event with the message, right after its event.
        JsonNode events = api.get(path(channel) + "/events?after=0&limit=200", t.alice()).body().get("items");
        int systemEvents = 0;
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            if ("message.created".equals(e.get("kind").asText())) {
                systemEvents++;
                assertEquals("system", e.at("/data/message/kind").asText(), e::toString);
                assertEquals(events.get(i - 1).get("seq").asLong(), e.at("/data/message/system/eventSeq").asLong());
                assertEquals(events.get(i - 1).get("kind").asText(), e.at("/data/message/system/event").asText());
            }
        }
        assertEquals(5, systemEvents);

        // Never unread, never anyone's to edit, delete or reply to; the channel's last message is the last one.
        JsonNode list = summary(t.alice(), channel);
        assertEquals(0, list.get("unreadCount").asLong());
        assertEquals(history.get(4).get("id"), list.at("/lastMessage/id"));
        assertEquals(0, api.get("v1/unread", t.alice()).body().get("totalUnreadCount").asLong());
        String systemId = history.get(0).get("id").asText();
        long before = lastSeq(t.alice(), channel);
        assertEquals("message.not_author", api.patch(path(channel) + "/messages/" + systemId, t.alice(), json("text", "x")).code());
        assertEquals("message.not_author", api.delete(path(channel) + "/messages/" + systemId, t.alice()).code());
        TestApi.Reply reply = api.post(path(channel) + "/messages", t.alice(), json("clientId", "r-1", "text", "re", "parentId", systemId));
        assertEquals(409, reply.status());
        assertEquals("thread.parent_is_system", reply.code());
        assertEquals(before, lastSeq(t.alice(), channel), "refusals change nothing");
    }

    @Test
    void bansUnbansAndRoleChangesBecomeSystemMessagesThatSyncSeesAndNobodyHasUnread() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("System messages moderation " + UUID.randomUUID());
        String carol = fixtures.addUser(t, "carol");
        String channel = create(t.alice(), "channel", "Moderated", List.of());
        assertEquals(200, api.post(path(channel) + "/join", t.bob(), json()).status());
        assertEquals(200, api.post(path(channel) + "/join", carol, json()).status());
        long start = lastSeq(t.alice(), channel);
        TestApi.Socket bobSocket = api.connect(t.bob());
        TestApi.Reply promoted;
        TestApi.Reply banned;
        TestApi.Reply unbanned;
        try {
            bobSocket.next("ready");
            promoted = api.patch(path(channel) + "/members/bob", t.alice(), json("role", "admin"));
            assertEquals(200, promoted.status(), () -> String.valueOf(promoted.body()));
            banned = api.post(path(channel) + "/bans", t.alice(), json("userId", "carol", "reason", "spam"));
            assertEquals(200, banned.status(), () -> String.valueOf(banned.body()));
            unbanned = api.delete(path(channel) + "/bans/carol", t.bob()); // bob is an admin now
            assertEquals(200, unbanned.status(), () -> String.valueOf(unbanned.body()));
            assertTrue(unbanned.body().get("changed").asBoolean());
            // Live: each change is followed by its system message (a message frame), in seq order.
            List<String> live = new ArrayList<>();
            while (live.size() < 3) {
                JsonNode m = bobSocket.next("message").get("message");
                assertEquals("system", m.get("kind").asText(), m::toString);
                live.add(m.at("/system/event").asText());
            }
            assertEquals(List.of("member.role_changed", "member.banned", "member.unbanned"), live);
        } finally {
            bobSocket.close();
        }
        // Each event takes a seq and its system message the next one.
        assertEquals(start + 1, promoted.body().at("/event/seq").asLong());
        assertEquals(start + 3, banned.body().at("/event/seq").asLong());
        assertEquals(start + 5, unbanned.body().at("/event/seq").asLong());
        assertEquals(start + 6, lastSeq(t.alice(), channel));

        JsonNode history = history(t.alice(), channel);
        List<JsonNode> system = new ArrayList<>();
        history.forEach(m -> {
            if (m.get("seq").asLong() > start) {
                system.add(m);
            }
        });
        assertEquals(3, system.size(), history::toString);
        for (JsonNode m : system) {
            assertEquals("system", m.get("kind").asText(), m::toString);
            assertFalse(hasSender(m), m::toString);
            assertEquals(m.get("seq").asLong() - 1, m.at("/system/eventSeq").asLong(), "the system message follows its event");
            assertEquals("event:" + (m.get("seq").asLong() - 1), m.get("clientId").asText());
        }
        assertEquals("member.role_changed", system.get(0).at("/system/event").asText());
        assertEquals("bob", system.get(0).at("/system/data/userId").asText());
        assertEquals("admin", system.get(0).at("/system/data/role").asText());
        assertEquals("A member's role was changed.", system.get(0).get("text").asText());
        assertEquals("member.banned", system.get(1).at("/system/event").asText());
        assertEquals("carol", system.get(1).at("/system/data/userId").asText());
        assertTrue(system.get(1).at("/system/data/removed").asBoolean());
        assertEquals("alice", system.get(1).at("/system/data/bannedBy").asText());
        assertEquals("A user was banned.", system.get(1).get("text").asText());
        assertEquals("member.unbanned", system.get(2).at("/system/event").asText());
        assertEquals("carol", system.get(2).at("/system/data/userId").asText());
        assertEquals("bob", system.get(2).at("/system/data/unbannedBy").asText());
        assertEquals("A user was unbanned.", system.get(2).get("text").asText());

        // Sync: the events, each followed by the message.created of its system message.
        JsonNode events = api.get(path(channel) + "/events?after=" + start + "&limit=200", t.bob()).body().get("items");
        List<String> kinds = new ArrayList<>();
        events.forEach(e -> kinds.add(e.get("kind").asText()));
        assertEquals(List.of("member.role_changed", "message.created", "member.banned", "message.created", "member.unbanned", "message.created"), kinds);
        for (int i = 1; i < events.size(); i += 2) {
            assertEquals("system", events.get(i).at("/data/message/kind").asText(), events.get(i)::toString);
            assertEquals(events.get(i - 1).get("seq").asLong(), events.get(i).at("/data/message/system/eventSeq").asLong());
            assertEquals(events.get(i - 1).get("data"), events.get(i).at("/data/message/system/data"));
        }

        // Never unread: the members' counts stay at zero; the channel's last message is the unban line.
        assertEquals(0, summary(t.bob(), channel).get("unreadCount").asLong());
        assertEquals(system.get(2).get("id"), summary(t.bob(), channel).at("/lastMessage/id"));
        assertEquals(0, api.get("v1/unread", t.bob()).body().get("totalUnreadCount").asLong());
        assertEquals(0, api.get("v1/unread", t.alice()).body().get("totalUnreadCount").asLong());

        // No change, no message: the same role again, an unban of someone not banned.
        long before = lastSeq(t.alice(), channel);
        assertFalse(api.patch(path(channel) + "/members/bob", t.alice(), json("role", "admin")).body().get("changed").asBoolean());
        assertFalse(api.delete(path(channel) + "/bans/carol", t.alice()).body().get("changed").asBoolean());
        assertEquals(before, lastSeq(t.alice(), channel));
    }

    // ------------------------------------------------------------------ replies and threads

    @Test
    void repliesFormThreadsWithCountsOverRestAndWebSocket() {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Threads " + UUID.randomUUID());
        String carol = fixtures.addUser(t, "carol");
        String group = create(t.alice(), "group", "Design", List.of("bob"));
        String elsewhere = create(t.alice(), "group", "Elsewhere", List.of());
        String foreignRoot = send(t.alice(), elsewhere, "in another conversation").get("id").asText();
        String root1 = send(t.alice(), group, "Question one?").get("id").asText();
        String root2 = send(t.alice(), group, "Question two?").get("id").asText();
        JsonNode r1 = send(t.bob(), group, "answer over REST", root1);
        assertEquals(root1, r1.get("parentId").asText());
        assertEquals("answer over REST", r1.get("text").asText());

        TestApi.Socket socket = api.connect(t.alice());
        JsonNode r2;
        try {
            socket.next("ready");
            socket.send(json("type", "send", "clientId", "ws-reply", "conversationId", group, "text", "answer over the socket", "parentId", root1));
            JsonNode ack = socket.next("ack");
            r2 = ack.get("message");
            assertEquals(root1, r2.get("parentId").asText(), ack::toString);
            socket.send(json("type", "send", "clientId", "ws-bad", "conversationId", group, "text", "x", "parentId", "not-an-id"));
            assertEquals("request.invalid", socket.next("error").get("code").asText());
        } finally {
            socket.close();
        }
        // A reply to a reply goes to the thread's root (threads are one level deep).
        JsonNode r3 = send(t.bob(), group, "reply to the reply", r1.get("id").asText());
        assertEquals(root1, r3.get("parentId").asText());
        JsonNode r4 = send(t.bob(), group, "on question two", root2);

        // The roots carry their counts and last reply time (changed with the reply).
        JsonNode h = history(t.alice(), group);
        JsonNode first = h.get(0);
        assertEquals(root1, first.get("id").asText());
        assertEquals(3, first.get("replyCount").asInt());
        assertEquals(r3.get("createdAt").asText(), first.get("lastReplyAt").asText());
        assertEquals(1, h.get(1).get("replyCount").asInt());
        assertEquals(0, r1.get("replyCount").asInt());

        // Threads: roots with replies, most recent reply first, keyset-paged.
        JsonNode threads = api.get(path(group) + "/threads", t.bob()).body();
        assertEquals(List.of(root2, root1), ids(threads.get("items")));
        JsonNode page1 = api.get(path(group) + "/threads?limit=1", t.bob()).body();
        assertEquals(List.of(root2), ids(page1.get("items")));
        assertTrue(page1.get("hasMore").asBoolean());
        JsonNode page2 = api.get(path(group) + "/threads?limit=1&cursor=" + page1.get("nextCursor").asText(), t.bob()).body();
        assertEquals(List.of(root1), ids(page2.get("items")));
        assertFalse(page2.get("hasMore").asBoolean());

        // One thread: the root and its replies oldest first, paged by seq; a reply's id opens its thread too.
        JsonNode thread = api.get(path(group) + "/threads/" + root1, t.bob()).body();
        assertEquals(root1, thread.at("/root/id").asText());
        assertEquals(List.of(r1.get("id").asText(), r2.get("id").asText(), r3.get("id").asText()), ids(thread.get("items")));
        JsonNode paged = api.get(path(group) + "/threads/" + root1 + "?limit=2", t.bob()).body();
        assertEquals(2, paged.get("items").size());
        assertTrue(paged.get("hasMore").asBoolean());
        JsonNode rest = api.get(path(group) + "/threads/" + root1 + "?limit=2&after=" + paged.get("nextAfter").asLong(), t.bob()).body();
        assertEquals(List.of(r3.get("id").asText()), ids(rest.get("items")));
        assertEquals(root1, api.get(path(group) + "/threads/" + r2.get("id").asText(), t.bob()).body().at("/root/id").asText());

        // Idempotent retry: the same reply, the count does not move.
        String clientId = "retry-" + UUID.randomUUID();
        JsonNode once = api.post(path(group) + "/messages", t.bob(), json("clientId", clientId, "text", "only once", "parentId", root2)).body();
        JsonNode twice = api.post(path(group) + "/messages", t.bob(), json("clientId", clientId, "text", "only once", "parentId", root2)).body();
        assertEquals(once.get("id"), twice.get("id"));
        assertEquals(2, history(t.alice(), group).get(1).get("replyCount").asInt());

        // The backend replies on behalf of a member; the event carries parentId (sync sees threads).
        TestApi.Reply backend = api.post("v1/admin/conversations/" + group + "/messages", t.apiKey(),
                json("senderId", "bob", "clientId", "backend-reply", "text", "from the backend", "parentId", root2));
        assertEquals(200, backend.status(), () -> String.valueOf(backend.body()));
        assertEquals(root2, backend.body().get("parentId").asText());
        JsonNode events = api.get(path(group) + "/events?after=0&limit=200", t.alice()).body().get("items");
        JsonNode lastEvent = events.get(events.size() - 1);
        assertEquals(root2, lastEvent.at("/data/message/parentId").asText(), lastEvent::toString);

        // Refusals: unknown parent, a parent in another conversation, a deleted root, outsiders; nothing changes.
        long before = lastSeq(t.alice(), group);
        TestApi.Reply unknown = api.post(path(group) + "/messages", t.bob(), json("clientId", "u-1", "text", "x", "parentId", UUID.randomUUID().toString()));
        assertEquals(404, unknown.status());
        assertEquals("thread.parent_not_found", unknown.code());
        assertEquals("thread.parent_not_found", api.post(path(group) + "/messages", t.bob(),
                json("clientId", "u-2", "text", "x", "parentId", foreignRoot)).code());
        String doomed = send(t.alice(), group, "to be deleted").get("id").asText();
        assertEquals(200, api.delete(path(group) + "/messages/" + doomed, t.alice()).status());
        long afterDelete = lastSeq(t.alice(), group);
        assertEquals("message.deleted", api.post(path(group) + "/messages", t.bob(), json("clientId", "u-3", "text", "x", "parentId", doomed)).code());
        assertEquals("request.malformed", api.post(path(group) + "/messages", t.bob(), json("clientId", "u-4", "text", "x", "parentId", "nope")).code());
        assertEquals(afterDelete, lastSeq(t.alice(), group));
        assertEquals(before + 2, afterDelete);
        assertEquals("conversation.not_member", api.get(path(group) + "/threads", carol).code());
        assertEquals("conversation.not_member", api.get(path(group) + "/threads/" + root1, carol).code());
        assertEquals("thread.parent_not_found", api.get(path(group) + "/threads/" + UUID.randomUUID(), t.bob()).code());
        for (String bad : List.of("/threads?limit=0", "/threads?cursor=zzz", "/threads/" + root1 + "?after=-1", "/threads/" + root1 + "?limit=201")) {
            TestApi.Reply r = api.get(path(group) + bad, t.bob());
            assertEquals("request.invalid", r.code(), bad);
        }
    }

    @Test
    void deletingRepliesLowersTheRootsCountAndARootWithNoReplyLeftLeavesTheThreadList() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Thread deletes " + UUID.randomUUID());
        fixtures.addUser(t, "erin");
        String erin = fixtures.userToken(t.apiKey(), "erin");
        String group = create(t.alice(), "group", "Replies", List.of("bob", "erin"));
        String root = send(t.alice(), group, "Root?").get("id").asText();
        String other = send(t.alice(), group, "Other root?").get("id").asText();
        JsonNode r1 = send(t.bob(), group, "first reply", root);
        JsonNode r2 = send(erin, group, "erin's reply", root);
        JsonNode r3 = send(t.alice(), group, "last reply", root);
        JsonNode o1 = send(t.bob(), group, "reply elsewhere", other);
        JsonNode rootView = history(t.bob(), group).get(0);
        assertEquals(3, rootView.get("replyCount").asInt());
        assertEquals(r3.get("createdAt").asText(), rootView.get("lastReplyAt").asText());

        // The author deletes the latest reply: the count goes down and lastReplyAt goes back to the latest reply left.
        assertEquals(200, api.delete(path(group) + "/messages/" + r3.get("id").asText(), t.alice()).status());
        rootView = history(t.bob(), group).get(0);
        assertEquals(2, rootView.get("replyCount").asInt(), rootView::toString);
        assertEquals(r2.get("createdAt").asText(), rootView.get("lastReplyAt").asText());
        JsonNode thread = api.get(path(group) + "/threads/" + root, t.bob()).body();
        assertEquals(2, thread.at("/root/replyCount").asInt());
        assertEquals(3, thread.get("items").size(), "the deleted reply stays as a tombstone in the thread");
        // Deleting it again changes nothing (message.deleted), the count neither.
        assertEquals("message.deleted", api.delete(path(group) + "/messages/" + r3.get("id").asText(), t.alice()).code());
        assertEquals(2, history(t.bob(), group).get(0).get("replyCount").asInt());

        // Erasure of erin's data (the compliance path retention also uses) takes her reply out of the count.
        TestApi.Reply erasure = api.post("v1/compliance/erasures", t.apiKey(), json("userId", "erin"));
        assertEquals(202, erasure.status(), () -> String.valueOf(erasure.body()));
        String erasureId = erasure.body().get("id").asText();
        eventually(() -> "completed".equals(api.get("v1/compliance/erasures/" + erasureId, t.apiKey()).body().path("status").asText()) ? true : null);
        rootView = history(t.bob(), group).get(0);
        assertEquals(1, rootView.get("replyCount").asInt(), rootView::toString);
        assertEquals(r1.get("createdAt").asText(), rootView.get("lastReplyAt").asText());

        // A moderator (here the owner) hard-deletes the last reply: no reply left, the root leaves the thread list.
        assertEquals(List.of(other, root), ids(api.get(path(group) + "/threads", t.bob()).body().get("items")));
        TestApi.Reply hard = api.post(path(group) + "/messages/" + r1.get("id").asText() + "/hard-delete", t.alice(), json("reason", "off topic"));
        assertEquals(200, hard.status(), () -> String.valueOf(hard.body()));
        rootView = history(t.bob(), group).get(0);
        assertEquals(0, rootView.get("replyCount").asInt(), rootView::toString);
        assertTrue(rootView.path("lastReplyAt").isMissingNode() || rootView.get("lastReplyAt").isNull(), rootView::toString);
        assertEquals(List.of(other), ids(api.get(path(group) + "/threads", t.bob()).body().get("items")));
        assertEquals(1, history(t.bob(), group).get(1).get("replyCount").asInt(), "another thread is not touched");

        // A new reply brings the root back, counted from the replies that are left.
        JsonNode again = send(t.bob(), group, "a new reply", root);
        rootView = history(t.bob(), group).get(0);
        assertEquals(1, rootView.get("replyCount").asInt());
        assertEquals(again.get("createdAt").asText(), rootView.get("lastReplyAt").asText());
        assertEquals(List.of(root, other), ids(api.get(path(group) + "/threads", t.bob()).body().get("items")));
        assertEquals(o1.get("parentId").asText(), other);
    }

    // ------------------------------------------------------------------ pins

    @Test
    void anyMemberPinsUpToFiftyMessagesAndSyncSeesPinEvents() {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Pins " + UUID.randomUUID());
        String carol = fixtures.addUser(t, "carol");
        String group = create(t.alice(), "group", "Pins", List.of("bob"));
        String m1 = send(t.alice(), group, "pin me").get("id").asText();
        String m2 = send(t.bob(), group, "and me").get("id").asText();
        String pins = path(group) + "/pins";

        // Any member pins (Slack-like), idempotently; the pin is an event in the log.
        long before = lastSeq(t.alice(), group);
        TestApi.Reply pinned = api.put(pins + "/" + m1, t.bob());
        assertEquals(200, pinned.status(), () -> String.valueOf(pinned.body()));
        assertEquals("pin.added", pinned.body().at("/event/kind").asText());
        assertEquals("bob", pinned.body().at("/event/data/userId").asText());
        assertFalse(api.put(pins + "/" + m1, t.alice()).body().get("changed").asBoolean());
        TestApi.Reply byAdmin = api.put("v1/admin/conversations/" + group + "/pins/" + m2, t.apiKey());
        assertEquals(200, byAdmin.status(), () -> String.valueOf(byAdmin.body()));
        JsonNode list = api.get(pins, t.alice()).body().get("items");
        assertEquals(2, list.size());
        assertEquals(m2, list.get(0).at("/message/id").asText(), "most recently pinned first");
        assertFalse(list.get(0).has("pinnedBy") && !list.get(0).get("pinnedBy").isNull(), "pinned through the admin API");
        assertEquals(m1, list.get(1).at("/message/id").asText());
        assertEquals("bob", list.get(1).get("pinnedBy").asText());
        assertEquals(list, api.get("v1/admin/conversations/" + group + "/pins", t.apiKey()).body().get("items"));

        // Sync sees pins and unpins; pins do not reorder the conversation list (not activity).
        assertEquals("pin.removed", api.delete(pins + "/" + m2, t.alice()).body().at("/event/kind").asText());
        assertFalse(api.delete(pins + "/" + m2, t.alice()).body().get("changed").asBoolean());
        JsonNode events = api.get(path(group) + "/events?after=" + before, t.bob()).body().get("items");
        List<String> kinds = new ArrayList<>();
        events.forEach(e -> kinds.add(e.get("kind").asText() + ":" + e.at("/data/messageId").asText()));
        assertEquals(List.of("pin.added:" + m1, "pin.added:" + m2, "pin.removed:" + m2), kinds);
        JsonNode left = api.get(pins, t.bob()).body().get("items");
        assertEquals(1, left.size());
        assertEquals(m1, left.get(0).at("/message/id").asText());

        // Refusals: outsiders, unknown and deleted messages, another tenant; the limit of 50.
        assertEquals("conversation.not_member", api.put(pins + "/" + m2, carol).code());
        assertEquals("conversation.not_member", api.get(pins, carol).code());
        assertEquals("message.not_found", api.put(pins + "/" + UUID.randomUUID(), t.bob()).code());
        String doomed = send(t.alice(), group, "doomed").get("id").asText();
        assertEquals(200, api.delete(path(group) + "/messages/" + doomed, t.alice()).status());
        assertEquals("message.deleted", api.put(pins + "/" + doomed, t.bob()).code());
        TenantFixtures.TenantFixture other = fixtures.newTenant("Pins other " + UUID.randomUUID());
        assertEquals(404, api.put("v1/admin/conversations/" + group + "/pins/" + m2, other.apiKey()).status());
        for (int i = 0; i < 49; i++) {
            String id = send(t.alice(), group, "filler " + i).get("id").asText();
            assertEquals(200, api.put(pins + "/" + id, t.alice()).status());
        }
        assertEquals(50, api.get(pins, t.alice()).body().get("items").size());
        long full = lastSeq(t.alice(), group);
        TestApi.Reply limit = api.put(pins + "/" + m2, t.bob());
        assertEquals(409, limit.status());
        assertEquals("pin.limit_reached", limit.code());
        assertEquals("pin.limit_reached", api.put("v1/admin/conversations/" + group + "/pins/" + m2, t.apiKey()).code());
        assertEquals(full, lastSeq(t.alice(), group));
        assertEquals(50, api.get(pins, t.alice()).body().get("items").size());
    }

    // ------------------------------------------------------------------ archive

    @Test
    void ownersAndAdminsArchiveAndAnArchivedConversationRefusesChanges() {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Archive " + UUID.randomUUID());
        String group = create(t.alice(), "group", "Old project", List.of("bob"));
        String message = send(t.bob(), group, "last words").get("id").asText();

        TestApi.Reply byMember = api.put(path(group) + "/archive", t.bob());
        assertEquals(403, byMember.status());
        assertEquals("conversation.role_forbidden", byMember.code());
        assertEquals("conversation.not_allowed", api.put(path(t.conversationId()) + "/archive", t.alice()).code());
        TestApi.Reply archived = api.put(path(group) + "/archive", t.alice());
        assertEquals(200, archived.status(), () -> String.valueOf(archived.body()));
        assertEquals("conversation.archived", archived.body().at("/event/kind").asText());
        String archivedAt = archived.body().at("/event/data/archivedAt").asText();
        assertFalse(api.put(path(group) + "/archive", t.alice()).body().get("changed").asBoolean());

        // Shown in the conversation, the list, /sync and the admin API.
        assertEquals(archivedAt, api.get(path(group), t.bob()).body().get("archivedAt").asText());
        assertEquals(archivedAt, summary(t.bob(), group).get("archivedAt").asText());
        JsonNode sync = null;
        for (JsonNode e : api.get("v1/sync", t.bob()).body().get("items")) {
            if (group.equals(e.get("conversationId").asText())) {
                sync = e;
            }
        }
        assertEquals(archivedAt, sync.get("archivedAt").asText(), String.valueOf(sync));
        assertEquals(archivedAt, api.get("v1/admin/conversations/" + group, t.apiKey()).body().get("archivedAt").asText());

        // No new messages (REST, WebSocket, admin API), edits, reactions or pins; nothing changes.
        long seq = lastSeq(t.alice(), group);
        assertEquals("conversation.archived", api.post(path(group) + "/messages", t.bob(), json("clientId", "x-1", "text", "late")).code());
        assertEquals("conversation.archived", api.patch(path(group) + "/messages/" + message, t.bob(), json("text", "edit")).code());
        assertEquals("conversation.archived", api.put(path(group) + "/messages/" + message + "/reactions/:ok:", t.alice()).code());
        assertEquals("conversation.archived", api.put(path(group) + "/pins/" + message, t.alice()).code());
        assertEquals("conversation.archived", api.post("v1/admin/conversations/" + group + "/messages", t.apiKey(),
                json("senderId", "bob", "clientId", "x-2", "text", "late")).code());
        assertEquals("conversation.archived", api.post("v1/admin/conversations/" + group + "/messages", t.apiKey(),
                json("kind", "system", "clientId", "x-3", "text", "late")).code());
        TestApi.Socket socket = api.connect(t.bob());
        try {
            socket.next("ready");
            socket.send(json("type", "send", "clientId", "x-4", "conversationId", group, "text", "late"));
            assertEquals("conversation.archived", socket.next("error").get("code").asText());
        } finally {
            socket.close();
        }
        assertEquals(seq, lastSeq(t.alice(), group));

        // Unarchive: messages flow again; the events are in the log for sync.
        assertEquals("conversation.unarchived", api.delete(path(group) + "/archive", t.alice()).body().at("/event/kind").asText());
        assertFalse(api.delete(path(group) + "/archive", t.alice()).body().get("changed").asBoolean());
        assertFalse(api.get(path(group), t.bob()).body().has("archivedAt"));
        send(t.bob(), group, "back again");
        JsonNode events = api.get(path(group) + "/events?after=" + (seq - 1), t.bob()).body().get("items");
        assertEquals("conversation.archived", events.get(0).get("kind").asText());
        assertEquals("conversation.unarchived", events.get(1).get("kind").asText());
    }

    // ------------------------------------------------------------------ channel browsing

    @Test
    void usersBrowseTheChannelsTheyMayJoinByName() {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Channels " + UUID.randomUUID());
        TenantFixtures.TenantFixture other = fixtures.newTenant("Channels other " + UUID.randomUUID());
        String carol = fixtures.addUser(t, "carol");
        String dev = create(t.alice(), "channel", "dev", List.of("bob"));
        String design = create(t.alice(), "channel", "Design", List.of());
        String deploys = create(t.alice(), "channel", "deploys", List.of());
        String random = create(t.alice(), "channel", "random", List.of());
        String old = create(t.alice(), "channel", "dev-old", List.of());
        String secret = create(t.alice(), "group", "dev secret group", List.of());
        String banned = create(t.alice(), "channel", "devils", List.of());
        String foreign = create(other.alice(), "channel", "dev elsewhere", List.of());
        assertEquals(200, api.put(path(old) + "/archive", t.alice()).status());
        assertEquals(200, api.post("v1/admin/conversations/" + banned + "/bans", t.apiKey(), json("userId", "carol")).status());

        JsonNode all = api.get("v1/channels", carol).body();
        assertEquals(List.of(deploys, design, dev, random), ids(all.get("items")),
                "by name, case-insensitive; not groups, archived channels, channels the user is banned from or other tenants'");
        assertEquals(2, all.get("items").get(2).get("memberCount").asLong());
        assertFalse(all.get("items").get(2).get("joined").asBoolean());
        JsonNode bobs = api.get("v1/channels?name=DEV", t.bob()).body();
        assertEquals(List.of(dev, banned), ids(bobs.get("items")));
        assertTrue(bobs.get("items").get(0).get("joined").asBoolean());
        assertEquals(List.of(), ids(api.get("v1/channels?name=de%25", carol).body().get("items")), "% is literal");

        List<String> walked = new ArrayList<>();
        String cursor = null;
        for (int i = 0; i < 10; i++) {
            JsonNode page = api.get("v1/channels?limit=1" + (cursor == null ? "" : "&cursor=" + cursor), carol).body();
            walked.addAll(ids(page.get("items")));
            if (!page.get("hasMore").asBoolean()) {
                break;
            }
            cursor = page.get("nextCursor").asText();
        }
        assertEquals(ids(all.get("items")), walked);
        assertFalse(all.toString().contains(foreign) || all.toString().contains(secret));

        // Joining one from the list works; bad input and non-users are refused.
        assertEquals(200, api.post(path(design) + "/join", carol, json()).status());
        assertTrue(api.get("v1/channels?name=design", carol).body().at("/items/0/joined").asBoolean());
        for (String bad : List.of("?limit=0", "?limit=201", "?cursor=zzz", "?name=" + "y".repeat(201))) {
            assertEquals("request.invalid", api.get("v1/channels" + bad, carol).code(), bad);
        }
        assertEquals(403, api.get("v1/channels", t.apiKey()).status());
    }

    // ------------------------------------------------------------------ pins and personal data

    @Test
    void pinsAreInTheUsersExportAndLoseTheirAuthorWhenTheUserIsErased() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Pins GDPR " + UUID.randomUUID());
        fixtures.addUser(t, "erin");
        String erin = fixtures.userToken(t.apiKey(), "erin");
        String group = create(t.alice(), "group", "Pins GDPR", List.of("erin"));
        String message = send(t.alice(), group, "remember this").get("id").asText();
        TestApi.Reply pinned = api.put(path(group) + "/pins/" + message, erin);
        assertEquals(200, pinned.status(), () -> String.valueOf(pinned.body()));
        long pinSeq = pinned.body().at("/event/seq").asLong();

        TestApi.Reply export = api.post("v1/compliance/exports", t.apiKey(), json("userIds", List.of("erin")));
        assertEquals(202, export.status(), () -> String.valueOf(export.body()));
        String exportId = export.body().get("id").asText();
        eventually(() -> "completed".equals(api.get("v1/compliance/exports/" + exportId, t.apiKey()).body().path("status").asText()) ? true : null);
        TestApi.Reply link = api.post("v1/compliance/exports/" + exportId + "/download", t.apiKey(), json());
        assertEquals(200, link.status(), () -> String.valueOf(link.body()));
        java.util.Map<String, byte[]> zip = new java.util.HashMap<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(
                api.fetch(java.net.URI.create(link.body().get("url").asText())).body()))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                zip.put(e.getName(), in.readAllBytes());
            }
        }
        JsonNode moderation = TestApi.JSON.readTree(zip.get("users/erin/moderation.json"));
        assertEquals(1, moderation.get("pins").size(), moderation::toString);
        assertEquals(message, moderation.at("/pins/0/messageId").asText());
        assertEquals(group, moderation.at("/pins/0/conversationId").asText());

        TestApi.Reply erasure = api.post("v1/compliance/erasures", t.apiKey(), json("userId", "erin"));
        assertEquals(202, erasure.status(), () -> String.valueOf(erasure.body()));
        String erasureId = erasure.body().get("id").asText();
        eventually(() -> "completed".equals(api.get("v1/compliance/erasures/" + erasureId, t.apiKey()).body().path("status").asText()) ? true : null);
        JsonNode pins = api.get(path(group) + "/pins", t.alice()).body().get("items");
        assertEquals(1, pins.size(), "the pin is the conversation's and stays");
        assertFalse(pins.get(0).has("pinnedBy") && !pins.get(0).get("pinnedBy").isNull(), pins::toString);
        JsonNode event = api.get(path(group) + "/events?after=" + (pinSeq - 1) + "&limit=1", t.alice()).body().at("/items/0");
        assertEquals("pin.added", event.get("kind").asText());
        assertFalse(event.toString().contains("\"erin\""), event::toString);
    }
}
