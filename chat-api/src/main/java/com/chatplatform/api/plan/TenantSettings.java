package com.chatplatform.api.plan;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one place a tenant's settings are read: its plan with the tenant's overrides applied. Cached per
 * tenant on this node; a change of a tenant's plan or of a plan invalidates the cache after it commits.
 * Other nodes see a change when their cached entry expires (chat.plan.cache-seconds).
 */
@ApplicationScoped
public class TenantSettings {

    /** A tenant's effective settings: its plan, the tenant's overrides, the resulting limits and its compliance settings. */
    public record Effective(String planId, String planName, JsonObject overrides, Limits limits, Compliance compliance) {
    }

    /**
     * What erasure does with a user's messages ("anonymise" keeps them as content-less placeholders of a deleted user,
     * "delete" removes them) and how long a finished export is kept. Compliance officers change them
     * (compliance.ComplianceSettings); the configured defaults apply until they do.
     */
    public record Compliance(String erasurePolicy, long exportTtlSeconds) {
    }

    private record Cached(Effective settings, long expiresAtNanos) {
    }

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    @ConfigProperty(name = "chat.plan.default", defaultValue = "team")
    String defaultPlan;
    @Inject
    @ConfigProperty(name = "chat.plan.cache-seconds", defaultValue = "30")
    long cacheSeconds;

    @Inject
    @ConfigProperty(name = "chat.compliance.export.ttl-seconds", defaultValue = "604800")
    long defaultExportTtl;
    @Inject
    @ConfigProperty(name = "chat.compliance.erasure-policy", defaultValue = "anonymise")
    String defaultErasurePolicy;

    private final ConcurrentHashMap<UUID, Cached> cache = new ConcurrentHashMap<>();
    /** Bumped by every invalidation: a load that overlapped one is not cached (it may have read the old values). */
    private final AtomicLong generation = new AtomicLong();

    public Effective of(UUID tenantId) {
        Cached cached = cache.get(tenantId);
        long now = System.nanoTime();
        if (cached != null && now - cached.expiresAtNanos() < 0) {
            return cached.settings();
        }
        long before = generation.get();
        Effective loaded = load(tenantId);
        if (generation.get() == before) {
            cache.put(tenantId, new Cached(loaded, now + cacheSeconds * 1_000_000_000L));
        }
        return loaded;
    }

    /** The limits if this node has the tenant's settings cached and fresh (no database read); else empty. */
    public java.util.Optional<Limits> cachedLimits(UUID tenantId) {
        Cached cached = cache.get(tenantId);
        return cached != null && System.nanoTime() - cached.expiresAtNanos() < 0 ? java.util.Optional.of(cached.settings().limits())
                : java.util.Optional.empty();
    }

    public Compliance compliance(UUID tenantId) {
        return of(tenantId).compliance();
    }

    public Limits limits(UUID tenantId) {
        return of(tenantId).limits();
    }

    public Optional<Long> maxUsers(UUID tenantId) {
        return Optional.ofNullable(limits(tenantId).maxUsers());
    }

    public Optional<Long> maxStorageBytes(UUID tenantId) {
        return Optional.ofNullable(limits(tenantId).maxStorageBytes());
    }

    public long maxUploadBytes(UUID tenantId) {
        return limits(tenantId).maxUploadBytes();
    }

    /** Content types the tenant may upload, or empty for every type the service supports. */
    public Optional<List<String>> allowedMediaTypes(UUID tenantId) {
        return Optional.ofNullable(limits(tenantId).allowedMediaTypes());
    }

    /** The plan new tenants get. */
    public String defaultPlan() {
        return defaultPlan;
    }

    void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) SettingsChanged event) {
        generation.incrementAndGet();
        if (event.tenantId() == null) {
            cache.clear();
        } else {
            cache.remove(event.tenantId());
        }
    }

    private Effective load(UUID tenantId) {
        TenantPlan assigned = em.find(TenantPlan.class, tenantId);
        String planId = assigned == null ? defaultPlan : assigned.planId();
        Plan plan = em.find(Plan.class, planId);
        if (plan == null) {
            throw new IllegalStateException("Plan \"" + planId + "\" of tenant " + tenantId
                    + " does not exist (check chat.plan.default)");
        }
        JsonObject overrides = Limits.parse(assigned == null ? null : assigned.overrides());
        return new Effective(plan.id(), plan.name(), overrides, plan.limits().with(overrides), loadCompliance(tenantId));
    }

    Compliance loadCompliance(UUID tenantId) {
        List<Object[]> rows = em.createNativeQuery("select erasure_policy, export_ttl_seconds from compliance_settings where tenant_id = ?1")
                .setParameter(1, tenantId).getResultList();
        return rows.isEmpty() ? new Compliance(defaultErasurePolicy, defaultExportTtl)
                : new Compliance((String) rows.get(0)[0], ((Number) rows.get(0)[1]).longValue());
    }
}
