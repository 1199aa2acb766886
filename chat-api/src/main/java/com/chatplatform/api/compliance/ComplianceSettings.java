package com.chatplatform.api.compliance;

import com.chatplatform.api.audit.Actor;
import com.chatplatform.api.audit.AuditLog;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.plan.SettingsChanged;
import com.chatplatform.api.plan.TenantSettings;
import com.chatplatform.api.platform.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;

/**
 * Changes a tenant's compliance settings (what erasure does with the user's messages, how long a finished export is
 * kept), stored in compliance_settings. Everything reads them through the one settings service,
 * {@link TenantSettings#compliance(UUID)}.
 */
@ApplicationScoped
public class ComplianceSettings {
    public static final String ANONYMISE = "anonymise";
    public static final String DELETE = "delete";
    static final long MIN_EXPORT_TTL = 10;
    static final long MAX_EXPORT_TTL = 90L * 24 * 3600;

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    AuditLog audit;

    @Inject
    TenantSettings settings;
    @Inject
    Event<SettingsChanged> changed;

    public TenantSettings.Compliance get(UUID tenantId) {
        return settings.compliance(tenantId);
    }

    @Transactional
    public TenantSettings.Compliance update(Caller caller, String erasurePolicy, Long exportTtlSeconds) {
        UUID tenantId = caller.requireTenant();
        TenantSettings.Compliance current = get(tenantId);
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
        changed.fire(new SettingsChanged(tenantId));
        return new TenantSettings.Compliance(policy, ttl);
    }
}
