package com.chatplatform.api.it;

import static com.chatplatform.api.it.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.chatplatform.api.it.TenantFixtures.TenantFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The foundation slice end to end, black-box, against Payara Micro with real PostgreSQL, Elasticsearch
 * and an S3 API: what a tenant backend and its end users do, what another tenant may not do, and the
 * clear errors bad input gets.
 */
class FoundationIT extends ApiTestBase {
    private static final String ADMIN_EMAIL = TenantFixtures.ADMIN_EMAIL;
    /** A 1x1 PNG. */
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");




    @Test
    void firstConversationFromTenantCreationToSearchAndAttachment() throws Exception {
        TenantFixture t = fixtures.newTenant("Acme " + UUID.randomUUID());
        String admin = fixtures.adminToken();
        TestApi.Reply tenants = api.get("v1/platform/tenants", admin);
        assertEquals(200, tenants.status());
        assertTrue(tenants.body().get("items").findValuesAsText("id").contains(t.tenantId()));

        // The same pair always gets the same direct conversation.
        assertEquals(t.conversationId(), api.post("v1/conversations/direct", t.bob(), json("userId", "alice")).body().get("id").asText());

        TestApi.Socket alice = api.connect(t.alice());
        TestApi.Socket bob = api.connect(t.bob());
        assertEquals("ready", alice.next().get("type").asText());
        JsonNode bobReady = bob.next();
        assertEquals("bob", bobReady.get("userId").asText());
        assertEquals(1, bobReady.get("protocol").asInt());

        String word = "zebra" + UUID.randomUUID().toString().substring(0, 8);
        alice.send(json("type", "send", "clientId", "c-1", "conversationId", t.conversationId(), "text", "Hello Bob, " + word + " here"));
        JsonNode ack = alice.next("ack");
        assertEquals("c-1", ack.get("clientId").asText());
        assertEquals(1, ack.at("/message/seq").asLong());
        String messageId = ack.at("/message/id").asText();

        JsonNode pushed = bob.next("message");
        assertEquals(messageId, pushed.at("/message/id").asText());
        assertEquals("alice", pushed.at("/message/senderId").asText());
        assertEquals("Hello Bob, " + word + " here", pushed.at("/message/text").asText());

        // Persisted before the acknowledgement: the row is in PostgreSQL.
        try (Connection c = ChatServices.postgres().connect("chat"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select seq, text from message where id = '" + messageId + "'")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getLong(1));
        }

        TestApi.Reply history = api.get("v1/conversations/" + t.conversationId() + "/messages?after=0", t.bob());
        assertEquals(200, history.status());
        assertEquals(messageId, history.body().at("/items/0/id").asText());
        assertEquals(1, history.body().get("items").size());

        JsonNode hit = eventually(() -> {
            TestApi.Reply found = api.get("v1/search?q=" + word, t.bob());
            assertEquals(200, found.status(), () -> String.valueOf(found.body()));
            return found.body().get("items").size() > 0 ? found.body().get("items").get(0) : null;
        });
        assertEquals(messageId, hit.get("messageId").asText());
        assertEquals(t.conversationId(), hit.get("conversationId").asText());

        // An image: uploaded by alice, attached to a message, downloaded by bob through a signed URL.
        TestApi.Reply upload = api.postBytes("v1/conversations/" + t.conversationId() + "/attachments?fileName=dot.png", t.alice(), "image/png", PNG);
        assertEquals(201, upload.status(), () -> String.valueOf(upload.body()));
        String attachmentId = upload.body().get("id").asText();
        assertEquals("image/png", upload.body().get("contentType").asText());
        alice.send(json("type", "send", "clientId", "c-2", "conversationId", t.conversationId(), "text", "a picture",
                "attachmentIds", List.of(attachmentId)));
        assertEquals(2, alice.next("ack").at("/message/seq").asLong());
        JsonNode withFile = bob.next("message");
        assertEquals(attachmentId, withFile.at("/message/attachments/0/id").asText());

        // Images are stripped of metadata and thumbnailed off the request path; until then: media.not_ready.
        TestApi.Reply download = eventually(() -> {
            TestApi.Reply r = api.get("v1/attachments/" + attachmentId, t.bob());
            if (r.status() == 409) {
                assertEquals("media.not_ready", r.code());
                return null;
            }
            return r;
        });
        assertEquals(200, download.status(), () -> String.valueOf(download.body()));
        var file = api.fetch(URI.create(download.body().get("url").asText()));
        assertEquals(200, file.statusCode());
        assertArrayEquals(PNG, file.body());
        // Nothing in the bucket is public: the same object without a signature is refused.
        String unsigned = download.body().get("url").asText().replaceFirst("\\?.*$", "");
        assertEquals(403, api.fetch(URI.create(unsigned)).statusCode());
        TestApi.Reply redirect = api.get("v1/attachments/" + attachmentId + "/content", t.bob());
        assertEquals(303, redirect.status());
        assertTrue(redirect.header("Location").contains("X-Amz-Signature"));

        alice.close();
        bob.close();
    }

    @Test
    void anotherTenantSeesNothingAndChangesNothing() throws Exception {
        TenantFixture a = fixtures.newTenant("A " + UUID.randomUUID());
        TenantFixture b = fixtures.newTenant("B " + UUID.randomUUID());
        String word = "secret" + UUID.randomUUID().toString().substring(0, 8);
        TestApi.Reply sent = api.post("v1/conversations/" + a.conversationId() + "/messages", a.alice(),
                json("clientId", "m-1", "text", "only for A " + word));
        assertEquals(200, sent.status(), () -> String.valueOf(sent.body()));
        TestApi.Reply upload = api.postBytes("v1/conversations/" + a.conversationId() + "/attachments?fileName=a.png", a.alice(), "image/png", PNG);
        String attachmentId = upload.body().get("id").asText();
        // Make sure A's message is indexed, so a leak would be visible.
        eventually(() -> api.get("v1/search?q=" + word, a.bob()).body().get("items").size() > 0 ? true : null);

        // B's user, B's API key: every call on A's ids answers not found, and searching finds nothing.
        assertEquals("conversation.not_member", api.get("v1/conversations/" + a.conversationId(), b.alice()).code());
        assertEquals(404, api.get("v1/conversations/" + a.conversationId() + "/messages", b.alice()).status());
        assertEquals(404, api.post("v1/conversations/" + a.conversationId() + "/messages", b.alice(),
                json("clientId", "x-1", "text", "intrusion")).status());
        assertEquals(404, api.postBytes("v1/conversations/" + a.conversationId() + "/attachments?fileName=x.png", b.alice(), "image/png", PNG).status());
        assertEquals(404, api.get("v1/attachments/" + attachmentId, b.alice()).status());
        assertEquals(404, api.get("v1/attachments/" + attachmentId + "/content", b.alice()).status());
        assertEquals(0, api.get("v1/search?q=" + word, b.alice()).body().get("items").size());
        assertEquals(404, api.post("v1/users/" + "ghost-of-a" + "/tokens", b.apiKey(), json()).status());
        // A tenant's API key cannot reach the platform API, and a user token cannot act as a tenant backend.
        assertEquals("auth.forbidden", api.get("v1/platform/tenants", a.apiKey()).code());
        assertEquals("auth.forbidden", api.post("v1/users", a.alice(), json("id", "mallory")).code());

        TestApi.Socket intruder = api.connect(b.alice());
        intruder.next("ready");
        intruder.send(json("type", "send", "clientId", "x-2", "conversationId", a.conversationId(), "text", "intrusion"));
        JsonNode error = intruder.next("error");
        assertEquals("conversation.not_member", error.get("code").asText());
        assertEquals("x-2", error.get("ref").asText());
        intruder.close();

        // Nothing changed in A: still exactly the one message.
        TestApi.Reply history = api.get("v1/conversations/" + a.conversationId() + "/messages", a.bob());
        assertEquals(1, history.body().get("items").size());
        assertEquals("only for A " + word, history.body().at("/items/0/text").asText());
    }

    @Test
    void aBodyOfTheWrongShapeIsRefusedNamingTheFieldAndChangesNothing() throws Exception {
        TenantFixture t = fixtures.newTenant("Shapes " + UUID.randomUUID());
        String admin = fixtures.adminToken();

        // A number where a string belongs is not turned into the string "5"; a misspelt field is not ignored.
        TestApi.Reply numberName = api.post("v1/platform/tenants", admin, "{\"name\": 5}");
        assertEquals("request.malformed", numberName.code());
        assertEquals("Field \"name\" must be a string.", numberName.body().get("detail").asText());
        TestApi.Reply typo = api.post("v1/users", t.apiKey(), json("id", "carol", "dispalyName", "Carol"));
        assertEquals("request.malformed", typo.code());
        assertTrue(typo.body().get("detail").asText().startsWith("Unknown field \"dispalyName\"; the fields here are: id, displayName"),
                typo.body().toString());
        assertEquals("resource.not_found", api.get("v1/users/carol", t.apiKey()).code());
        assertEquals("request.malformed", api.post("v1/users", t.apiKey(), "{\"id\": \"carol\", \"displayName\": [\"Carol\"]}").code());
        assertEquals("resource.not_found", api.get("v1/users/carol", t.apiKey()).code());

        // A retention of 99999999999 days is not wrapped into 1215752191 days, nor 30.5 days cut to 30.
        TestApi.Reply overflow = api.call("PUT", "v1/compliance/retention", t.apiKey(), "{\"maxAgeDays\": 99999999999}");
        assertEquals("request.malformed", overflow.code());
        assertEquals("Field \"maxAgeDays\" must be a whole number from -2147483648 to 2147483647.", overflow.body().get("detail").asText());
        assertEquals("request.malformed", api.call("PUT", "v1/compliance/retention", t.apiKey(), "{\"maxAgeDays\": 30.5}").code());
        assertEquals("request.malformed", api.call("PUT", "v1/compliance/retention", t.apiKey(), "{\"maxAgeDays\": \"30\"}").code());
        assertEquals(0, api.get("v1/compliance/retention", t.apiKey()).body().size());
        // The right shape still works, and a body of null still removes the policy.
        assertEquals(200, api.call("PUT", "v1/compliance/retention", t.apiKey(), "{\"maxAgeDays\": 3e1}").status());
        assertEquals(30, api.get("v1/compliance/retention", t.apiKey()).body().get(0).get("maxAgeDays").asInt());
        assertEquals(200, api.call("PUT", "v1/compliance/retention", t.apiKey(), "null").status());
        assertEquals(0, api.get("v1/compliance/retention", t.apiKey()).body().size());

        // A message whose attachment list is a string is refused, and nothing is sent.
        String messages = "v1/conversations/" + t.conversationId() + "/messages";
        assertEquals("request.malformed", api.post(messages, t.alice(), "{\"clientId\": \"s-1\", \"text\": \"hi\", \"attachmentIds\": \"x\"}").code());
        assertEquals(0, api.get(messages, t.bob()).body().get("items").size());

        // Typed query parameters: a value that does not convert is a 400 naming the parameter, not a 404 or a default.
        TestApi.Reply limit = api.get(messages + "?limit=abc", t.bob());
        assertEquals("request.invalid", limit.code());
        assertEquals("Query parameter \"limit\" must be a whole number from -2147483648 to 2147483647.", limit.body().get("detail").asText());
        assertEquals("request.invalid", api.get(messages + "?after=1.5", t.bob()).code());
        TestApi.Reply flag = api.get("v1/search?q=hello&mentionsMe=yes", t.bob());
        assertEquals("Query parameter \"mentionsMe\" must be true or false.", flag.body().get("detail").asText());
        // A path id that is not an id: no such resource (it was answered as a malformed body).
        assertEquals("resource.not_found", api.get("v1/conversations/not-an-id/messages", t.bob()).code());

        // The container's refusals carry a catalogue code with its one status, like every other error.
        TestApi.Reply method = api.call("PUT", "v1/users", t.apiKey(), json("id", "dave"));
        assertEquals(405, method.status());
        assertEquals("request.method_not_allowed", method.code());
        assertTrue(method.header("Allow").contains("POST"), method.header("Allow"));
        TestApi.Reply mediaType = api.postBytes("v1/users", t.apiKey(), "text/plain", "{\"id\": \"dave\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(415, mediaType.status());
        assertEquals("request.unsupported_media_type", mediaType.code());
        assertEquals("resource.not_found", api.get("v1/users/dave", t.apiKey()).code());
        TestApi.Reply accept = api.getAccepting("v1/users", t.apiKey(), "text/html");
        assertEquals(406, accept.status());
        assertEquals("request.not_acceptable", accept.code());
        TestApi.Reply noRoute = api.get("v1/no-such-thing", t.apiKey());
        assertEquals(404, noRoute.status());
        assertEquals("resource.not_found", noRoute.code());
    }

    @Test
    void badInputGetsAClearErrorAndChangesNothing() throws Exception {
        TenantFixture t = fixtures.newTenant("Errors " + UUID.randomUUID());
        assertEquals("auth.invalid_credentials", api.post("v1/auth/login", null, json("email", ADMIN_EMAIL, "password", "wrong")).code());
        assertEquals("auth.required", api.get("v1/platform/tenants", null).code());
        assertEquals("request.malformed", api.post("v1/users", t.apiKey(), "{not json").code());
        assertEquals("request.invalid", api.post("v1/users", t.apiKey(), json("id", "has space")).code());
        assertEquals("user.exists", api.post("v1/users", t.apiKey(), json("id", "alice")).code());
        assertEquals("auth.invalid_api_key", api.get("v1/users/alice", "sk_00000000000000000000000000000000_nope").code());

        // Forged and expired tokens.
        String[] parts = t.alice().split("\\.");
        String noneToken = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + parts[1] + ".";
        assertEquals("auth.invalid_token", api.get("v1/conversations/" + t.conversationId(), noneToken).code());
        String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        assertEquals("auth.invalid_token", api.get("v1/conversations/" + t.conversationId(), tampered).code());
        assertEquals("auth.token_expired", api.get("v1/conversations/" + t.conversationId(), expiredTokenFor(t)).code());

        // Media: empty, lying content type, path in the name.
        String uploads = "v1/conversations/" + t.conversationId() + "/attachments?fileName=";
        assertEquals("media.empty", api.postBytes(uploads + "e.png", t.alice(), "image/png", new byte[0]).code());
        assertEquals("media.type_mismatch", api.postBytes(uploads + "fake.png", t.alice(), "image/png", "just text".getBytes()).code());
        assertEquals("media.invalid_file_name", api.postBytes(uploads + "..%2Fetc%2Fpasswd", t.alice(), "image/png", PNG).code());

        // WebSocket: wrong token, malformed and unknown frames, too large, too long, retried send.
        TestApi.Socket anonymous = api.connect("not-a-token");
        assertEquals("auth.invalid_token", anonymous.next("error").get("code").asText());
        assertEquals(4401, anonymous.closed().get().intValue());

        TestApi.Socket alice = api.connect(t.alice());
        alice.next("ready");
        alice.send("{this is not json");
        assertEquals("frame.malformed", alice.next("error").get("code").asText());
        alice.send(json("type", "teleport"));
        assertEquals("frame.unknown_type", alice.next("error").get("code").asText());
        alice.send(json("type", "send", "clientId", "big", "conversationId", t.conversationId(), "text", "x".repeat(70_000)));
        assertEquals("frame.too_large", alice.next("error").get("code").asText());
        alice.send(json("type", "send", "clientId", "long", "conversationId", t.conversationId(), "text", "y".repeat(4_001)));
        JsonNode tooLong = alice.next("error");
        assertEquals("message.too_long", tooLong.get("code").asText());
        assertEquals("long", tooLong.get("ref").asText());
        alice.send(json("type", "send", "clientId", "bad-conv", "conversationId", "not-a-uuid", "text", "hi"));
        assertEquals("request.invalid", alice.next("error").get("code").asText());

        alice.send(json("type", "send", "clientId", "retry-1", "conversationId", t.conversationId(), "text", "once"));
        JsonNode first = alice.next("ack");
        alice.send(json("type", "send", "clientId", "retry-1", "conversationId", t.conversationId(), "text", "once"));
        JsonNode second = alice.next("ack");
        assertEquals(first.at("/message/id").asText(), second.at("/message/id").asText());
        assertEquals(first.at("/message/seq").asLong(), second.at("/message/seq").asLong());
        alice.send(json("type", "send", "clientId", "retry-1", "conversationId", t.conversationId(), "text", "something else"));
        assertEquals("message.client_id_reused", alice.next("error").get("code").asText());
        alice.send(json("type", "ping", "ref", "p1"));
        assertEquals("p1", alice.next("pong").get("ref").asText());
        alice.close();

        // Only the one accepted message exists.
        JsonNode items = api.get("v1/conversations/" + t.conversationId() + "/messages", t.bob()).body().get("items");
        assertEquals(1, items.size());
        assertEquals("once", items.get(0).get("text").asText());
    }

    @Test
    void searchFiltersAndBadQueries() throws Exception {
        TenantFixture t = fixtures.newTenant("Search " + UUID.randomUUID());
        TenantFixture other = fixtures.newTenant("Search other " + UUID.randomUUID());
        String word = "quokka" + UUID.randomUUID().toString().substring(0, 6);
        String messages = "v1/conversations/" + t.conversationId() + "/messages";
        api.post(messages, t.alice(), json("clientId", "plain", "text", word + " without a file"));
        String file = api.postBytes("v1/conversations/" + t.conversationId() + "/attachments?fileName=dot.png", t.alice(), "image/png", PNG)
                .body().get("id").asText();
        api.post(messages, t.alice(), json("clientId", "with-file", "text", word + " with a picture", "attachmentIds", List.of(file)));
        api.post("v1/conversations/" + other.conversationId() + "/messages", other.alice(), json("clientId", "o", "text", word + " elsewhere"));
        eventually(() -> api.get("v1/search?q=" + word, t.bob()).body().get("items").size() == 2 ? true : null);

        assertEquals(List.of("with-file"), clientIds(api.get("v1/search?q=" + word + "&hasAttachment=true", t.bob()), t));
        assertEquals(List.of("plain"), clientIds(api.get("v1/search?q=" + word + "&hasAttachment=false", t.bob()), t));
        assertEquals(List.of("with-file"), clientIds(api.get("v1/search?q=" + word + "&attachmentType=image/", t.bob()), t));
        assertEquals(List.of(), clientIds(api.get("v1/search?q=" + word + "&attachmentType=application/pdf", t.bob()), t));
        assertEquals(List.of(), clientIds(api.get("v1/search?q=" + word + "&to=2020-01-01T00:00:00Z", t.bob()), t));
        assertEquals(2, api.get("v1/search?q=" + word + "&from=2020-01-01T00:00:00Z&sort=newest", t.bob()).body().get("items").size());
        // Two pages of one, then nothing: no duplicates, no error past the end.
        TestApi.Reply first = api.get("v1/search?q=" + word + "&limit=1&sort=oldest", t.bob());
        String cursor = first.body().get("nextCursor").asText();
        TestApi.Reply second = api.get("v1/search?q=" + word + "&limit=1&sort=oldest&cursor=" + cursor, t.bob());
        assertEquals(1, second.body().get("items").size());
        assertTrue(second.body().path("nextCursor").isNull() || second.body().path("nextCursor").isMissingNode());
        assertTrue(!first.body().at("/items/0/messageId").equals(second.body().at("/items/0/messageId")));

        // Bad queries: clear errors, never a 500, never another tenant's data.
        assertEquals("search.invalid_query", api.get("v1/search?q=", t.bob()).code());
        assertEquals("search.invalid_query", api.get("v1/search?q=" + "a".repeat(1001), t.bob()).code());
        assertEquals("search.invalid_query", api.get("v1/search?q=" + word + "&colour=blue", t.bob()).code());
        assertEquals("search.invalid_query", api.get("v1/search?q=" + word + "&sort=sideways", t.bob()).code());
        assertEquals("search.invalid_query", api.get("v1/search?q=" + word + "&from=yesterday", t.bob()).code());
        assertEquals("search.invalid_query", api.get("v1/search?q=" + word + "&cursor=not-a-cursor", t.bob()).code());
        assertEquals("search.invalid_query", api.get("v1/search?q=" + word + "&limit=1000", t.bob()).code());
        TestApi.Reply injection = api.get("v1/search?q=" + java.net.URLEncoder.encode(word + " OR tenantId:* {\"match_all\":{}}",
                java.nio.charset.StandardCharsets.UTF_8), t.bob());
        assertEquals(200, injection.status(), () -> String.valueOf(injection.body()));
        for (JsonNode hit : injection.body().get("items")) {
            assertEquals(t.conversationId(), hit.get("conversationId").asText());
        }
    }

    private List<String> clientIds(TestApi.Reply reply, TenantFixture t) {
        assertEquals(200, reply.status(), () -> String.valueOf(reply.body()));
        List<String> ids = new java.util.ArrayList<>();
        for (JsonNode hit : reply.body().get("items")) {
            JsonNode page = api.get("v1/conversations/" + hit.get("conversationId").asText() + "/messages?after=" + (hit.get("seq").asLong() - 1)
                    + "&limit=1", t.bob()).body();
            ids.add(page.at("/items/0/clientId").asText());
        }
        return ids;
    }

    @Test
    void concurrentRetriesOfOneSendStoreOneMessage() throws Exception {
        TenantFixture t = fixtures.newTenant("Retries " + UUID.randomUUID());
        String path = "v1/conversations/" + t.conversationId() + "/messages";
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            for (int round = 0; round < 5; round++) {
                var body = json("clientId", "race-" + round, "text", "race " + round);
                List<java.util.concurrent.Future<TestApi.Reply>> replies = new java.util.ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    replies.add(pool.submit(() -> api.post(path, t.alice(), body)));
                }
                java.util.Set<String> ids = new java.util.HashSet<>();
                for (var reply : replies) {
                    TestApi.Reply r = reply.get();
                    assertEquals(200, r.status(), () -> String.valueOf(r.body()));
                    ids.add(r.body().get("id").asText());
                }
                assertEquals(1, ids.size(), "every retry of one client id returns the same message");
            }
        }
        JsonNode items = api.get(path + "?limit=50", t.bob()).body().get("items");
        assertEquals(5, items.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(i + 1, items.get(i).get("seq").asLong(), "sequence numbers are gapless");
        }
    }

