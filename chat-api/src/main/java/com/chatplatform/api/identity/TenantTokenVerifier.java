package com.chatplatform.api.identity;

import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Verifies end-user tokens signed by a tenant's backend. Header: alg and kid; claims: iss = the tenant
 * id, sub = the user's id in the tenant, aud = "chat", exp (required), iat (required), nbf (optional).
 * The algorithm must be the one registered with the key (so a public RSA key can never be used as an
 * HMAC secret, and alg=none is never accepted); 60 seconds of clock skew are allowed.
 */
@ApplicationScoped
public class TenantTokenVerifier {
    public static final String AUDIENCE = "chat";
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    static final Duration MAX_LIFETIME = Duration.ofDays(1);

    @Inject
    TenantTokenKeys keys;
    @Inject
    com.chatplatform.api.tenant.TenantService tenants;

    @Inject
    JwksUrls jwksUrls;

    /** Verified identity: the tenant, the user's external id and when the token was issued. */
    public record Verified(UUID tenantId, String userExternalId, Instant issuedAt) {
    }

    public Verified verify(SignedJWT jwt) {
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The token's claims are not valid JSON.");
        }
        UUID tenantId;
        try {
            tenantId = UUID.fromString(String.valueOf(claims.getIssuer()));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "\"iss\" must be the tenant id.");
        }
        var tenant = tenants.find(tenantId).orElseThrow(() -> new ApiException(ErrorCode.AUTH_UNKNOWN_TENANT));
        if (tenant.isDeletedOrDeleting()) {
            throw new ApiException(ErrorCode.TENANT_DELETED);
        }
        String kid = jwt.getHeader().getKeyID();
        TenantTokenKey key = kid == null ? null : keys.find(tenantId, kid).orElse(null);
        String alg;
        JWSVerifier verifier;
        try {
            if (key != null) {
                alg = key.alg();
                verifier = verifierFor(key);
            } else {
                JwksCache.Key published = kid == null ? null : jwksUrls.find(tenantId, kid).orElse(null);
                if (published == null) {
                    throw new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The token's key (kid) is unknown or revoked for this tenant.");
                }
                alg = published.alg();
                verifier = "RS256".equals(alg) ? new RSASSAVerifier(published.jwk().toRSAKey()) : new ECDSAVerifier(published.jwk().toECKey());
            }
        } catch (JOSEException | ParseException e) {
            throw new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The token's key cannot be used.");
        }
        if (!JWSAlgorithm.parse(alg).equals(jwt.getHeader().getAlgorithm())) {
            throw new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The token's algorithm is not the one of its key (" + alg + ").");
        }
        try {
            if (!jwt.verify(verifier)) {
                throw new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The token's signature does not verify.");
            }
        } catch (JOSEException e) {
            throw new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The token's signature does not verify.");
        }
        // Said only once the signature verifies, so a forger learns nothing about the tenant's keys.
        if (key != null && key.isRevoked()) {
            throw new ApiException(ErrorCode.AUTH_TOKEN_KEY_REVOKED);
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(AUDIENCE)) {
            throw new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The token's audience (aud) must include \"" + AUDIENCE + "\".");
        }
        Instant now = Instant.now();
        if (claims.getExpirationTime() == null || claims.getIssueTime() == null) {
            throw new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The token needs \"exp\" and \"iat\".");
        }
        Instant exp = claims.getExpirationTime().toInstant();
        Instant iat = claims.getIssueTime().toInstant();
        if (exp.plus(CLOCK_SKEW).isBefore(now)) {
            throw new ApiException(ErrorCode.AUTH_TOKEN_EXPIRED);
        }
        if (iat.minus(CLOCK_SKEW).isAfter(now) || (claims.getNotBeforeTime() != null
                && claims.getNotBeforeTime().toInstant().minus(CLOCK_SKEW).isAfter(now))) {
            throw new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The token is not valid yet (iat or nbf in the future).");
        }
        if (Duration.between(iat, exp).compareTo(MAX_LIFETIME) > 0) {
            throw new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "User tokens may live at most 24 hours (exp - iat).");
        }
        if (claims.getSubject() == null || claims.getSubject().isBlank()) {
            throw new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The token needs \"sub\": the user's id.");
        }
        return new Verified(tenantId, claims.getSubject(), iat);
    }

    private static JWSVerifier verifierFor(TenantTokenKey key) throws JOSEException, ParseException {
        return switch (key.alg()) {
            case "HS256" -> new MACVerifier(TenantTokenKeys.secretBytes(key));
            case "RS256" -> new RSASSAVerifier(RSAKey.parse(key.publicJwk()));
            case "ES256" -> new ECDSAVerifier(ECKey.parse(key.publicJwk()));
            default -> throw new JOSEException("Unsupported algorithm " + key.alg());
        };
    }
}
