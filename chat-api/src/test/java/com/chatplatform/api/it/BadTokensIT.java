package com.chatplatform.api.it;

import static com.chatplatform.api.it.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What TokensIT does not cover: the service-minted user tokens tampered with (forged payload, alg=none, another
 * key), and the distinct errors for an unknown tenant, a suspended tenant and a revoked key, for each kind of
 * credential (API key, service-minted token, tenant-signed token), over REST and the WebSocket handshake.
 */
class BadTokensIT extends ApiTestBase {

    private String code(String credential, TenantFixtures.TenantFixture t) {
        return api.get("v1/conversations/" + t.conversationId(), credential).code();
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void tamperedServiceMintedTokensAreRefused() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Tamper " + UUID.randomUUID());
        TenantFixtures.TenantFixture other = fixtures.newTenant("Tamper other " + UUID.randomUUID());
        SignedJWT minted = SignedJWT.parse(t.alice());
        String header = minted.getHeader().toBase64URL().toString();
        // Forged: the payload moved to the other tenant, the signature kept.
        String payload = minted.getPayload().toString().replace(t.tenantId(), other.tenantId());
        String forged = header + "." + b64(payload) + "." + minted.getSignature();
        assertEquals("auth.invalid_token", code(forged, other));
        // alg=none with the service's kid; and a signature by a key that is not ours.
        String none = b64("{\"alg\":\"none\",\"kid\":\"" + minted.getHeader().getKeyID() + "\"}") + "." + minted.getPayload().toBase64URL() + ".";
        assertEquals("auth.invalid_token", code(none, t));
        SignedJWT resigned = new SignedJWT(minted.getHeader(), minted.getJWTClaimsSet());
        resigned.sign(new MACSigner(new byte[32]));
        assertEquals("auth.invalid_token", code(resigned.serialize(), t));
        // Not a JWT at all.
        assertEquals("auth.invalid_token", code("not.a.jwt", t));
        // The untampered token still works: the refusals were about the tampering.
        assertEquals(200, api.get("v1/conversations/" + t.conversationId(), t.alice()).status());
        // The WebSocket handshake refuses the same way: error frame, close 4401.
        TestApi.Socket socket = api.connect(forged);
        assertEquals("auth.invalid_token", socket.next("error").get("code").asText());
        assertEquals(4401, socket.closed().get(10, TimeUnit.SECONDS).intValue());
    }

    @Test
    void unknownTenantSuspendedTenantAndRevokedKeyAreDistinctErrors() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Distinct " + UUID.randomUUID());
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-" + UUID.randomUUID()).generate();
        assertEquals(201, api.post("v1/token-keys", t.apiKey(), json("type", "jwk", "jwk", rsa.toPublicJWK().toJSONObject())).status());
        String signed = TokensIT.sign(JWSAlgorithm.RS256, rsa.getKeyID(), new RSASSASigner(rsa), TokensIT.claims(t.tenantId(), "alice").build());
        assertEquals(200, api.get("v1/conversations/" + t.conversationId(), signed).status());

        // Unknown tenant: a tenant-signed token whose issuer is no tenant; an API key nobody issued.
        String unknown = TokensIT.sign(JWSAlgorithm.RS256, rsa.getKeyID(), new RSASSASigner(rsa),
                TokensIT.claims(UUID.randomUUID().toString(), "alice").build());
        assertEquals("auth.unknown_tenant", code(unknown, t));
        assertEquals("auth.invalid_api_key", api.get("v1/users/alice", "sk_00000000000000000000000000000000_unknown").code());

        // Revoked key: the tenant's signing key, and an API key.
        TestApi.Reply spare = api.post("v1/api-keys", t.apiKey(), json("name", "spare"));
        String spareKey = spare.body().get("secret").asText();
        assertEquals(204, api.delete("v1/api-keys/" + spare.body().get("id").asText(), t.apiKey()).status());
        assertEquals("auth.api_key_revoked", api.get("v1/users/alice", spareKey).code());
        String secondKid = "rsa2-" + UUID.randomUUID();
        RSAKey second = new RSAKeyGenerator(2048).keyID(secondKid).generate();
        assertEquals(201, api.post("v1/token-keys", t.apiKey(), json("type", "jwk", "jwk", second.toPublicJWK().toJSONObject())).status());
        String bySecond = TokensIT.sign(JWSAlgorithm.RS256, secondKid, new RSASSASigner(second), TokensIT.claims(t.tenantId(), "alice").build());
        assertEquals(200, api.delete("v1/token-keys/" + secondKid, t.apiKey()).status());
        assertEquals("auth.token_key_revoked", code(bySecond, t));
        // A forger naming the revoked key learns nothing: a bad signature is just invalid.
        String forgedBySecond = TokensIT.sign(JWSAlgorithm.RS256, secondKid, new RSASSASigner(rsa), TokensIT.claims(t.tenantId(), "alice").build());
        assertEquals("auth.invalid_token", code(forgedBySecond, t));

        // Suspended tenant: every kind of credential says so, and works again after reactivation.
        String admin = fixtures.adminToken();
        assertEquals(200, api.post("v1/platform/tenants/" + t.tenantId() + "/suspend", admin, json()).status());
        assertEquals("tenant.suspended", api.get("v1/users/alice", t.apiKey()).code());
        assertEquals("tenant.suspended", code(t.alice(), t));
        assertEquals("tenant.suspended", code(signed, t));
        assertEquals(200, api.post("v1/platform/tenants/" + t.tenantId() + "/reactivate", admin, json()).status());
        assertEquals(200, api.get("v1/conversations/" + t.conversationId(), signed).status());
    }
}
