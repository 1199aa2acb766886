package com.chatplatform.client.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Encoding and decoding of {@link ChatAdminClient} against a tiny in-JVM HTTP server that answers with
 * canned JSON in the shape of the REST contract. It checks only what goes over the wire, not the API.
 */
class ChatAdminClientTest {

    /** One request as the server saw it. */
    record Seen(String method, String path, String authorization, String contentType, String body, String query, String upgrade) {
    }

    /** What the server answers next. */
    private volatile int answerStatus = 200;
    private volatile String answerType = "application/json";
    private volatile String answerBody = "{}";

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private ChatAdminClient client;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/", this::answer);
        server.start();
        client = ChatAdminClient.create(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/"));
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body,
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Upgrade")));
            byte[] bytes = answerBody.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answerType);
            exchange.sendResponseHeaders(answerStatus, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    private void willAnswer(int status, String type, String body) {
        answerStatus = status;
        answerType = type;
        answerBody = body;
    }

    private Seen onlyRequest() {
        assertEquals(1, seen.size(), "requests seen: " + seen);
        return seen.get(0);
    }

    @Test
    void loginPostsCredentialsAndReadsTheSession() {
        willAnswer(200, "application/json", """
                {"token":"eyJ.abc.def","expiresAt":"2026-11-28T09:30:00Z",
                 "account":{"id":"acc-1","email":"admin@example.com","role":"platform-admin","tenantId":null,
                            "displayName":"ignored: unknown member"},
                 "somethingNew":{"nested":[1,2]}}""");

        Session session = client.login("admin@example.com", "p\"ss w0rd");

        Seen request = onlyRequest();
        assertEquals("POST", request.method());
        assertEquals("/api/v1/auth/login", request.path());
        assertNull(request.authorization(), "login sends no bearer token");
        assertEquals("application/json", request.contentType());
        assertTrue(request.body().contains("\"email\":\"admin@example.com\""), request.body());
        assertTrue(request.body().contains("\"password\":\"p\\\"ss w0rd\""), request.body());

        assertEquals("eyJ.abc.def", session.token());
        assertEquals(Instant.parse("2026-11-28T09:30:00Z"), session.expiresAt());
        assertEquals(new Account("acc-1", "admin@example.com", "platform-admin", null), session.account());
        assertTrue(session.account().isPlatformAdmin());
        assertFalse(session.toString().contains("eyJ"), "toString must not reveal the token");
    }

    /**
     * Plain HTTP/1.1, no h2c upgrade (java.net.http.HttpClient asks for one by default): the API's server keeps the memory
     * of every h2c connection after it closes (ADR 0018).
     */
    @Test
    void asksForNoH2cUpgrade() {
        willAnswer(200, "application/json", """
                {"token":"eyJ.abc.def","expiresAt":"2026-11-28T09:30:00Z",
                 "account":{"id":"acc-1","email":"admin@example.com","role":"platform-admin","tenantId":null}}""");

        client.login("admin@example.com", "secret-password");
        client.login("admin@example.com", "secret-password");

        assertEquals(2, seen.size());
        seen.forEach(request -> assertNull(request.upgrade(), "Upgrade header sent: " + request.upgrade()));
    }

    @Test
    void wrongCredentialsBecomeAChatApiExceptionWithTheProblemCode() {
        willAnswer(401, "application/problem+json", """
                {"type":"about:blank","title":"Invalid credentials","status":401,
                 "detail":"The email or password is wrong.","code":"auth.invalid_credentials"}""");

        ChatApiException error = assertThrows(ChatApiException.class, () -> client.login("a@example.com", "nope"));

        assertEquals(401, error.status());
        assertTrue(error.isUnauthorized());
        assertEquals("auth.invalid_credentials", error.code());
        assertEquals("Invalid credentials", error.title());
        assertEquals("The email or password is wrong.", error.detail());
        assertTrue(error.getMessage().contains("auth.invalid_credentials"), error.getMessage());
    }

    @Test
    void listTenantsSendsTheBearerTokenAndReadsTheItems() {
        willAnswer(200, "application/json", """
                {"items":[
                  {"id":"t-1","name":"Acme","status":"active","createdAt":"2026-11-01T10:00:00Z","plan":"free"},
                  {"id":"t-2","name":"Globex","status":"suspended","createdAt":"2026-11-02T11:30:15.123456Z"}]}""");

        List<Tenant> tenants = client.withToken("tok-123").listTenants();

        Seen request = onlyRequest();
        assertEquals("GET", request.method());
        assertEquals("/api/v1/platform/tenants", request.path());
        assertEquals("Bearer tok-123", request.authorization());
        assertEquals(List.of(
                new Tenant("t-1", "Acme", "active", Instant.parse("2026-11-01T10:00:00Z")),
                new Tenant("t-2", "Globex", "suspended", Instant.parse("2026-11-02T11:30:15.123456Z"))), tenants);
    }

    @Test
    void anEmptyListIsAnEmptyList() {
        willAnswer(200, "application/json", "{\"items\":[]}");
        assertEquals(List.of(), client.withToken("t").listTenants());
    }

    @Test
    void createTenantPostsTheNameAndReadsTenantAndSecret() {
        willAnswer(201, "application/json", """
                {"tenant":{"id":"t-9","name":"Initech","status":"active","createdAt":"2026-11-27T22:00:00Z"},
                 "apiKey":{"id":"k-1","name":"default","secret":"sk_live_abc123","createdAt":"2026-11-27T22:00:00Z",
                           "prefix":"sk_live_abc"}}""");

        CreatedTenant created = client.withToken("tok").createTenant("Initech");

        Seen request = onlyRequest();
        assertEquals("POST", request.method());
        assertEquals("/api/v1/platform/tenants", request.path());
        assertEquals("Bearer tok", request.authorization());
        assertEquals("application/json", request.contentType());
        assertEquals("{\"name\":\"Initech\"}", request.body());
        assertEquals(new Tenant("t-9", "Initech", "active", Instant.parse("2026-11-27T22:00:00Z")), created.tenant());
        assertEquals("sk_live_abc123", created.apiKey().secret());
        assertEquals("default", created.apiKey().name());
        assertFalse(created.apiKey().toString().contains("sk_live"), "toString must not reveal the secret");
    }

    @Test
    void getTenantEncodesTheIdIntoThePath() {
        willAnswer(200, "application/json",
                "{\"id\":\"a b/c\",\"name\":\"Odd\",\"status\":\"active\",\"createdAt\":\"2026-11-27T22:00:00Z\"}");

        Tenant tenant = client.withToken("tok").getTenant("a b/c");

        assertEquals("/api/v1/platform/tenants/a%20b%2Fc", onlyRequest().path());
        assertEquals("Odd", tenant.name());
    }

    @Test
    void createApiKeyPostsTheKeyName() {
        willAnswer(201, "application/json",
                "{\"id\":\"k-2\",\"name\":\"ci\",\"secret\":\"sk_x\",\"createdAt\":\"2026-11-27T22:00:00Z\"}");

        ApiKeySecret key = client.withToken("tok").createApiKey("t-1", "ci");

        Seen request = onlyRequest();
        assertEquals("/api/v1/platform/tenants/t-1/api-keys", request.path());
        assertEquals("{\"name\":\"ci\"}", request.body());
        assertEquals("sk_x", key.secret());
    }

    @Test
    void aForbiddenAnswerKeepsStatusAndCode() {
        willAnswer(403, "application/problem+json",
                "{\"title\":\"Forbidden\",\"status\":403,\"code\":\"auth.forbidden\"}");

        ChatApiException error = assertThrows(ChatApiException.class, () -> client.withToken("t").listTenants());

        assertEquals(403, error.status());
        assertEquals("auth.forbidden", error.code());
        assertNull(error.detail());
    }

    @Test
    void anErrorWithoutProblemBodyKeepsTheStatus() {
        willAnswer(502, "text/html", "<html><body>Bad gateway</body></html>");

        ChatApiException error = assertThrows(ChatApiException.class, () -> client.withToken("t").listTenants());

        assertEquals(502, error.status());
        assertNull(error.code());
        assertNull(error.title());
    }

    @Test
    void callsThatNeedATokenRefuseToGoWithoutOne() {
        assertThrows(IllegalStateException.class, () -> client.listTenants());
        assertTrue(seen.isEmpty());
    }

    @Test
    void anUnreachableApiIsAnUncheckedIOException() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ChatAdminClient nowhere = ChatAdminClient.create(URI.create("http://127.0.0.1:" + closedPort + "/api/v1"));

        UncheckedIOException error = assertThrows(UncheckedIOException.class, () -> nowhere.login("a@b.c", "x"));
        assertTrue(error.getMessage().contains("Could not reach the chat API"), error.getMessage());
    }

