package com.chatplatform.api.compliance;

import static com.chatplatform.api.platform.JsonSupport.JSON;
import static com.chatplatform.api.platform.NativeRows.uuid;

import com.chatplatform.api.platform.NativeRows;
import com.chatplatform.api.audit.Actor;
import com.chatplatform.api.audit.AuditLog;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.media.MediaStorage;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The use cases of compliance: exports, erasures, retention policies and runs, the event feed. Scoped by the caller's tenant. */
@ApplicationScoped
public class ComplianceService {
    static final int MAX_EXPORT_USERS = 1000;

    /** A job as the API shows it. */
    public record JobView(UUID id, String kind, String status, JsonObject subject, Map<String, Long> progress, JsonObject report,
                          Instant createdAt, Instant updatedAt, Instant finishedAt, Instant expiresAt, Long sizeBytes, String error) {
        static JobView of(ComplianceJob j) {
            return new JobView(j.id, j.kind, j.status, j.subject, j.progress, j.report, j.createdAt, j.updatedAt, j.finishedAt,
                    j.expiresAt, ComplianceJob.COMPLETED.equals(j.status) && ComplianceJob.EXPORT.equals(j.kind) ? j.bytesWritten : null, j.error);
        }
    }

    public record Download(URL url, Instant expiresAt) {
    }

    public record Created(JobView job, boolean created) {
    }

    public record Policy(String conversationId, int maxAgeDays, Instant updatedAt) {
    }

    public record ComplianceEvent(long id, String kind, JsonObject payload, Instant createdAt) {
    }

    public record EventPage(List<ComplianceEvent> items, long lastId) {
    }

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    ComplianceJobs jobs;
    @Inject
    ComplianceUsers users;
    @Inject
    ComplianceSettings settings;
    @Inject
    AuditLog audit;
    @Inject
    MediaStorage storage;

    @Inject
    @ConfigProperty(name = "chat.compliance.export.link-ttl-seconds", defaultValue = "300")
    long linkTtlSeconds;

    // ---- exports

    @Transactional
    public JobView requestExport(Caller caller, List<String> userIds, String scope) {
        UUID tenantId = caller.requireTenant();
        JsonObject subject;
        if ("tenant".equals(scope)) {
            if (userIds != null && !userIds.isEmpty()) {
                throw ApiException.invalid("Give either \"scope\": \"tenant\" or \"userIds\", not both.");
            }
            subject = JSON.createObjectBuilder().add("scope", "tenant").build();
        } else if (scope == null || "users".equals(scope)) {
            if (userIds == null || userIds.isEmpty() || userIds.size() > MAX_EXPORT_USERS) {
                throw ApiException.invalid("\"userIds\" must list 1 to " + MAX_EXPORT_USERS + " user ids (or use \"scope\": \"tenant\").");
            }
            JsonArrayBuilder list = JSON.createArrayBuilder();
            for (String externalId : new LinkedHashSet<>(userIds)) {
                ComplianceUsers.UserRef u = users.find(tenantId, externalId)
                        .orElseThrow(() -> ApiException.notFound("User \"" + externalId + "\""));
                list.add(JSON.createObjectBuilder().add("id", u.id().toString()).add("externalId", u.externalId()));
            }
            subject = JSON.createObjectBuilder().add("scope", "users").add("users", list).build();
        } else {
            throw ApiException.invalid("\"scope\" is \"users\" or \"tenant\".");
        }
        Actor actor = Actor.of(caller);
        ComplianceJob job = jobs.create(tenantId, ComplianceJob.EXPORT, subject, actor.kind(), actor.id());
        audit.success(actor, tenantId, "compliance.export_requested", "export", job.id, JSON.createObjectBuilder().add("subject", subject).build());
        if (subject.containsKey("users")) {
            for (var u : subject.getJsonArray("users")) {
                audit.success(actor, tenantId, "compliance.export_requested", "user", ((JsonObject) u).getString("externalId"),
                        AuditLog.detail("exportId", job.id));
            }
        }
        return JobView.of(job);
    }

    public JobView get(Caller caller, String kind, String id) {
        return JobView.of(require(caller, kind, id));
    }

    public List<JobView> list(Caller caller, String kind) {
        return jobs.list(caller.requireTenant(), kind, 100).stream().map(JobView::of).toList();
    }

