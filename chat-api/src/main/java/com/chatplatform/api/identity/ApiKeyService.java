package com.chatplatform.api.identity;

import com.chatplatform.api.audit.Actor;
import com.chatplatform.api.audit.AuditLog;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Tenant API keys. The secret has the form sk_&lt;key id&gt;_&lt;random&gt;: it is shown once at creation and
 * only its SHA-256 digest is stored (the random part has 256 bits, so a slow hash adds nothing).
 * A tenant may hold several named keys; rotation is: create a new key, switch to it, revoke the old one.
 * A key may revoke itself, but the tenant's last active key cannot be revoked (api_key.last_active), so a
 * tenant backend cannot lock itself out; a platform admin suspends the tenant instead.
 * Callers are checked by the resources' @Access; this service scopes every lookup by the tenant it is given.
 */
@ApplicationScoped
public class ApiKeyService {
    static final String PREFIX = "sk_";
    private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    AuditLog audit;

    /** A newly issued key: the only time the secret exists outside the caller's hands. */
    public record IssuedKey(UUID id, String name, String secret, Instant createdAt) {
    }

    /** A key as listed: never its secret. */
    public record KeyView(UUID id, String name, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
        static KeyView of(ApiKey k) {
            return new KeyView(k.id(), k.name(), k.createdAt().toInstant(), instant(k.lastUsedAt()), instant(k.revokedAt()));
        }

        private static Instant instant(OffsetDateTime t) {
            return t == null ? null : t.toInstant();
        }
    }

    public record KeyList(List<KeyView> items) {
    }

    /** Issues a key in the caller's own tenant (tenant backends rotating their keys). */
    @Transactional
    public IssuedKey issueOwn(Caller caller, String name) {
        return issue(caller, caller.requireTenant(), name);
    }

    public KeyList listOwn(Caller caller) {
        return list(caller.requireTenant());
    }

    /** Revokes a key of the caller's own tenant; another tenant's key id answers not found. */
    @Transactional
    public void revokeOwn(Caller caller, UUID keyId) {
        revoke(caller, caller.requireTenant(), keyId);
    }

    /** Issues a key for a tenant the caller may act on (the tenant itself, or a platform admin naming it). */
    @Transactional
    public IssuedKey issue(Caller caller, UUID tenantId, String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 100) {
            throw ApiException.invalid("An API key needs a name of 1 to 100 characters.");
        }
        UUID id = UUID.randomUUID();
        String secret = PREFIX + id.toString().replace("-", "") + "_" + Secrets.randomToken(32);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        em.persist(new ApiKey(id, tenantId, trimmed, Secrets.sha256Hex(secret), now));
        audit.success(Actor.of(caller), tenantId, AuditLog.API_KEY_CREATED, "api_key", id, AuditLog.detail("name", trimmed));
        return new IssuedKey(id, trimmed, secret, now.toInstant());
    }

    /** The tenant's keys, oldest first, without secrets. */
    public KeyList list(UUID tenantId) {
        return new KeyList(em.createQuery("select k from ApiKey k where k.tenantId = :tenant order by k.createdAt, k.id", ApiKey.class)
                .setParameter("tenant", tenantId).setMaxResults(1000).getResultStream().map(KeyView::of).toList());
    }

    /**
     * Revokes a key of the given tenant at once (its next call answers auth.api_key_revoked). Revoking a
     * revoked key changes nothing. The tenant's active keys are locked first, so two concurrent revocations
     * cannot together remove the last one.
     */
    @Transactional
    public void revoke(Caller caller, UUID tenantId, UUID keyId) {
        @SuppressWarnings("unchecked")
        List<Object> active = em.createNativeQuery("select id from api_key where tenant_id = ?1 and revoked_at is null for update")
                .setParameter(1, tenantId).getResultList();
        ApiKey key = em.find(ApiKey.class, keyId);
        if (key == null || !key.tenantId().equals(tenantId)) {
            throw ApiException.notFound("API key");
        }
        if (key.isRevoked()) {
            return;
        }
        if (active.size() <= 1) {
            audit.failure(Actor.of(caller), tenantId, AuditLog.API_KEY_REVOKED, "api_key", keyId,
                    AuditLog.detail("name", key.name(), "reason", ErrorCode.API_KEY_LAST_ACTIVE.code()));
            throw new ApiException(ErrorCode.API_KEY_LAST_ACTIVE);
        }
        key.revoke(OffsetDateTime.now(ZoneOffset.UTC));
        audit.success(Actor.of(caller), tenantId, AuditLog.API_KEY_REVOKED, "api_key", keyId,
                AuditLog.detail("name", key.name(), "self", String.valueOf(keyId.equals(caller.principalId()))));
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
