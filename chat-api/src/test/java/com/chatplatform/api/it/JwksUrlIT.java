package com.chatplatform.api.it;

import static com.chatplatform.api.it.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tenants publish their token-signing public keys at a JWKS URL: tokens signed with them are accepted,
 * rotation at the URL works, unknown kids refetch at most once per interval (2 s in the tests), and a URL
 * that is down answers token_key.jwks_unavailable. The JWKS is served by a JDK HttpServer on a free port
 * (the tests run with chat.jwks.allow-insecure-urls=true, which admits http on loopback).
 */
class JwksUrlIT extends ApiTestBase {
    /** chat.jwks.min-refetch-seconds in the integration tests (chat-api/pom.xml). */
    static final long MIN_REFETCH_MILLIS = 2000;

    HttpServer server;
    volatile String jwks = "{\"keys\":[]}";
    volatile int status = 200;
    final List<Long> fetches = new CopyOnWriteArrayList<>();
    String url;

    @BeforeEach
    void serveJwks() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks.json", exchange -> {
            fetches.add(System.nanoTime());
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    void publish(JWK... keys) {
        List<JWK> list = new ArrayList<>();
        for (JWK k : keys) {
            list.add(k.toPublicJWK());
        }
        jwks = new JWKSet(list).toString();
    }

    int statusWith(String token, TenantFixtures.TenantFixture t) {
        return api.get("v1/conversations/" + t.conversationId(), token).status();
    }

    String codeWith(String token, TenantFixtures.TenantFixture t) {
        return api.get("v1/conversations/" + t.conversationId(), token).code();
    }

    static String rs(RSAKey key, String tenantId, String user) throws Exception {
        return TokensIT.sign(JWSAlgorithm.RS256, key.getKeyID(), new RSASSASigner(key), TokensIT.claims(tenantId, user).build());
    }

    /** No two fetches of the URL closer together than the minimum interval (with 10% slack for clock reading). */
    void assertFetchesSpacedOut() {
        for (int i = 1; i < fetches.size(); i++) {
            long gap = (fetches.get(i) - fetches.get(i - 1)) / 1_000_000;
            assertTrue(gap >= MIN_REFETCH_MILLIS * 9 / 10, "fetches " + (i - 1) + " and " + i + " only " + gap + " ms apart");
        }
    }

    @Test
    void tokensSignedWithPublishedKeysAreAcceptedAndRotationAtTheUrlWorks() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Jwks " + UUID.randomUUID());
        TenantFixtures.TenantFixture other = fixtures.newTenant("Jwks other " + UUID.randomUUID());
        RSAKey r1 = new RSAKeyGenerator(2048).keyID("r1-" + UUID.randomUUID()).generate();
        ECKey e1 = new ECKeyGenerator(Curve.P_256).keyID("e1-" + UUID.randomUUID()).generate();
        publish(r1, e1);
        TestApi.Reply registered = api.post("v1/token-keys/jwks-urls", t.apiKey(), json("url", url));
        assertEquals(201, registered.status(), () -> String.valueOf(registered.body()));
        assertEquals(2, registered.body().get("kids").size());
        assertEquals(1, fetches.size(), "fetched once when registered");
        assertEquals(url, api.get("v1/token-keys/jwks-urls", t.apiKey()).body().at("/items/0/url").asText());
        assertEquals("token_key.exists", api.post("v1/token-keys/jwks-urls", t.apiKey(), json("url", url)).code());

        assertEquals(200, statusWith(rs(r1, t.tenantId(), "alice"), t));
        assertEquals(200, statusWith(TokensIT.sign(JWSAlgorithm.ES256, e1.getKeyID(), new ECDSASigner(e1),
                TokensIT.claims(t.tenantId(), "bob").build()), t));
        TestApi.Socket socket = api.connect(rs(r1, t.tenantId(), "alice"));
        assertEquals("alice", socket.next("ready").get("userId").asText());
        socket.close();
        // The key is the tenant's only: a token naming another tenant as issuer with that key is refused.
        assertEquals("auth.invalid_token", codeWith(rs(r1, other.tenantId(), "alice"), other));
        // Algorithm confusion: an RSA key from the URL never verifies an ES256 header.
        assertEquals("auth.invalid_token", codeWith(TokensIT.sign(JWSAlgorithm.ES256, r1.getKeyID(), new ECDSASigner(e1),
                TokensIT.claims(t.tenantId(), "alice").build()), t));

        // Rotation: the URL now publishes r2 only. The first r2 token may come within the refetch interval;
        // once the URL has been read again, r2 is accepted and r1 is gone.
        RSAKey r2 = new RSAKeyGenerator(2048).keyID("r2-" + UUID.randomUUID()).generate();
        publish(r2);
        String r2Token = rs(r2, t.tenantId(), "alice");
        eventually(() -> statusWith(r2Token, t) == 200 ? Boolean.TRUE : null);
        assertEquals("auth.invalid_token", codeWith(rs(r1, t.tenantId(), "alice"), t));

        // Made-up kids never make us fetch more often than the interval.
        for (int i = 0; i < 8; i++) {
            RSAKey forged = new RSAKeyGenerator(2048).keyID("forged-" + i).generate();
            assertEquals("auth.invalid_token", codeWith(rs(forged, t.tenantId(), "alice"), t));
        }
        assertFetchesSpacedOut();
        assertTrue(fetches.size() >= 2);