    @Test
    void sendingWorksWhileSearchIsDownAndTheIndexCatchesUp() throws Exception {
        TenantFixture t = fixtures.newTenant("Outage " + UUID.randomUUID());
        String word = "outage" + UUID.randomUUID().toString().substring(0, 8);
        ChatServices.stopElasticsearch();
        try {
            TestApi.Reply sent = api.post("v1/conversations/" + t.conversationId() + "/messages", t.alice(),
                    json("clientId", "during-outage", "text", "sent while search is down " + word));
            assertEquals(200, sent.status(), () -> String.valueOf(sent.body()));
            TestApi.Reply ready = api.get("../health/ready", null);
            assertEquals(503, ready.status());
            assertTrue(ready.body().toString().contains("search"));
            TestApi.Reply search = api.get("v1/search?q=" + word, t.bob());
            assertEquals("service.dependency_unavailable", search.code());
        } finally {
            ChatServices.startElasticsearch();
        }
        JsonNode hit = eventually(() -> {
            TestApi.Reply found = api.get("v1/search?q=" + word, t.bob());
            return found.status() == 200 && found.body().get("items").size() > 0 ? found.body().get("items").get(0) : null;
        });
        assertNotNull(hit);
        assertEquals(200, api.get("../health/ready", null).status());
    }

    private String expiredTokenFor(TenantFixture t) throws Exception {
        String secret;
        try (Connection c = ChatServices.postgres().connect("chat"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select secret from signing_key where id = 'service-hs256-1'")) {
            assertTrue(rs.next());
            secret = rs.getString(1);
        }
        String sub = TestApi.JSON.readTree(Base64.getUrlDecoder().decode(t.alice().split("\\.")[1])).get("sub").asText();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("chat-platform").audience("chat-user").subject(sub)
                .claim("tid", t.tenantId()).claim("uid", "alice")
                .issueTime(Date.from(Instant.now().minus(Duration.ofHours(2))))
                .expirationTime(Date.from(Instant.now().minus(Duration.ofHours(1)))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("service-hs256-1").build(), claims);
        jwt.sign(new MACSigner(Base64.getDecoder().decode(secret)));
        return jwt.serialize();
    }

}