    @Test
    void renameTenantPatchesTheName() {
        willAnswer(200, "application/json",
                "{\"id\":\"t-1\",\"name\":\"Acme 2\",\"status\":\"active\",\"createdAt\":\"2026-11-27T22:00:00Z\"}");

        Tenant tenant = client.withToken("tok").renameTenant("t-1", "Acme 2");

        Seen request = onlyRequest();
        assertEquals("PATCH", request.method());
        assertEquals("/api/v1/platform/tenants/t-1", request.path());
        assertEquals("Bearer tok", request.authorization());
        assertEquals("{\"name\":\"Acme 2\"}", request.body());
        assertEquals("Acme 2", tenant.name());
    }

    @Test
    void anInvalidNameKeepsTheApisDetail() {
        willAnswer(400, "application/problem+json", """
                {"title":"A field of the request is missing or invalid.","status":400,"code":"request.invalid",
                 "detail":"A tenant needs a name of 1 to 200 characters."}""");

        ChatApiException error = assertThrows(ChatApiException.class,
                () -> client.withToken("tok").renameTenant("t-1", " "));

        assertEquals("request.invalid", error.code());
        assertEquals("A tenant needs a name of 1 to 200 characters.", error.detail());
    }

    @Test
    void suspendAndReactivatePostWithoutABody() {
        willAnswer(200, "application/json",
                "{\"id\":\"t-1\",\"name\":\"Acme\",\"status\":\"suspended\",\"createdAt\":\"2026-11-27T22:00:00Z\"}");
        assertEquals("suspended", client.withToken("tok").suspendTenant("t-1").status());

        willAnswer(200, "application/json",
                "{\"id\":\"t-1\",\"name\":\"Acme\",\"status\":\"active\",\"createdAt\":\"2026-11-27T22:00:00Z\"}");
        assertEquals("active", client.withToken("tok").reactivateTenant("t-1").status());

        assertEquals(2, seen.size());
        assertEquals("POST", seen.get(0).method());
        assertEquals("/api/v1/platform/tenants/t-1/suspend", seen.get(0).path());
        assertEquals("", seen.get(0).body());
        assertEquals("POST", seen.get(1).method());
        assertEquals("/api/v1/platform/tenants/t-1/reactivate", seen.get(1).path());
    }

