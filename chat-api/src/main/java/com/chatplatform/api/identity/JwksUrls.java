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
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * JWKS URLs a tenant registers in addition to its registered keys: tokens signed by a key published at
 * one of them (RS256 or ES256) are accepted. A URL is fetched once when registered (it must answer a JWK
 * set with a usable key), then through {@link JwksCache}. At most {@link #MAX_PER_TENANT} per tenant.
 */
@ApplicationScoped
public class JwksUrls {
    static final int MAX_PER_TENANT = 3;

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    JwksCache cache;

    @Inject
    AuditLog audit;

    @Inject
    Store store;

    public record JwksUrlView(UUID id, String url, Instant createdAt, Set<String> kids) {
    }

    /**
     * Registers a URL: checks it, fetches it (outside any transaction: the fetch may take up to the
     * timeout), then stores it.
     */
    public JwksUrlView register(Caller caller, String url) {
        UUID tenantId = caller.requireTenant();
        String u = JwksUrlPolicy.parse(url, cache.allowInsecure()).toString();
        store.checkRoom(tenantId, u);
        UUID id = UUID.randomUUID();
        var keys = cache.load(id, u);
        TenantJwksUrl row = store.insert(caller, new TenantJwksUrl(id, tenantId, u, OffsetDateTime.now(ZoneOffset.UTC)));
        return new JwksUrlView(id, u, row.createdAt().toInstant(), new TreeSet<>(keys.keySet()));
    }

    public List<JwksUrlView> list(Caller caller) {
        return urls(caller.requireTenant()).stream()
                .map(x -> new JwksUrlView(x.id(), x.url(), x.createdAt().toInstant(), null)).toList();
    }

    @Transactional
    public void remove(Caller caller, UUID id) {
        UUID tenantId = caller.requireTenant();
        TenantJwksUrl row = em.find(TenantJwksUrl.class, id);
        if (row == null || !row.tenantId().equals(tenantId)) {
            throw ApiException.notFound("JWKS URL");
        }
        em.remove(row);
        cache.forget(id);
        audit.success(Actor.of(caller), tenantId, AuditLog.JWKS_URL_REMOVED, "jwks_url", id, AuditLog.detail("url", row.url()));
    }

    /** The key with this kid published at one of the tenant's JWKS URLs, if any. */
    public Optional<JwksCache.Key> find(UUID tenantId, String kid) {
        ApiException unavailable = null;
        for (TenantJwksUrl u : urls(tenantId)) {
            try {
                Optional<JwksCache.Key> key = cache.find(u.id(), u.url(), kid);
                if (key.isPresent()) {
                    return key;
                }
            } catch (ApiException e) {
                unavailable = e;
            }
        }
        if (unavailable != null) {
            throw unavailable;
        }
        return Optional.empty();
    }

    private List<TenantJwksUrl> urls(UUID tenantId) {
        return em.createQuery("select u from TenantJwksUrl u where u.tenantId = :t order by u.createdAt, u.id", TenantJwksUrl.class)
                .setParameter("t", tenantId).getResultList();
    }

    /** The transactional part of registering (checked again at insert, so two concurrent registrations cannot exceed the limit). */
    @ApplicationScoped
    public static class Store {
        @PersistenceContext(unitName = "chat")
        EntityManager em;

        @Inject
        AuditLog audit;

        void checkRoom(UUID tenantId, String url) {
            List<TenantJwksUrl> existing = em.createQuery("select u from TenantJwksUrl u where u.tenantId = :t", TenantJwksUrl.class)
                    .setParameter("t", tenantId).getResultList();
            if (existing.stream().anyMatch(x -> x.url().equals(url))) {
                throw new ApiException(ErrorCode.TOKEN_KEY_EXISTS, "This JWKS URL is already registered.");
            }
            if (existing.size() >= MAX_PER_TENANT) {
                throw ApiException.invalid("A tenant registers at most " + MAX_PER_TENANT + " JWKS URLs; remove one first.");
            }
        }

        @Transactional
        public TenantJwksUrl insert(Caller caller, TenantJwksUrl row) {
            em.createNativeQuery("select id from tenant where id = ?1 for update").setParameter(1, row.tenantId()).getResultList();
            checkRoom(row.tenantId(), row.url());
            em.persist(row);
            audit.success(Actor.of(caller), row.tenantId(), AuditLog.JWKS_URL_ADDED, "jwks_url", row.id(), AuditLog.detail("url", row.url()));
            return row;
        }
    }
}
