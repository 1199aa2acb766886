package com.chatplatform.api.compliance;

import com.chatplatform.api.audit.Actor;
import com.chatplatform.api.audit.AuditLog;
import com.chatplatform.api.media.MediaStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one batch of a job in a transaction of its own, so a failing job never spoils the outbox handler's transaction (and
 * the other events of its batch); the handler then lets the outbox retry it with backoff, and gives up after
 * {@link #MAX_ATTEMPTS} by marking the job failed.
 */
@ApplicationScoped
public class JobRunner {
    static final int MAX_ATTEMPTS = 8;
    private static final Logger LOG = Logger.getLogger(JobRunner.class.getName());

    @Inject
    ComplianceJobs jobs;
    @Inject
    ExportWorker exports;
    @Inject
    ErasureWorker erasures;
    @Inject
    RetentionWorker retention;
    @Inject
    SweepWorker sweep;
    @Inject
    MediaStorage storage;
    @Inject
    AuditLog audit;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void runBatch(UUID tenantId, UUID jobId) {
        jobs.lock(tenantId, jobId).ifPresent(job -> {
            switch (job.kind) {
                case ComplianceJob.EXPORT -> exports.runBatch(job);
                case ComplianceJob.ERASURE -> erasures.runBatch(job);
                default -> retention.runBatch(job);
            }
        });
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void sweep() {
        sweep.sweep();
    }

    /** Gives up on a job: it ends as failed with the error (an export's partial upload is abandoned). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void fail(UUID tenantId, UUID jobId, RuntimeException error) {
        jobs.lock(tenantId, jobId).ifPresent(job -> {
            if (job.finished()) {
                return;
            }
            if (job.uploadId != null) {
                try {
                    storage.abortMultipart(job.objectKey, job.uploadId);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Could not abort the upload of export " + job.id, e);
                }
                job.uploadId = null;
            }
            job.status = ComplianceJob.FAILED;
            job.error = String.valueOf(error.getMessage());
            job.finishedAt = Instant.now();
            jobs.save(job);
            audit.success(new Actor("system", null), tenantId, "compliance." + job.kind + "_failed", job.kind, job.id,
                    AuditLog.detail("error", job.error));
        });
    }
}
