package com.chatplatform.api.identity;

import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Tenant API keys. The secret has the form sk_&lt;key id&gt;_&lt;random&gt;: it is shown once at creation and
 * only its SHA-256 digest is stored (the random part has 256 bits, so a slow hash adds nothing).
 */
@ApplicationScoped
public class ApiKeyService {
    static final String PREFIX = "sk_";
    private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    /** A newly issued key: the only time the secret exists outside the caller's hands. */
    public record IssuedKey(UUID id, String name, String secret, Instant createdAt) {
    }

    @Transactional
    public IssuedKey issue(UUID tenantId, String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 100) {
            throw ApiException.invalid("An API key needs a name of 1 to 100 characters.");
        }
        UUID id = UUID.randomUUID();
        String secret = PREFIX + id.toString().replace("-", "") + "_" + Secrets.randomToken(32);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        em.persist(new ApiKey(id, tenantId, trimmed, Secrets.sha256Hex(secret), now));
        return new IssuedKey(id, trimmed, secret, now.toInstant());
    }

    /** Verifies a presented secret and returns the caller it stands for. */
    @Transactional
    public Caller authenticate(String secret) {
        UUID id = parseId(secret);
        ApiKey key = em.find(ApiKey.class, id);
        if (key == null || !Secrets.constantTimeEquals(key.secretHash(), Secrets.sha256Hex(secret))) {
            throw new ApiException(ErrorCode.AUTH_INVALID_API_KEY);
        }
        if (key.isRevoked()) {
            throw new ApiException(ErrorCode.AUTH_API_KEY_REVOKED);
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (key.lastUsedAt() == null || key.lastUsedAt().isBefore(now.minus(LAST_USED_GRANULARITY))) {
            key.markUsed(now);
        }
        return new Caller(Caller.Kind.API_KEY, key.tenantId(), key.id(), null, null);
    }

    static boolean looksLikeApiKey(String credential) {
        return credential.startsWith(PREFIX);
    }

    private static UUID parseId(String secret) {
        String[] parts = secret.split("_", 3);
        if (parts.length != 3 || parts[1].length() != 32) {
            throw new ApiException(ErrorCode.AUTH_INVALID_API_KEY);
        }
        String h = parts[1];
        try {
            return UUID.fromString(h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-"
                    + h.substring(16, 20) + "-" + h.substring(20));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.AUTH_INVALID_API_KEY);
        }
    }
}
