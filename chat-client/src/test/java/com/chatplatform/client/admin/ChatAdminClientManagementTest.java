package com.chatplatform.client.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The requests of the management calls the browser tests cannot drive against the real API (JWKS URLs need a public
 * https address; turning TOTP off needs a second code inside the same 30 s), and the encoding details of the others:
 * merge-patch nulls, the newest-page default of the message history, a JWK that is not JSON never sent.
 */
class ChatAdminClientManagementTest {

    record Seen(String method, String path, String query, String body) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer = "{}";
    private HttpServer server;
    private ChatAdminClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/", this::answer);
        server.start();
        client = ChatAdminClient.create(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1"))
                .withToken("tok");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    private Seen only() {
        assertEquals(1, seen.size(), "requests: " + seen);
        return seen.get(0);
    }

    @Test
    void turningTotpOffPostsTheCode() {
        answer = "{\"email\":\"a@example.com\",\"totpEnabled\":false}";
        assertFalse(client.disableTotp(" 123456 "));
        Seen r = only();
        assertEquals("POST", r.method());
        assertEquals("/api/v1/me/totp/disable", r.path());
        assertEquals("{\"code\":\"123456\"}", r.body());
    }

    @Test
    void jwksUrlsAreRegisteredListedAndRemoved() {
        answer = "{\"id\":\"11111111-2222-3333-4444-555555555555\",\"url\":\"https://keys.example.com/jwks.json\",\"kids\":[\"k1\"]}";
        JwksUrl added = client.registerJwksUrl("https://keys.example.com/jwks.json");
        assertEquals(List.of("k1"), added.kids());
        answer = "{\"items\":[{\"id\":\"u1\",\"url\":\"https://keys.example.com/jwks.json\",\"kids\":[]}]}";
        assertEquals("https://keys.example.com/jwks.json", client.listJwksUrls().get(0).url());
        status = 204;
        answer = "";
        client.removeJwksUrl("u 1");
        assertEquals("POST", seen.get(0).method());
        assertEquals("/api/v1/token-keys/jwks-urls", seen.get(0).path());
        assertEquals("{\"url\":\"https://keys.example.com/jwks.json\"}", seen.get(0).body());
        assertEquals("GET", seen.get(1).method());
        assertEquals("DELETE", seen.get(2).method());
        assertEquals("/api/v1/token-keys/jwks-urls/u%201", seen.get(2).path());
    }

    @Test
    void planLimitsAreAMergePatchWhereNullMeansUnlimited() {
        answer = "{\"id\":\"team\",\"name\":\"Team\",\"limits\":{\"maxUsers\":null}}";
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("maxUsers", null);
        changes.put("tenantMessageBurst", 4500L);
        Plan plan = client.updatePlanLimits("team", changes);
        assertTrue(plan.limits().get("maxUsers").isNull());
        Seen r = only();
        assertEquals("PATCH", r.method());
        assertEquals("/api/v1/platform/plans/team", r.path());
        assertEquals("{\"limits\":{\"maxUsers\":null,\"tenantMessageBurst\":4500}}", r.body());
    }

    @Test
    void theMessageHistoryAsksForTheNewestPageByDefault() {
        answer = "{\"items\":[{\"id\":\"m1\",\"seq\":7,\"senderId\":\"gina\",\"text\":\"hi\",\"deleted\":false,\"hardDeleted\":false}],"
                + "\"nextAfter\":7,\"nextBefore\":7,\"hasMore\":true}";
        AdminMessage.Page page = client.conversationMessages("c1", null, 50);
        assertEquals(7, page.items().get(0).seq());
        assertEquals(Long.valueOf(7), page.nextBefore());
        assertEquals("before=" + Long.MAX_VALUE + "&limit=50", only().query());
        assertEquals("/api/v1/admin/conversations/c1/messages", only().path());
    }

    @Test
    void aPublicKeyThatIsNotJsonIsNeverSent() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client.registerPublicKey("{not json"));
        assertTrue(e.getMessage().startsWith("The key is not a JSON object"), e.getMessage());
        assertTrue(seen.isEmpty());
    }

    @Test
    void userChangesSendOnlyWhatChanged() {
        answer = "{\"id\":\"erin\",\"displayName\":\"Erin\",\"role\":\"moderator\",\"customData\":{\"team\":\"blue\"}}";
        ChatUser user = client.updateUser("erin", null, "moderator", "{\"team\":\"blue\"}");
        assertEquals("blue", user.customData().path("team").asText());
        Seen r = only();
        assertEquals("PATCH", r.method());
        assertTrue(r.body().contains("\"role\":\"moderator\""), r.body());
        assertTrue(r.body().contains("\"customData\":{\"team\":\"blue\"}"), r.body());
        assertFalse(r.body().contains("displayName"), r.body());
        assertThrows(IllegalArgumentException.class, () -> client.updateUser("erin", null, null, "[1, 2"));
        assertEquals(1, seen.size(), "bad custom data is never sent");
    }
}
