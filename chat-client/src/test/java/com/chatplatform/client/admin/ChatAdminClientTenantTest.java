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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wire format of the client's calls for tenant console roles (second factor, team, compliance, search). */
class ChatAdminClientTenantTest {

    record Seen(String method, String path, String query, String authorization, String body) {
    }

    private volatile int status = 200;
    private volatile String body = "{}";
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private ChatAdminClient anonymous;
    private ChatAdminClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/", this::answer);
        server.start();
        anonymous = ChatAdminClient.create(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1"));
        client = anonymous.withToken("tok");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    private Seen last() {
        return seen.get(seen.size() - 1);
    }

    @Test
    void aSecondFactorIsAskedForAndSent() {
        status = 401;
        body = "{\"status\":401,\"code\":\"auth.second_factor_required\",\"title\":\"This account uses a second factor\"}";
        ChatApiException asked = assertThrows(ChatApiException.class, () -> anonymous.login("a@b.example", "pw"));
        assertEquals("auth.second_factor_required", asked.code());
        assertFalse(last().body().contains("totp"), last().body());

        status = 200;
        body = "{\"token\":\"t\",\"account\":{\"id\":\"1\",\"email\":\"a@b.example\",\"role\":\"tenant-admin\",\"tenantId\":\"ten\"}}";
        Session session = anonymous.login("a@b.example", "pw", " 123456 ");
        assertTrue(last().body().contains("\"totp\":\"123456\""), last().body());
        assertNull(last().authorization());
        assertEquals("tenant-admin", session.account().role());
        assertEquals("ten", session.account().tenantId());
    }

    @Test
    void teamCallsAndTheInvitationTokenShownOnce() {
        status = 201;
        body = "{\"id\":\"i1\",\"email\":\"x@y.example\",\"role\":\"moderator\",\"expiresAt\":\"2026-12-01T00:00:00Z\",\"token\":\"inv_secret\"}";
        TeamInvitation issued = client.inviteTeamMember("x@y.example", "moderator");
        assertEquals("POST", last().method());
        assertEquals("/api/v1/team/invitations", last().path());
        assertEquals("Bearer tok", last().authorization());
        assertEquals("inv_secret", issued.token());
        assertFalse(issued.toString().contains("inv_secret"), "toString hides the token");

        status = 200;
        body = "{\"items\":[{\"id\":\"m1\",\"email\":\"a@b.example\",\"displayName\":\"A\",\"role\":\"tenant-admin\",\"totpEnabled\":true}]}";
        List<TeamMember> members = client.listTeamMembers();
        assertEquals(1, members.size());
        assertTrue(members.get(0).totpEnabled());

        body = "{\"id\":\"m1\",\"email\":\"a@b.example\",\"role\":\"moderator\"}";
        assertEquals("moderator", client.changeTeamRole("m1", "moderator").role());
        assertEquals("PATCH", last().method());
        assertEquals("/api/v1/team/members/m1", last().path());
        assertEquals("{\"role\":\"moderator\"}", last().body());

        status = 409;
        body = "{\"status\":409,\"code\":\"team.last_admin\",\"title\":\"A tenant must keep at least one tenant admin.\"}";
        ChatApiException refused = assertThrows(ChatApiException.class, () -> client.removeTeamMember("m1"));
        assertEquals("team.last_admin", refused.code());
        assertEquals("DELETE", last().method());
    }

    @Test
    void complianceJobsHoldsAndRetention() {
        status = 202;
        body = "{\"id\":\"j1\",\"kind\":\"export\",\"status\":\"running\",\"progress\":{\"messages\":2,\"users\":1}}";
        ComplianceJob job = client.startExport(List.of("alice"));
        assertEquals("{\"userIds\":[\"alice\"]}", last().body());
        assertFalse(job.isFinished());
        assertEquals(2L, job.progress().get("messages"));

        status = 200;
        body = "{\"id\":\"j2\",\"kind\":\"erasure\",\"status\":\"completed\",\"report\":{\"profileRemoved\":true}}";
        ComplianceJob erased = client.getErasure("j2");
        assertTrue(erased.isFinished());
        assertTrue(erased.report().path("profileRemoved").asBoolean());

        body = "[{\"conversationId\":null,\"maxAgeDays\":30}]";
        List<RetentionPolicy> policies = client.setTenantRetention(null);
        assertEquals("PUT", last().method());
        assertEquals("{\"maxAgeDays\":null}", last().body());
        assertEquals(30, policies.get(0).maxAgeDays());

        body = "[]";
        assertTrue(client.listLegalHolds().isEmpty());

        body = "{\"url\":\"http://s3.example/x.zip?sig=1\",\"expiresAt\":\"2026-12-01T00:05:00Z\"}";
        assertEquals("http://s3.example/x.zip?sig=1", client.exportDownload("j1").url());
        assertEquals("/api/v1/compliance/exports/j1/download", last().path());
    }

    @Test
    void tenantSearchEncodesItsFilters() {
        body = "{\"items\":[{\"messageId\":\"m\",\"conversationId\":\"c\",\"seq\":3,\"senderId\":\"erin\",\"text\":\"hi\"}],\"nextCursor\":null}";
        SearchHits hits = client.searchTenant("big cat", "erin", "", null);
        assertEquals("/api/v1/admin/search", last().path());
        assertEquals("q=big%20cat&senderId=erin", last().query());
        assertEquals(1, hits.items().size());
        assertNull(hits.nextCursor());
    }
}