    @Test
    void listApiKeysReadsUsageAndRevocation() {
        willAnswer(200, "application/json", """
                {"items":[
                  {"id":"k-1","name":"default","createdAt":"2026-11-01T10:00:00Z","lastUsedAt":"2026-11-27T21:59:00Z",
                   "revokedAt":null},
                  {"id":"k-2","name":"old","createdAt":"2026-11-02T10:00:00Z","lastUsedAt":null,
                   "revokedAt":"2026-11-03T10:00:00Z"}]}""");

        List<ApiKey> keys = client.withToken("tok").listApiKeys("t-1");

        Seen request = onlyRequest();
        assertEquals("GET", request.method());
        assertEquals("/api/v1/platform/tenants/t-1/api-keys", request.path());
        assertEquals(List.of(
                new ApiKey("k-1", "default", Instant.parse("2026-11-01T10:00:00Z"),
                        Instant.parse("2026-11-27T21:59:00Z"), null),
                new ApiKey("k-2", "old", Instant.parse("2026-11-02T10:00:00Z"), null,
                        Instant.parse("2026-11-03T10:00:00Z"))), keys);
        assertTrue(keys.get(0).isActive());
        assertFalse(keys.get(1).isActive());
    }

    @Test
    void revokeApiKeySendsDeleteAndAcceptsNoContent() {
        willAnswer(204, "application/json", "");

        client.withToken("tok").revokeApiKey("t-1", "k-2");

        Seen request = onlyRequest();
        assertEquals("DELETE", request.method());
        assertEquals("/api/v1/platform/tenants/t-1/api-keys/k-2", request.path());
        assertEquals("Bearer tok", request.authorization());
    }

