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
    record Seen(String method, String path, String authorization, String contentType, String body) {
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
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
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
}
