package com.chatplatform.api.compliance;

import static com.chatplatform.api.platform.NativeRows.uuid;

import com.chatplatform.api.audit.Actor;
import com.chatplatform.api.audit.AuditLog;
import com.chatplatform.api.media.MediaStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The periodic part of compliance, run as an outbox handler step: deletes expired exports (S3 object, then the job is
 * marked expired; audited) and starts the scheduled retention run of every tenant with a retention policy.
 */
@ApplicationScoped
public class SweepWorker {
    private static final long SWEEP_LOCK = 0x434f4d504c535750L;

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    MediaStorage storage;
    @Inject
    AuditLog audit;
    @Inject
    ComplianceJobs jobs;

    @Inject
    @ConfigProperty(name = "chat.compliance.retention.interval-seconds", defaultValue = "86400")
    long retentionIntervalSeconds;

    @Transactional(Transactional.TxType.MANDATORY)
    void sweep() {
        Boolean locked = (Boolean) em.createNativeQuery("select pg_try_advisory_xact_lock(?1)").setParameter(1, SWEEP_LOCK).getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            return;
        }
        List<Object[]> expired = em.createNativeQuery("select id, tenant_id, object_key from compliance_job where kind = 'export' "
                + "and status = 'completed' and expires_at <= now() order by expires_at limit 100 for update skip locked").getResultList();
        for (Object[] r : expired) {
            UUID id = uuid(r[0]);
            UUID tenant = uuid(r[1]);
            String key = (String) r[2];
            if (key != null) {
                storage.delete(key);
            }
            em.createNativeQuery("update compliance_job set status = 'expired', updated_at = now() where id = ?1").setParameter(1, id).executeUpdate();
            audit.success(new Actor("system", null), tenant, "compliance.export_expired", "export", id, AuditLog.detail("objectKey", key));
        }
        List<?> due = em.createNativeQuery("select distinct p.tenant_id from retention_policy p join tenant t on t.id = p.tenant_id "
                        + "where t.status = 'active' and not exists (select 1 from compliance_job j where j.tenant_id = p.tenant_id "
                        + "and j.kind = 'retention' and (j.status in ('queued', 'running') or j.created_at > now() - make_interval(secs => ?1)))")
                .setParameter(1, (double) retentionIntervalSeconds).getResultList();
        for (Object tenant : due) {
            UUID tenantId = uuid(tenant);
            ComplianceJob job = jobs.create(tenantId, ComplianceJob.RETENTION, JsonObject.EMPTY_JSON_OBJECT, "system", "scheduler");
            audit.success(new Actor("system", null), tenantId, "compliance.retention_started", "retention", job.id, AuditLog.detail("trigger", "schedule"));
        }
    }
}