    @Test
    void revokingTheLastActiveKeyIsAConflictWithItsCode() {
        willAnswer(409, "application/problem+json", """
                {"title":"This is the tenant's last active API key; create another before revoking it.",
                 "status":409,"code":"api_key.last_active"}""");

        ChatApiException error = assertThrows(ChatApiException.class,
                () -> client.withToken("tok").revokeApiKey("t-1", "k-1"));

        assertEquals(409, error.status());
        assertEquals("api_key.last_active", error.code());
        assertTrue(error.title().contains("last active API key"), error.title());
    }

    @Test
    void listAuditWithoutFiltersSendsNoQuery() {
        willAnswer(200, "application/json", "{\"items\":[],\"nextBefore\":null}");

        AuditPage page = client.withToken("tok").listAudit(AuditQuery.all());

        Seen request = onlyRequest();
        assertEquals("/api/v1/platform/audit", request.path());
        assertNull(request.query());
        assertTrue(page.items().isEmpty());
        assertFalse(page.hasMore());
    }

    @Test
    void listAuditEncodesFiltersAndReadsAPage() {
        willAnswer(200, "application/json", """
                {"items":[
                  {"id":42,"tenantId":"t-1","occurredAt":"2026-11-27T22:10:00.5Z","actorKind":"console-account",
                   "actorId":"acc-1","action":"tenant.renamed","targetType":"tenant","targetId":"t-1",
                   "sourceIp":"10.0.0.7","outcome":"success","detail":{"from":"Acme","to":"Acme & Co"}},
                  {"id":41,"tenantId":null,"occurredAt":"2026-11-27T22:00:00Z","actorKind":"console-account",
                   "actorId":"acc-1","action":"auth.sign_in","targetType":null,"targetId":null,
                   "sourceIp":null,"outcome":"success","detail":null}],
                 "nextBefore":41}""");

        AuditQuery query = AuditQuery.all().withTenantId("t-1").withAction("tenant.renamed")
                .between(Instant.parse("2026-11-27T00:00:00Z"), Instant.parse("2026-11-28T00:00:00Z"))
                .withLimit(2).withBefore(100L);
        AuditPage page = client.withToken("tok").listAudit(query);

        Seen request = onlyRequest();
        assertEquals("GET", request.method());
        assertEquals("/api/v1/platform/audit", request.path());
        assertEquals("tenantId=t-1&action=tenant.renamed&from=2026-11-27T00%3A00%3A00Z&to=2026-11-28T00%3A00%3A00Z"
                + "&limit=2&before=100", request.query());
        assertEquals(2, page.items().size());
        AuditEntry renamed = page.items().get(0);
        assertEquals(42, renamed.id());
        assertEquals(Instant.parse("2026-11-27T22:10:00.5Z"), renamed.occurredAt());
        assertEquals("tenant.renamed", renamed.action());
        assertEquals("10.0.0.7", renamed.sourceIp());
        assertEquals("Acme & Co", renamed.detail().get("to"));
        assertNull(page.items().get(1).tenantId());
        assertEquals(41L, page.nextBefore());
        assertTrue(page.hasMore());
    }