        // Registered keys keep working beside the URL, and win over it: a revoked registered key stays
        // refused even when the URL publishes a key with the same kid.
        RSAKey reg = new RSAKeyGenerator(2048).keyID("reg-" + UUID.randomUUID()).generate();
        assertEquals(201, api.post("v1/token-keys", t.apiKey(), json("type", "jwk", "jwk", reg.toPublicJWK().toJSONObject())).status());
        assertEquals(200, statusWith(rs(reg, t.tenantId(), "bob"), t));
        assertEquals(200, api.delete("v1/token-keys/" + reg.getKeyID(), t.apiKey()).status());
        RSAKey r3 = new RSAKeyGenerator(2048).keyID("r3-" + UUID.randomUUID()).generate();
        publish(r2, reg, r3);
        String r3Token = rs(r3, t.tenantId(), "alice");
        eventually(() -> statusWith(r3Token, t) == 200 ? Boolean.TRUE : null);
        assertEquals("auth.token_key_revoked", codeWith(rs(reg, t.tenantId(), "bob"), t));
        assertEquals(200, statusWith(r2Token, t));

        // Removing the URL stops its keys at once.
        String id = api.get("v1/token-keys/jwks-urls", t.apiKey()).body().at("/items/0/id").asText();
        assertEquals(404, api.delete("v1/token-keys/jwks-urls/" + id, other.apiKey()).status());
        assertEquals(204, api.delete("v1/token-keys/jwks-urls/" + id, t.apiKey()).status());
        assertEquals("auth.invalid_token", codeWith(r2Token, t));
        assertEquals(0, api.get("v1/token-keys/jwks-urls", t.apiKey()).body().get("items").size());
    }

    @Test
    void aUrlThatIsDownAnswersAClearCodeAndCachedKeysKeepWorking() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Jwks down " + UUID.randomUUID());
        RSAKey r1 = new RSAKeyGenerator(2048).keyID("down-r1").generate();
        publish(r1);
        // Refused at registration: a closed port, an error status, not a JWK set, no usable key, not http(s).
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        assertEquals("token_key.jwks_unavailable", api.post("v1/token-keys/jwks-urls", t.apiKey(),
                json("url", "http://127.0.0.1:" + closedPort + "/jwks.json")).code());
        status = 500;
        TestApi.Reply down = api.post("v1/token-keys/jwks-urls", t.apiKey(), json("url", url));
        assertEquals(502, down.status());
        assertEquals("token_key.jwks_unavailable", down.code());
        status = 200;
        jwks = "<html>not json</html>";
        assertEquals("token_key.jwks_unavailable", api.post("v1/token-keys/jwks-urls", t.apiKey(), json("url", url)).code());
        jwks = "{\"keys\":[" + new RSAKeyGenerator(1024, true).keyID("weak").generate().toPublicJWK().toJSONString() + "]}";
        assertEquals("token_key.jwks_unavailable", api.post("v1/token-keys/jwks-urls", t.apiKey(), json("url", url)).code());
        assertEquals("token_key.jwks_url_invalid", api.post("v1/token-keys/jwks-urls", t.apiKey(), json("url", "ftp://127.0.0.1/jwks")).code());
        assertEquals("token_key.jwks_url_invalid", api.post("v1/token-keys/jwks-urls", t.apiKey(), json("url", "not a url")).code());
        assertEquals(0, api.get("v1/token-keys/jwks-urls", t.apiKey()).body().get("items").size(), "nothing was registered");

        // A tenant admin registers it (same rights as the API key).
        TestApi.Reply invitation = api.post("v1/platform/tenants/" + t.tenantId() + "/invitations", fixtures.adminToken(),
                json("email", "jwks-" + UUID.randomUUID() + "@example.com", "role", "tenant-admin"));
        TestApi.Reply admin = api.post("v1/auth/invitations/accept", null,
                json("token", invitation.body().get("token").asText(), "password", AccountsIT.PASSWORD));
        publish(r1);
        TestApi.Reply registered = api.post("v1/token-keys/jwks-urls", admin.body().get("token").asText(), json("url", url));
        assertEquals(201, registered.status(), () -> String.valueOf(registered.body()));
        fetches.clear(); // the refused registrations above each fetched once; from here on fetches are rate-limited
        String r1Token = rs(r1, t.tenantId(), "alice");
        assertEquals(200, statusWith(r1Token, t));

        // The URL goes down: the cached key keeps working; a kid we do not have cannot be checked.
        status = 503;
        RSAKey unknown = new RSAKeyGenerator(2048).keyID("down-r2").generate();
        String unknownToken = rs(unknown, t.tenantId(), "alice");
        TestApi.Reply unavailable = eventually(() -> {
            TestApi.Reply r = api.get("v1/conversations/" + t.conversationId(), unknownToken);
            return "token_key.jwks_unavailable".equals(r.code()) ? r : null;
        });
        assertEquals(502, unavailable.status());
        assertEquals(200, statusWith(r1Token, t));
        assertFetchesSpacedOut();
        // Back up: the new key is picked up.
        publish(r1, unknown);
        status = 200;
        eventually(() -> statusWith(unknownToken, t) == 200 ? Boolean.TRUE : null);
    }
}
