package com.chatplatform.api.compliance;

import com.chatplatform.api.audit.Actor;
import com.chatplatform.api.audit.AuditLog;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.platform.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A tenant's compliance settings: what erasure does with the user's messages ("anonymise" keeps them as
 * content-less placeholders of a deleted user, "delete" removes them) and how long a finished export is kept.
 * Stored in compliance_settings until the tenant settings service exists.
 */
@ApplicationScoped
public class ComplianceSettings {
    public static final String ANONYMISE = "anonymise";
    public static final String DELETE = "delete";
    static final long MIN_EXPORT_TTL = 10;
    static final long MAX_EXPORT_TTL = 90L * 24 * 3600;

    public record Settings(String erasurePolicy, long exportTtlSeconds) {
    }

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    AuditLog audit;

    @Inject
    @ConfigProperty(name = "chat.compliance.export.ttl-seconds", defaultValue = "604800")
    long defaultExportTtl;
    @Inject
    @ConfigProperty(name = "chat.compliance.erasure-policy", defaultValue = "anonymise")
    String defaultPolicy;

    public Settings get(UUID tenantId) {
        List<Object[]> rows = em.createNativeQuery("select erasure_policy, export_ttl_seconds from compliance_settings where tenant_id = ?1")
                .setParameter(1, tenantId).getResultList();
        return rows.isEmpty() ? new Settings(defaultPolicy, defaultExportTtl)
                : new Settings((String) rows.get(0)[0], ((Number) rows.get(0)[1]).longValue());
    }

    @Transactional
    public Settings update(Caller caller, String erasurePolicy, Long exportTtlSeconds) {
        UUID tenantId = caller.requireTenant();
        Settings current = get(tenantId);
        String policy = erasurePolicy == null ? current.erasurePolicy() : erasurePolicy.strip().toLowerCase(Locale.ROOT);
        if (!ANONYMISE.equals(policy) && !DELETE.equals(policy)) {
            throw ApiException.invalid("\"erasurePolicy\" is \"anonymise\" or \"delete\".");
        }
        long ttl = exportTtlSeconds == null ? current.exportTtlSeconds() : exportTtlSeconds;
        if (ttl < MIN_EXPORT_TTL || ttl > MAX_EXPORT_TTL) {
            throw ApiException.invalid("\"exportTtlSeconds\" must be between " + MIN_EXPORT_TTL + " and " + MAX_EXPORT_TTL + ".");
        }
        em.createNativeQuery("insert into compliance_settings (tenant_id, erasure_policy, export_ttl_seconds, updated_at) values (?1, ?2, ?3, ?4) "
                        + "on conflict (tenant_id) do update set erasure_policy = excluded.erasure_policy, "
                        + "export_ttl_seconds = excluded.export_ttl_seconds, updated_at = excluded.updated_at")
                .setParameter(1, tenantId).setParameter(2, policy).setParameter(3, ttl).setParameter(4, OffsetDateTime.now(ZoneOffset.UTC))
                .executeUpdate();
        audit.success(Actor.of(caller), tenantId, "compliance.settings_changed", "tenant", tenantId,
                AuditLog.detail("erasurePolicy", policy, "exportTtlSeconds", ttl));
        return new Settings(policy, ttl);
    }
}