    /** Stops an export: its upload is abandoned and nothing is kept. */
    @Transactional
    public JobView cancelExport(Caller caller, String id) {
        ComplianceJob job = require(caller, ComplianceJob.EXPORT, id);
        job = jobs.lock(job.tenantId, job.id).orElseThrow();
        if (job.finished()) {
            throw new ApiException(ErrorCode.COMPLIANCE_JOB_FINISHED, "The export is " + job.status + ".");
        }
        if (job.uploadId != null) {
            storage.abortMultipart(job.objectKey, job.uploadId);
        }
        em.createNativeQuery("delete from compliance_export_entry where job_id = ?1").setParameter(1, job.id).executeUpdate();
        em.createNativeQuery("delete from compliance_export_part where job_id = ?1").setParameter(1, job.id).executeUpdate();
        job.uploadId = null;
        job.status = ComplianceJob.CANCELLED;
        job.finishedAt = Instant.now();
        jobs.save(job);
        audit.success(Actor.of(caller), job.tenantId, "compliance.export_cancelled", "export", job.id, null);
        return JobView.of(job);
    }

    /** A short-lived link to the finished export, for the credential that requested it only. */
    @Transactional
    public Download download(Caller caller, String id) {
        ComplianceJob job = require(caller, ComplianceJob.EXPORT, id);
        Actor actor = Actor.of(caller);
        if (!actor.kind().equals(job.requestedByKind) || !actor.id().equals(job.requestedById)) {
            audit.failure(actor, job.tenantId, "compliance.export_downloaded", "export", job.id, AuditLog.detail("reason", "not_requester"));
            throw new ApiException(ErrorCode.EXPORT_NOT_REQUESTER);
        }
        switch (job.status) {
            case ComplianceJob.COMPLETED -> {
            }
            case ComplianceJob.EXPIRED, ComplianceJob.CANCELLED -> throw new ApiException(ErrorCode.EXPORT_EXPIRED, "The export is " + job.status + ".");
            default -> throw new ApiException(ErrorCode.EXPORT_NOT_READY, "The export is " + job.status + ".");
        }
        if (job.expiresAt != null && job.expiresAt.isBefore(Instant.now())) {
            throw new ApiException(ErrorCode.EXPORT_EXPIRED, "The export expired at " + job.expiresAt + ".");
        }
        Duration ttl = Duration.ofSeconds(linkTtlSeconds);
        if (job.expiresAt != null && Duration.between(Instant.now(), job.expiresAt).compareTo(ttl) < 0) {
            ttl = Duration.between(Instant.now(), job.expiresAt).plusSeconds(1);
        }
        URL url = storage.presignedGet(job.objectKey, "export-" + job.id + ".zip", ttl);
        audit.success(actor, job.tenantId, "compliance.export_downloaded", "export", job.id, AuditLog.detail("linkTtlSeconds", ttl.toSeconds()));
        return new Download(url, Instant.now().plus(ttl));
    }

    // ---- erasure

    /**
     * Starts the erasure of a user, or answers the erasure already under way or done (idempotent: a user that was
     * erased is not found any more, and the completed erasure is answered instead).
     */
    @Transactional
    public Created requestErasure(Caller caller, String externalId) {
        UUID tenantId = caller.requireTenant();
        Optional<ComplianceUsers.UserRef> user = users.find(tenantId, externalId);
        List<Object[]> earlier = em.createNativeQuery("select id, status from compliance_job where tenant_id = ?1 and kind = 'erasure' "
                        + "and subject -> 'user' ->> 'externalId' = ?2 and status in ('queued', 'running', 'completed') order by created_at desc")
                .setParameter(1, tenantId).setParameter(2, externalId == null ? "" : externalId).getResultList();
        for (Object[] r : earlier) {
            boolean active = !ComplianceJob.COMPLETED.equals(r[1]);
            if (active || user.isEmpty()) {
                return new Created(JobView.of(jobs.find(tenantId, uuid(r[0])).orElseThrow()), false);
            }
        }
        ComplianceUsers.UserRef u = user.orElseThrow(() -> ApiException.notFound("User"));
        String policy = settings.get(tenantId).erasurePolicy();
        JsonObject subject = JSON.createObjectBuilder()
                .add("user", JSON.createObjectBuilder().add("id", u.id().toString()).add("externalId", u.externalId()))
                .add("policy", policy).build();
        Actor actor = Actor.of(caller);
        ComplianceJob job = jobs.create(tenantId, ComplianceJob.ERASURE, subject, actor.kind(), actor.id());
        audit.success(actor, tenantId, "compliance.erasure_requested", "user", u.externalId(),
                AuditLog.detail("erasureId", job.id, "policy", policy));
        return new Created(JobView.of(job), true);
    }

    // ---- retention

    public List<Policy> policies(Caller caller) {
        List<Object[]> rows = em.createNativeQuery("select conversation_id, max_age_days, updated_at from retention_policy where tenant_id = ?1 "
                + "order by conversation_id nulls first").setParameter(1, caller.requireTenant()).getResultList();
        List<Policy> result = new ArrayList<>();
        rows.forEach(r -> result.add(new Policy(r[0] == null ? null : uuid(r[0]).toString(), ((Number) r[1]).intValue(),
                NativeRows.instant(r[2]))));
        return result;
    }

