package com.chatplatform.api.it;

import static com.chatplatform.api.it.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** End-user tokens signed by the tenant's backend (HS256, RS256, ES256), the ones refused, and revocation. */
class TokensIT extends ApiTestBase {




    static JWTClaimsSet.Builder claims(String tenantId, String user) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(tenantId).subject(user).audience("chat")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
    }

    static String sign(JWSAlgorithm alg, String kid, JWSSigner signer, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    int statusWith(String token, TenantFixtures.TenantFixture t) {
        return api.get("v1/conversations/" + t.conversationId(), token).status();
    }

    String codeWith(String token, TenantFixtures.TenantFixture t) {
        return api.get("v1/conversations/" + t.conversationId(), token).code();
    }

    @Test
    void tokensSignedByTheTenantBackendWithEachKindOfKeyAreAccepted() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Own tokens " + UUID.randomUUID());
        TestApi.Reply hs = api.post("v1/token-keys", t.apiKey(), json("type", "hs256"));
        assertEquals(201, hs.status(), () -> String.valueOf(hs.body()));
        String hsKid = hs.body().get("kid").asText();
        byte[] secret = Base64.getUrlDecoder().decode(hs.body().get("secret").asText());
        String hsToken = sign(JWSAlgorithm.HS256, hsKid, new MACSigner(secret), claims(t.tenantId(), "alice").build());
        assertEquals(200, statusWith(hsToken, t));
        TestApi.Socket socket = api.connect(hsToken);
        assertEquals("alice", socket.next("ready").get("userId").asText());
        socket.close();

        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        assertEquals(201, api.post("v1/token-keys", t.apiKey(), json("type", "jwk", "jwk", rsa.toPublicJWK().toJSONObject())).status());
        assertEquals(200, statusWith(sign(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa), claims(t.tenantId(), "bob").build()), t));

        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        assertEquals(201, api.post("v1/token-keys", t.apiKey(), json("type", "jwk", "jwk", ec.toPublicJWK().toJSONObject())).status());
        assertEquals(200, statusWith(sign(JWSAlgorithm.ES256, "ec-1", new ECDSASigner(ec), claims(t.tenantId(), "alice").build()), t));

        TestApi.Reply list = api.get("v1/token-keys", t.apiKey());
        assertEquals(3, list.body().get("items").size());
        assertTrue(list.body().toString().indexOf(hs.body().get("secret").asText()) < 0, "secrets are never listed");

        // Registering a private key, a weak key or a duplicate kid is refused.
        assertEquals("token_key.invalid", api.post("v1/token-keys", t.apiKey(), json("type", "jwk", "jwk",
                new RSAKeyGenerator(2048).keyID("private").generate().toJSONObject())).code());
        assertEquals("token_key.invalid", api.post("v1/token-keys", t.apiKey(), json("type", "jwk", "jwk",
                new RSAKeyGenerator(1024, true).keyID("weak").generate().toPublicJWK().toJSONObject())).code());
        assertEquals("token_key.exists", api.post("v1/token-keys", t.apiKey(), json("type", "jwk", "jwk",
                rsa.toPublicJWK().toJSONObject())).code());
    }

    @Test
    void forgedConfusedMisdirectedAndStaleTokensAreRefused() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Refusals " + UUID.randomUUID());
        TenantFixtures.TenantFixture other = fixtures.newTenant("Other " + UUID.randomUUID());
        TestApi.Reply hs = api.post("v1/token-keys", t.apiKey(), json("type", "hs256"));
        String kid = hs.body().get("kid").asText();
        MACSigner good = new MACSigner(Base64.getUrlDecoder().decode(hs.body().get("secret").asText()));
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-conf").generate();
        api.post("v1/token-keys", t.apiKey(), json("type", "jwk", "jwk", rsa.toPublicJWK().toJSONObject()));
        Instant now = Instant.now();

        // alg=none
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(claims(t.tenantId(), "alice").build().toString().getBytes(StandardCharsets.UTF_8));
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"alg\":\"none\",\"kid\":\"" + kid + "\"}").getBytes(StandardCharsets.UTF_8)) + "." + payload + ".";
        assertEquals("auth.invalid_token", codeWith(none, t));
        // Key confusion: HS256 "signed" with the RSA public key as the secret, naming the RSA key.
        byte[] publicBytes = rsa.toPublicJWK().toRSAPublicKey().getEncoded();
        assertEquals("auth.invalid_token", codeWith(sign(JWSAlgorithm.HS256, "rsa-conf", new MACSigner(padTo32(publicBytes)), claims(t.tenantId(), "alice").build()), t));
        // Wrong secret, wrong audience, another tenant as issuer, unknown user, unknown kid.
        assertEquals("auth.invalid_token", codeWith(sign(JWSAlgorithm.HS256, kid, new MACSigner(new byte[32]), claims(t.tenantId(), "alice").build()), t));
        assertEquals("auth.invalid_token", codeWith(sign(JWSAlgorithm.HS256, kid, good, claims(t.tenantId(), "alice").audience("someone-else").build()), t));
        assertEquals("auth.invalid_token", codeWith(sign(JWSAlgorithm.HS256, kid, good, claims(other.tenantId(), "alice").build()), other));
        assertEquals("auth.invalid_token", codeWith(sign(JWSAlgorithm.HS256, kid, good, claims(t.tenantId(), "mallory").build()), t));
        assertEquals("auth.invalid_token", codeWith(sign(JWSAlgorithm.HS256, "nope", good, claims(t.tenantId(), "alice").build()), t));
        // Expired, not yet valid, too long-lived.
        assertEquals("auth.token_expired", codeWith(sign(JWSAlgorithm.HS256, kid, good, claims(t.tenantId(), "alice")
                .issueTime(Date.from(now.minus(Duration.ofHours(2)))).expirationTime(Date.from(now.minus(Duration.ofHours(1)))).build()), t));
        assertEquals("auth.invalid_token", codeWith(sign(JWSAlgorithm.HS256, kid, good, claims(t.tenantId(), "alice")
                .notBeforeTime(Date.from(now.plus(Duration.ofHours(1)))).build()), t));
        assertEquals("auth.invalid_token", codeWith(sign(JWSAlgorithm.HS256, kid, good, claims(t.tenantId(), "alice")
                .expirationTime(Date.from(now.plus(Duration.ofDays(30)))).build()), t));
        // A token of tenant t never opens tenant other's conversation.
        String valid = sign(JWSAlgorithm.HS256, kid, good, claims(t.tenantId(), "alice").build());
        assertEquals(200, statusWith(valid, t));
        assertEquals(404, statusWith(valid, other));
        // A revoked key stops working at once.
        assertEquals(200, api.delete("v1/token-keys/" + kid, t.apiKey()).status());
        assertEquals("auth.token_key_revoked", codeWith(valid, t));
    }

    @Test
    void revokingAUsersTokensRefusesThemAndClosesTheUsersSockets() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Revocation " + UUID.randomUUID());
        TestApi.Reply hs = api.post("v1/token-keys", t.apiKey(), json("type", "hs256"));
        String own = sign(JWSAlgorithm.HS256, hs.body().get("kid").asText(),
                new MACSigner(Base64.getUrlDecoder().decode(hs.body().get("secret").asText())),
                claims(t.tenantId(), "alice").issueTime(Date.from(Instant.now().minusSeconds(5))).build());
        assertEquals(200, statusWith(t.alice(), t));
        assertEquals(200, statusWith(own, t));
        TestApi.Socket socket = api.connect(t.alice());
        socket.next("ready");
        Thread.sleep(1100); // token times have one-second precision

        TestApi.Reply revoked = api.post("v1/users/alice/revoke-tokens", t.apiKey(), json());
        assertEquals(200, revoked.status(), () -> String.valueOf(revoked.body()));
        assertEquals("auth.token_revoked", codeWith(t.alice(), t));
        assertEquals("auth.token_revoked", codeWith(own, t));
        assertEquals("auth.token_revoked", socket.next("error").get("code").asText());
        assertEquals(4401, socket.closed().get(10, TimeUnit.SECONDS).intValue());
        // Bob is unaffected, and a token minted after the revocation works.
        assertEquals(200, statusWith(t.bob(), t));
        assertEquals(200, statusWith(fixtures.userToken(t.apiKey(), "alice"), t));
        // Another tenant's "bob" is another user: revoking him there leaves this tenant's bob alone.
        TenantFixtures.TenantFixture other = fixtures.newTenant("Other revocation " + UUID.randomUUID());
        Thread.sleep(1100);
        assertEquals(200, api.post("v1/users/bob/revoke-tokens", other.apiKey(), json()).status());
        assertEquals("auth.token_revoked", codeWith(other.bob(), other));
        assertEquals(200, statusWith(t.bob(), t));
        assertEquals(404, api.post("v1/users/nobody/revoke-tokens", other.apiKey(), json()).status());
    }

    private static byte[] padTo32(byte[] bytes) {
        return bytes.length >= 32 ? bytes : java.util.Arrays.copyOf(bytes, 32);
    }
}