    @Test
    void tenantAnalyticsSendsThePeriodAndReadsTheReport() {
        willAnswer(200, "application/json", """
                {"tenantId":"t-1","from":"2026-11-27","to":"2026-11-28",
                 "days":[{"day":"2026-11-27","messages":0,"activeUsers":0,"attachments":0,"attachmentBytes":0},
                         {"day":"2026-11-28","messages":5,"activeUsers":2,"attachments":1,"attachmentBytes":68}],
                 "totals":{"messages":5,"activeUsers":2,"attachments":1,"attachmentBytes":68},"monthlyActiveUsers":3,
                 "busiestConversations":[{"conversationId":"c-1","type":"direct","messages":5}],
                 "connectionsNow":1,"storageBytes":68,"storedAttachments":1,"countedUpTo":"2026-11-28T00:10:00Z","later":true}""");

        Analytics a = client.withToken("tok").getTenantAnalytics("t-1", LocalDate.of(2026, 11, 27), LocalDate.of(2026, 11, 28));

        Seen request = onlyRequest();
        assertEquals("GET", request.method());
        assertEquals("/api/v1/platform/tenants/t-1/analytics", request.path());
        assertEquals("from=2026-11-27&to=2026-11-28", request.query());
        assertEquals("Bearer tok", request.authorization());
        assertEquals(2, a.days().size());
        assertEquals(new Analytics.Day(LocalDate.of(2026, 11, 28), 5, 2, 1, 68), a.days().get(1));
        assertEquals(5, a.totals().messages());
        assertEquals(3, a.monthlyActiveUsers());
        assertNull(a.busiestConversations().get(0).name());
        assertEquals(1, a.connectionsNow());
        assertEquals(Instant.parse("2026-11-28T00:10:00Z"), a.countedUpTo());
        assertFalse(a.isEmpty());
    }

    @Test
    void ownAnalyticsWithoutAPeriodAndABadPeriod() {
        willAnswer(400, "application/problem+json", """
                {"title":"Bad period","status":400,"detail":"\\"from\\" is after \\"to\\".","code":"analytics.invalid_period"}""");

        ChatApiException error = assertThrows(ChatApiException.class, () -> client.withToken("tok").getAnalytics(null, null));

        assertEquals("/api/v1/analytics", onlyRequest().path());
        assertNull(onlyRequest().query());
        assertEquals("analytics.invalid_period", error.code());
    }

    @Test
    void systemHealthReadsEachComponent() {
        willAnswer(200, "application/json", """
                {"status":"down","checkedAt":"2026-11-28T00:00:00Z","components":[
                  {"name":"database","status":"up","latencyMillis":3},
                  {"name":"search","status":"down","latencyMillis":2001,"detail":"Connection refused"}],
                 "node":{"id":"42@host","startedAt":"2026-11-27T23:00:00Z","uptimeSeconds":3600,"connections":7,"javaVersion":"21"}}""");

        SystemHealth health = client.withToken("tok").getSystemHealth();

        assertEquals("/api/v1/platform/health", onlyRequest().path());
        assertFalse(health.isUp());
        assertTrue(health.components().get(0).isUp());
        assertEquals("Connection refused", health.components().get(1).detail());
        assertEquals(7, health.node().connections());
    }

    @Test
    void tenantDeletionRequestKeepsTheSummaryAndConfirmSendsTheToken() {
        willAnswer(200, "application/json", """
                {"token":"del-123","expiresAt":"2026-11-28T00:15:00Z","tenant":"Acme","counts":{"users":3,"messages":42}}""");

        TenantDeletionPlan plan = client.withToken("tok").requestTenantDeletion("t-1");

        assertEquals("/api/v1/platform/tenants/t-1/deletion", onlyRequest().path());
        assertEquals("POST", onlyRequest().method());
        assertEquals("del-123", plan.token());
        assertEquals(Instant.parse("2026-11-28T00:15:00Z"), plan.expiresAt());
        assertEquals(List.of("tenant", "users", "messages"), List.copyOf(plan.orderedSummary().keySet()));
        assertEquals(42, plan.summary().get("messages"));
        assertFalse(plan.toString().contains("del-123"), "toString must not reveal the token");

        seen.clear();
        willAnswer(204, "application/json", "");
        client.withToken("tok").confirmTenantDeletion("t-1", "del-123");
        assertEquals("/api/v1/platform/tenants/t-1/deletion/confirm", onlyRequest().path());
        assertEquals("{\"token\":\"del-123\"}", onlyRequest().body());
    }
}
