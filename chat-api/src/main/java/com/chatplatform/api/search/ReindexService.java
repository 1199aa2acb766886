package com.chatplatform.api.search;

import static com.chatplatform.api.platform.NativeRows.instant;
import static com.chatplatform.api.platform.NativeRows.uuid;
import com.chatplatform.api.audit.Actor;
import com.chatplatform.api.audit.AuditLog;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.outbox.Outbox;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import com.chatplatform.api.tenant.TenantService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reindex jobs (table search_reindex_job): rebuild the whole index, or one tenant's documents, from PostgreSQL. A job
 * is a chain of outbox events of kind {@link #KIND}, one step each (see {@link ReindexHandler}); its progress is
 * stored after every step, so it resumes where it stopped after a crash or an Elasticsearch outage. One job runs at a
 * time, platform-wide.
 */
@ApplicationScoped
public class ReindexService {
    public static final String KIND = "search.reindex";
    public static final String AUDIT_STARTED = "search.reindex_started";

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    Outbox outbox;
    @Inject
    TenantService tenants;
    @Inject
    AuditLog audit;

    /** A job as the platform API shows it. lastError and attempts come from its pending outbox step. */
    public record Job(UUID id, UUID tenantId, String status, String phase, long total, long processed, long removed,
                      String targetIndex, Instant startedAt, Instant updatedAt, Instant finishedAt, String error,
                      int attempts, String lastError) {
    }

    /**
     * Starts a job: the whole index ({@code tenantId} null) or one tenant's documents.
     *
     * @throws ApiException search.reindex_running when a job runs; resource.not_found for an unknown tenant
     */
    @Transactional
    public Job start(Caller caller, UUID tenantId) {
        if (tenantId != null) {
            tenants.require(tenantId);
        }
        Optional<UUID> running = running();
        if (running.isPresent()) {
            throw new ApiException(ErrorCode.SEARCH_REINDEX_RUNNING, "Reindex job " + running.get() + " is running.");
        }
        UUID id = UUID.randomUUID();
        long total = ((Number) (tenantId == null
                ? em.createNativeQuery("select count(*) from message where not deleted and kind = 'user'")
                : em.createNativeQuery("select count(*) from message where not deleted and kind = 'user' and tenant_id = ?1").setParameter(1, tenantId))
                .getSingleResult()).longValue();
        // The partial unique index admits one running job: a concurrent start inserts nothing.
        int inserted = em.createNativeQuery("insert into search_reindex_job (id, tenant_id, status, phase, total, requested_by, started_at, updated_at) "
                        + "values (?1, ?2, 'running', 'copy', ?3, ?4, now(), now()) on conflict do nothing")
                .setParameter(1, id).setParameter(2, tenantId).setParameter(3, total)
                .setParameter(4, Actor.of(caller).kind() + ":" + Actor.of(caller).id()).executeUpdate();
        if (inserted == 0) {
            throw new ApiException(ErrorCode.SEARCH_REINDEX_RUNNING, "Another reindex job has just started.");
        }
        outbox.add(tenantId, KIND, id);
        audit.success(Actor.of(caller), tenantId, AUDIT_STARTED, "search_reindex_job", id,
                AuditLog.detail("scope", tenantId == null ? "whole index" : "tenant", "total", total));
        return require(id);
    }

    /** The job, or resource.not_found. */
    public Job require(UUID id) {
        List<Object[]> rows = em.createNativeQuery("select j.id, j.tenant_id, j.status, j.phase, j.total, j.processed, j.removed, "
                        + "j.target_index, j.started_at, j.updated_at, j.finished_at, j.error, "
                        + "(select max(o.attempts) from outbox_event o where o.kind = ?2 and o.aggregate_id = j.id), "
                        + "(select max(o.last_error) from outbox_event o where o.kind = ?2 and o.aggregate_id = j.id) "
                        + "from search_reindex_job j where j.id = ?1")
                .setParameter(1, id).setParameter(2, KIND).getResultList();
        if (rows.isEmpty()) {
            throw new ApiException(ErrorCode.NOT_FOUND, "No reindex job " + id + ".");
        }
        Object[] r = rows.get(0);
        return new Job(uuid(r[0]), r[1] == null ? null : uuid(r[1]), (String) r[2], (String) r[3], ((Number) r[4]).longValue(),
                ((Number) r[5]).longValue(), ((Number) r[6]).longValue(), (String) r[7], instant(r[8]), instant(r[9]),
                instant(r[10]), (String) r[11], r[12] == null ? 0 : ((Number) r[12]).intValue(), (String) r[13]);
    }

    /** The running job, if any. */
    public Optional<UUID> running() {
        List<?> rows = em.createNativeQuery("select id from search_reindex_job where status = 'running'").getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(uuid(rows.get(0)));
    }
}
