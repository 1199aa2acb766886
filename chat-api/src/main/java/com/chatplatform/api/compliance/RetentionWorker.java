package com.chatplatform.api.compliance;

import static com.chatplatform.api.platform.JsonSupport.JSON;
import static com.chatplatform.api.platform.NativeRows.uuid;

import com.chatplatform.api.audit.Actor;
import com.chatplatform.api.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One retention run of a tenant, one batch per invocation: messages older than their conversation's policy (or the
 * tenant's) lose their content everywhere (attachments in S3, search documents, edits, reactions, event-log text)
 * and become deleted messages. Messages under a legal hold (their conversation or their sender) are skipped and
 * counted. It never locks a conversation, so sending is never blocked; each batch is a short transaction.
 */
@ApplicationScoped
public class RetentionWorker {
    static final int BATCH = 500;
    /** Messages due for deletion by the policies; %s is "not" for the ones to delete and "" for the held ones. */
    private static final String DUE = "from message m "
            + "left join retention_policy pc on pc.tenant_id = m.tenant_id and pc.conversation_id = m.conversation_id "
            + "left join retention_policy pt on pt.tenant_id = m.tenant_id and pt.conversation_id is null "
            + "where m.tenant_id = ?1 and not m.deleted and coalesce(pc.max_age_days, pt.max_age_days) is not null "
            + "and m.created_at < cast(?2 as timestamptz) - make_interval(days => coalesce(pc.max_age_days, pt.max_age_days)) "
            + "and %s exists (select 1 from legal_hold h where h.tenant_id = m.tenant_id and h.lifted_at is null "
            + "and ((h.target_type = 'conversation' and h.target_id = m.conversation_id) or (h.target_type = 'user' and h.target_id = m.sender_id)))";

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    ContentEraser eraser;
    @Inject
    ComplianceJobs jobs;
    @Inject
    AuditLog audit;

    @Transactional(Transactional.TxType.MANDATORY)
    void runBatch(ComplianceJob job) {
        if (job.finished()) {
            return;
        }
        if (ComplianceJob.QUEUED.equals(job.status)) {
            job.status = ComplianceJob.RUNNING;
            job.phase = "messages";
            // One reference time for the whole run, so a resumed run deletes exactly what it would have.
            job.cursor("now", Instant.now().toString());
        }
        java.time.OffsetDateTime now = Instant.parse(job.cursor("now")).atOffset(java.time.ZoneOffset.UTC);
        List<?> rows = em.createNativeQuery("select m.id " + DUE.formatted("not") + " order by m.created_at limit " + BATCH)
                .setParameter(1, job.tenantId).setParameter(2, now).getResultList();
        if (rows.isEmpty()) {
            finish(job, now);
        } else {
            List<UUID> ids = rows.stream().map(o -> uuid(o)).toList();
            ContentEraser.Counts c = eraser.removeMessages(job.tenantId, ids, ContentEraser.Mode.SOFT_DELETE, null);
            job.count("messages", c.messages());
            job.count("messageEdits", c.edits());
            job.count("reactions", c.reactions());
            job.count("attachments", c.attachments());
            job.count("s3Objects", c.s3Objects());
            job.count("searchDocuments", c.searchDocuments());
            job.count("eventPayloadsStripped", c.events());
            job.count("batches", 1);
            jobs.continueLater(job);
        }
        jobs.save(job);
    }

    private void finish(ComplianceJob job, java.time.OffsetDateTime now) {
        List<Object[]> held = em.createNativeQuery("select m.conversation_id, count(*) " + DUE.formatted("") + " group by m.conversation_id "
                        + "order by m.conversation_id limit 1000")
                .setParameter(1, job.tenantId).setParameter(2, now).getResultList();
        JsonArrayBuilder heldBack = JSON.createArrayBuilder();
        long heldMessages = 0;
        for (Object[] r : held) {
            long n = ((Number) r[1]).longValue();
            heldMessages += n;
            heldBack.add(JSON.createObjectBuilder().add("conversationId", uuid(r[0]).toString()).add("messagesKept", n)
                    .add("why", "legal hold on the conversation or on the sender"));
        }
        var removed = JSON.createObjectBuilder();
        job.progress.forEach(removed::add);
        job.report = JSON.createObjectBuilder().add("retentionRunId", job.id.toString()).add("reference", now.toInstant().toString())
                .add("removed", removed).add("heldBackMessages", heldMessages).add("heldBack", heldBack).build();
        job.status = ComplianceJob.COMPLETED;
        job.finishedAt = Instant.now();
        job.phase = "done";
        audit.success(new Actor(job.requestedByKind, job.requestedById), job.tenantId, "compliance.retention_run", "tenant", job.tenantId,
                JSON.createObjectBuilder().add("report", job.report).build());
    }
}
