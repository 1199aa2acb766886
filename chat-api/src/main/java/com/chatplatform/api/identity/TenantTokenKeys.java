package com.chatplatform.api.identity;

import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.text.ParseException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The keys a tenant's backend signs end-user tokens with: a generated HS256 shared secret (shown once),
 * or the tenant's own public keys (RS256 with RSA 2048+, ES256 with P-256) registered as JWKs.
 */
@ApplicationScoped
public class TenantTokenKeys {
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    public record KeyView(String kid, String alg, Instant createdAt, Instant revokedAt, Map<String, Object> publicJwk) {
    }

    /** A new key; secret is the HS256 shared secret (base64url), present only here and only for HS256. */
    public record IssuedKey(String kid, String alg, String secret, Instant createdAt) {
    }

    @Transactional
    public IssuedKey createSharedSecret(Caller caller) {
        UUID tenantId = caller.requireTenant();
        String kid = "hs-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = Secrets.randomToken(32);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        em.persist(new TenantTokenKey(tenantId, kid, "HS256", secret, null, now));
        return new IssuedKey(kid, "HS256", secret, now.toInstant());
    }

    @Transactional
    public IssuedKey registerPublicKey(Caller caller, Map<String, Object> jwkJson) {
        UUID tenantId = caller.requireTenant();
        JWK jwk;
        try {
            jwk = JWK.parse(jwkJson);
        } catch (ParseException | RuntimeException e) {
            throw new ApiException(ErrorCode.TOKEN_KEY_INVALID, "The key is not a valid JWK: " + e.getMessage());
        }
        if (jwk.isPrivate()) {
            throw new ApiException(ErrorCode.TOKEN_KEY_INVALID, "Register the public key only; never send a private key.");
        }
        if (jwk.getKeyID() == null || !KID.matcher(jwk.getKeyID()).matches()) {
            throw new ApiException(ErrorCode.TOKEN_KEY_INVALID, "The JWK needs a \"kid\" of 1 to 100 letters, digits and _ . : -");
        }
        String alg;
        if (jwk instanceof RSAKey rsa && rsa.size() >= 2048) {
            alg = "RS256";
        } else if (jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
            alg = "ES256";
        } else {
            throw new ApiException(ErrorCode.TOKEN_KEY_INVALID, "Accepted keys: RSA of 2048 bits or more (RS256), EC P-256 (ES256).");
        }
        if (find(tenantId, jwk.getKeyID()).isPresent()) {
            throw new ApiException(ErrorCode.TOKEN_KEY_EXISTS, "This tenant already has a key \"" + jwk.getKeyID() + "\".");
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        em.persist(new TenantTokenKey(tenantId, jwk.getKeyID(), alg, null, jwk.toPublicJWK().toJSONString(), now));
        return new IssuedKey(jwk.getKeyID(), alg, null, now.toInstant());
    }

    public List<KeyView> list(Caller caller) {
        return em.createQuery("select k from TenantTokenKey k where k.tenantId = :t order by k.createdAt", TenantTokenKey.class)
                .setParameter("t", caller.requireTenant()).getResultList().stream().map(TenantTokenKeys::view).toList();
    }

    @Transactional
    public KeyView revoke(Caller caller, String kid) {
        TenantTokenKey key = find(caller.requireTenant(), kid).orElseThrow(() -> ApiException.notFound("Token key"));
        if (!key.isRevoked()) {
            key.revoke(OffsetDateTime.now(ZoneOffset.UTC));
        }
        return view(key);
    }

    Optional<TenantTokenKey> find(UUID tenantId, String kid) {
        return em.createQuery("select k from TenantTokenKey k where k.tenantId = :t and k.kid = :k", TenantTokenKey.class)
                .setParameter("t", tenantId).setParameter("k", kid).getResultStream().findFirst();
    }

    private static KeyView view(TenantTokenKey k) {
        Map<String, Object> jwk = null;
        if (k.publicJwk() != null) {
            try {
                jwk = JWK.parse(k.publicJwk()).toJSONObject();
            } catch (ParseException e) {
                throw new IllegalStateException(e);
            }
        }
        return new KeyView(k.kid(), k.alg(), k.createdAt().toInstant(), k.revokedAt() == null ? null : k.revokedAt().toInstant(), jwk);
    }

    static byte[] secretBytes(TenantTokenKey key) {
        return Base64.getUrlDecoder().decode(key.secret());
    }
}
