package com.chatplatform.api.identity;

import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

/**
 * Mints and verifies the tokens this service issues itself: console sessions and end-user tokens.
 * HS256 with a 256-bit key generated at first start and kept in the database (never in the repository).
 * Only HS256 with our key id is accepted: alg=none and algorithm confusion fail verification.
 */
@ApplicationScoped
public class TokenService {
    static final String ISSUER = "chat-platform";
    public static final String AUDIENCE_USER = "chat-user";
    public static final String AUDIENCE_CONSOLE = "chat-console";
    static final String KEY_ID = "service-hs256-1";
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    SigningKeyStore keyStore;

    private byte[] key;

    public record Minted(String token, Instant expiresAt) {
    }

    /** Verified claims of one of our tokens. */
    public record Verified(String audience, UUID subject, UUID tenantId, String role, String userExternalId, Instant issuedAt) {
    }

    @PostConstruct
    void init() {
        key = Base64.getDecoder().decode(keyStore.loadOrCreate(KEY_ID));
    }

    public Minted mintUserToken(UUID tenantId, UUID userId, String externalId, Duration ttl) {
        return mint(AUDIENCE_USER, userId, tenantId, null, externalId, ttl);
    }

    public Minted mintConsoleToken(UUID accountId, UUID tenantId, String role, Duration ttl) {
        return mint(AUDIENCE_CONSOLE, accountId, tenantId, role, null, ttl);
    }

    private Minted mint(String audience, UUID subject, UUID tenantId, String role, String externalId, Duration ttl) {
        Instant now = Instant.now();
        Instant exp = now.plus(ttl);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(audience)
                .subject(subject.toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(exp))
                .jwtID(UUID.randomUUID().toString());
        if (tenantId != null) {
            claims.claim("tid", tenantId.toString());
        }
        if (role != null) {
            claims.claim("role", role);
        }
        if (externalId != null) {
            claims.claim("uid", externalId);
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(KEY_ID).build(), claims.build());
            jwt.sign(new MACSigner(key));
            return new Minted(jwt.serialize(), exp);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
    }

    public Verified verify(String token) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The token is not a well-formed signed JWT.");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !KEY_ID.equals(jwt.getHeader().getKeyID())) {
            throw new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The token is not signed with an algorithm and key this service accepts.");
        }
        try {
            if (!jwt.verify(new MACVerifier(key))) {
                throw new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The token's signature does not verify.");
            }
        } catch (JOSEException e) {
            throw new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The token's signature does not verify.");
        }
        Instant now = Instant.now();
        if (!ISSUER.equals(claims.getIssuer()) || claims.getAudience().size() != 1 || claims.getSubject() == null) {
            throw new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The token was not issued by this service.");
        }
        if (claims.getExpirationTime() == null || claims.getExpirationTime().toInstant().plus(CLOCK_SKEW).isBefore(now)) {
            throw new ApiException(ErrorCode.AUTH_TOKEN_EXPIRED);
        }
        if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().minus(CLOCK_SKEW).isAfter(now)) {
            throw new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The token is not valid yet.");
        }
        try {
            String tid = claims.getStringClaim("tid");
            return new Verified(claims.getAudience().get(0), UUID.fromString(claims.getSubject()),
                    tid == null ? null : UUID.fromString(tid), claims.getStringClaim("role"), claims.getStringClaim("uid"),
                    claims.getIssueTime() == null ? Instant.EPOCH : claims.getIssueTime().toInstant());
        } catch (ParseException | IllegalArgumentException e) {
            throw new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The token's claims are malformed.");
        }
    }

    /** Loads the signing secret, creating it on first start (safe when two nodes start together). */
    @ApplicationScoped
    public static class SigningKeyStore {
        @PersistenceContext(unitName = "chat")
        EntityManager em;

        @Transactional
        public String loadOrCreate(String id) {
            em.createNativeQuery("insert into signing_key (id, purpose, secret, created_at) values (?1, 'tokens', ?2, ?3) on conflict (id) do nothing")
                    .setParameter(1, id)
                    .setParameter(2, Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(Secrets.randomToken(32))))
                    .setParameter(3, OffsetDateTime.now(ZoneOffset.UTC))
                    .executeUpdate();
            return em.find(SigningKey.class, id).secret();
        }
    }
}
