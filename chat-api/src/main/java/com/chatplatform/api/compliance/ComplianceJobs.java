package com.chatplatform.api.compliance;

import static com.chatplatform.api.platform.NativeRows.instant;
import static com.chatplatform.api.platform.NativeRows.uuid;

import com.chatplatform.api.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The job table: create (with the outbox event that starts the job), load, lock, save. Always scoped by tenant. */
@ApplicationScoped
public class ComplianceJobs {
    public static final String EXPORT_KIND = "compliance.export";
    public static final String ERASURE_KIND = "compliance.erase";
    public static final String RETENTION_KIND = "compliance.retention";
    public static final String SWEEP_KIND = "compliance.sweep";

    private static final String COLUMNS = "id, tenant_id, kind, status, subject::text, requested_by_kind, requested_by_id, phase, "
            + "cursor_state::text, progress::text, report::text, object_key, upload_id, bytes_written, parts, expires_at, error, "
            + "created_at, updated_at, finished_at";

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    Outbox outbox;

    static String outboxKind(String jobKind) {
        return switch (jobKind) {
            case ComplianceJob.EXPORT -> EXPORT_KIND;
            case ComplianceJob.ERASURE -> ERASURE_KIND;
            default -> RETENTION_KIND;
        };
    }

    /** Creates a queued job and the outbox event that runs its first batch (in the caller's transaction). */
    @Transactional(Transactional.TxType.MANDATORY)
    ComplianceJob create(UUID tenantId, String kind, JsonObject subject, String requestedByKind, String requestedById) {
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        em.createNativeQuery("insert into compliance_job (id, tenant_id, kind, status, subject, requested_by_kind, requested_by_id, "
                        + "created_at, updated_at) values (?1, ?2, ?3, 'queued', cast(?4 as jsonb), ?5, ?6, ?7, ?7)")
                .setParameter(1, id).setParameter(2, tenantId).setParameter(3, kind).setParameter(4, subject.toString())
                .setParameter(5, requestedByKind).setParameter(6, requestedById).setParameter(7, now)
                .executeUpdate();
        outbox.add(tenantId, outboxKind(kind), id);
        return find(tenantId, id).orElseThrow();
    }

    /** Schedules the job's next batch. */
    @Transactional(Transactional.TxType.MANDATORY)
    void continueLater(ComplianceJob job) {
        outbox.add(job.tenantId, outboxKind(job.kind), job.id);
    }

    Optional<ComplianceJob> find(UUID tenantId, UUID id) {
        List<Object[]> rows = em.createNativeQuery("select " + COLUMNS + " from compliance_job where id = ?1 and tenant_id = ?2")
                .setParameter(1, id).setParameter(2, tenantId).getResultList();
        return rows.stream().findFirst().map(ComplianceJobs::map);
    }

    /** The oldest queued or running job of a kind in the tenant, if any. */
    Optional<ComplianceJob> unfinished(UUID tenantId, String kind) {
        List<Object[]> rows = em.createNativeQuery("select " + COLUMNS + " from compliance_job where tenant_id = ?1 and kind = ?2 "
                        + "and status in ('queued', 'running') order by created_at limit 1")
                .setParameter(1, tenantId).setParameter(2, kind).getResultList();
        return rows.stream().findFirst().map(ComplianceJobs::map);
    }

    /** Loads and locks the job for one batch (other nodes wait; the lock ends with the job batch's transaction). */
    @Transactional(Transactional.TxType.MANDATORY)
    Optional<ComplianceJob> lock(UUID tenantId, UUID id) {
        List<Object[]> rows = em.createNativeQuery("select " + COLUMNS + " from compliance_job where id = ?1 and tenant_id = ?2 for update")
                .setParameter(1, id).setParameter(2, tenantId).getResultList();
        return rows.stream().findFirst().map(ComplianceJobs::map);
    }

    List<ComplianceJob> list(UUID tenantId, String kind, int limit) {
        List<Object[]> rows = em.createNativeQuery("select " + COLUMNS + " from compliance_job where tenant_id = ?1 and kind = ?2 "
                        + "order by created_at desc limit ?3")
                .setParameter(1, tenantId).setParameter(2, kind).setParameter(3, limit).getResultList();
        List<ComplianceJob> jobs = new ArrayList<>();
        rows.forEach(r -> jobs.add(map(r)));
        return jobs;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void save(ComplianceJob job) {
        job.updatedAt = Instant.now();
        em.createNativeQuery("update compliance_job set status = ?2, phase = ?3, cursor_state = cast(?4 as jsonb), "
                        + "progress = cast(?5 as jsonb), report = cast(?6 as jsonb), object_key = ?7, upload_id = ?8, bytes_written = ?9, "
                        + "parts = ?10, expires_at = ?11, error = ?12, updated_at = ?13, finished_at = ?14, subject = cast(?15 as jsonb) "
                        + "where id = ?1")
                .setParameter(1, job.id).setParameter(2, job.status).setParameter(3, job.phase)
                .setParameter(4, job.cursorJson().toString()).setParameter(5, job.progressJson().toString())
                .setParameter(6, job.report == null ? null : job.report.toString())
                .setParameter(7, job.objectKey).setParameter(8, job.uploadId).setParameter(9, job.bytesWritten)
                .setParameter(10, job.parts).setParameter(11, odt(job.expiresAt)).setParameter(12, job.error)
                .setParameter(13, odt(job.updatedAt)).setParameter(14, odt(job.finishedAt)).setParameter(15, job.subject.toString())
                .executeUpdate();
    }

    private static OffsetDateTime odt(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static ComplianceJob map(Object[] r) {
        ComplianceJob j = new ComplianceJob();
        j.id = uuid(r[0]);
        j.tenantId = uuid(r[1]);
        j.kind = (String) r[2];
        j.status = (String) r[3];
        j.subject = ComplianceJob.parse((String) r[4]);
        j.requestedByKind = (String) r[5];
        j.requestedById = (String) r[6];
        j.phase = (String) r[7];
        j.cursorFrom((String) r[8]);
        j.progressFrom((String) r[9]);
        j.report = ComplianceJob.parse((String) r[10]);
        j.objectKey = (String) r[11];
        j.uploadId = (String) r[12];
        j.bytesWritten = ((Number) r[13]).longValue();
        j.parts = ((Number) r[14]).intValue();
        j.expiresAt = instant(r[15]);
        j.error = (String) r[16];
        j.createdAt = instant(r[17]);
        j.updatedAt = instant(r[18]);
        j.finishedAt = instant(r[19]);
        return j;
    }
}