    /** Sets (days) or removes (null) the tenant's policy or, with a conversation id, the conversation's. */
    @Transactional
    public List<Policy> setPolicy(Caller caller, String conversationId, Integer maxAgeDays) {
        UUID tenantId = caller.requireTenant();
        UUID conversation = null;
        if (conversationId != null) {
            try {
                conversation = UUID.fromString(conversationId);
            } catch (IllegalArgumentException e) {
                throw ApiException.notFound("Conversation");
            }
            if (em.createNativeQuery("select id from conversation where id = ?1 and tenant_id = ?2").setParameter(1, conversation)
                    .setParameter(2, tenantId).getResultList().isEmpty()) {
                throw ApiException.notFound("Conversation");
            }
        }
        if (maxAgeDays != null && (maxAgeDays < 1 || maxAgeDays > 36500)) {
            throw ApiException.invalid("\"maxAgeDays\" must be between 1 and 36500 (or null to remove the policy).");
        }
        String where = conversation == null ? "conversation_id is null" : "conversation_id = ?2";
        var delete = em.createNativeQuery("delete from retention_policy where tenant_id = ?1 and " + where).setParameter(1, tenantId);
        if (conversation != null) {
            delete.setParameter(2, conversation);
        }
        delete.executeUpdate();
        if (maxAgeDays != null) {
            var insert = em.createNativeQuery("insert into retention_policy (id, tenant_id, conversation_id, max_age_days, updated_at) values (?1, ?2, "
                            + (conversation == null ? "null" : "?3") + ", ?4, ?5)")
                    .setParameter(1, UUID.randomUUID()).setParameter(2, tenantId)
                    .setParameter(4, maxAgeDays).setParameter(5, OffsetDateTime.now(ZoneOffset.UTC));
            if (conversation != null) {
                insert.setParameter(3, conversation);
            }
            insert.executeUpdate();
        }
        audit.success(Actor.of(caller), tenantId, "compliance.retention_policy_changed", conversation == null ? "tenant" : "conversation",
                conversation == null ? tenantId : conversation, AuditLog.detail("maxAgeDays", maxAgeDays == null ? "none" : maxAgeDays));
        return policies(caller);
    }

    /**
     * Starts a retention run now (the scheduler also starts one per tenant every chat.compliance.retention.interval-seconds).
     * While a run of the tenant is queued or running, that run is returned instead of starting a second one.
     */
    @Transactional
    public JobView runRetention(Caller caller) {
        UUID tenantId = caller.requireTenant();
        Optional<ComplianceJob> running = jobs.unfinished(tenantId, ComplianceJob.RETENTION);
        if (running.isPresent()) {
            return JobView.of(running.get());
        }
        Actor actor = Actor.of(caller);
        ComplianceJob job = jobs.create(tenantId, ComplianceJob.RETENTION, JsonObject.EMPTY_JSON_OBJECT, actor.kind(), actor.id());
        audit.success(actor, tenantId, "compliance.retention_started", "retention", job.id, AuditLog.detail("trigger", "api"));
        return JobView.of(job);
    }

    // ---- events for the tenant's systems

    public EventPage events(Caller caller, String after, String limit) {
        long afterId = parseLong("after", after, 0, 0, Long.MAX_VALUE);
        int max = (int) parseLong("limit", limit, 100, 1, 500);
        List<Object[]> rows = em.createNativeQuery("select id, kind, payload::text, created_at from compliance_event where tenant_id = ?1 and id > ?2 "
                + "order by id limit ?3").setParameter(1, caller.requireTenant()).setParameter(2, afterId).setParameter(3, max).getResultList();
        List<ComplianceEvent> items = new ArrayList<>();
        rows.forEach(r -> items.add(new ComplianceEvent(((Number) r[0]).longValue(), (String) r[1], ComplianceJob.parse((String) r[2]),
                NativeRows.instant(r[3]))));
        return new EventPage(items, items.isEmpty() ? afterId : items.get(items.size() - 1).id());
    }

    private static long parseLong(String name, String value, long fallback, long min, long max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw ApiException.invalid("\"" + name + "\" must be a number from " + min + " to " + max + ".");
    }

    private ComplianceJob require(Caller caller, String kind, String id) {
        UUID jobId;
        try {
            jobId = UUID.fromString(id == null ? "" : id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Job");
        }
        return jobs.find(caller.requireTenant(), jobId).filter(j -> j.kind.equals(kind)).orElseThrow(() -> ApiException.notFound("Job"));
    }
}
