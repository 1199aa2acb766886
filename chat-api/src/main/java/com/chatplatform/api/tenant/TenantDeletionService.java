package com.chatplatform.api.tenant;

import com.chatplatform.api.audit.Actor;
import com.chatplatform.api.audit.AuditLog;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.identity.Secrets;
import com.chatplatform.api.outbox.Outbox;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * Deleting a tenant and all of its data, in two audited steps by a platform admin: {@link #request} (the tenant
 * must be suspended) answers what would be removed and a confirmation token valid 10 minutes; {@link #confirm}
 * with that token sets the tenant to {@code deleting} and enqueues the {@code tenant.delete} outbox job
 * ({@link TenantDeletionJob}), which removes the rows, the search documents and the stored files in batches.
 */
@ApplicationScoped
public class TenantDeletionService {
    public static final Duration TOKEN_TTL = Duration.ofMinutes(10);
    public static final String REQUESTED = "tenant.deletion_requested";
    public static final String CONFIRMED = "tenant.deletion_confirmed";

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    AuditLog audit;
    @Inject
    Outbox outbox;

    /** What a deletion removes, counted when it is requested. */
    public record Summary(long users, long conversations, long messages, long attachments, long bytes) {
    }

    public record DeletionRequest(UUID tenantId, Summary summary, String token, Instant expiresAt) {
    }

    @Transactional
    public DeletionRequest request(Caller caller, UUID id) {
        Tenant tenant = lockDeletable(caller, id, REQUESTED);
        Summary summary = summary(tenant.id());
        String token = "del_" + Secrets.randomToken(32);
        OffsetDateTime expires = OffsetDateTime.now(ZoneOffset.UTC).plus(TOKEN_TTL);
        em.createNativeQuery("update tenant set deletion_token_hash = decode(?1, 'hex'), deletion_token_expires = ?2 where id = ?3")
                .setParameter(1, Secrets.sha256Hex(token)).setParameter(2, expires).setParameter(3, id).executeUpdate();
        audit.success(Actor.of(caller), id, REQUESTED, "tenant", id, AuditLog.detail("users", summary.users(),
                "conversations", summary.conversations(), "messages", summary.messages(), "attachments", summary.attachments(),
                "bytes", summary.bytes()));
        return new DeletionRequest(id, summary, token, expires.toInstant());
    }

    @Transactional
    public Tenant confirm(Caller caller, UUID id, String token) {
        Tenant tenant = lockDeletable(caller, id, CONFIRMED);
        Object[] stored = (Object[]) em.createNativeQuery("select encode(deletion_token_hash, 'hex'), "
                        + "deletion_token_expires > now() from tenant where id = ?1").setParameter(1, id).getSingleResult();
        boolean valid = token != null && stored[0] != null && Boolean.TRUE.equals(stored[1])
                && Secrets.constantTimeEquals(Secrets.sha256Hex(token), (String) stored[0]);
        if (!valid) {
            audit.failure(Actor.of(caller), id, CONFIRMED, "tenant", id, AuditLog.detail("reason",
                    stored[0] == null ? "no_request" : Boolean.TRUE.equals(stored[1]) ? "wrong_token" : "expired_token"));
            throw new ApiException(ErrorCode.TENANT_DELETION_TOKEN_INVALID);
        }
        em.createNativeQuery("update tenant set status = 'deleting', deletion_requested_at = now(), deletion_token_hash = null, "
                + "deletion_token_expires = null, deletion_progress = cast(?1 as jsonb) where id = ?2")
                .setParameter(1, TenantDeletionJob.Progress.start().toJson()).setParameter(2, id).executeUpdate();
        outbox.add(null, TenantDeletionJob.KIND, id); // no tenant_id: the job's own event must survive the deletion
        audit.success(Actor.of(caller), id, CONFIRMED, "tenant", id, null);
        em.flush();
        em.refresh(tenant);
        return tenant;
    }

    private Tenant lockDeletable(Caller caller, UUID id, String action) {
        Tenant tenant = Optional.ofNullable(em.find(Tenant.class, id, LockModeType.PESSIMISTIC_WRITE))
                .orElseThrow(() -> ApiException.notFound("Tenant"));
        if (tenant.isDeletedOrDeleting()) {
            throw new ApiException(ErrorCode.TENANT_DELETED, "The tenant is already " + tenant.status() + ".");
        }
        if (tenant.isActive()) {
            audit.failure(Actor.of(caller), id, action, "tenant", id, AuditLog.detail("reason", "not_suspended"));
            throw new ApiException(ErrorCode.TENANT_NOT_SUSPENDED);
        }
        return tenant;
    }

    private Summary summary(UUID id) {
        return new Summary(count("select count(*) from chat_user where tenant_id = ?1", id),
                count("select count(*) from conversation where tenant_id = ?1", id),
                count("select count(*) from message where tenant_id = ?1", id),
                count("select count(*) from attachment where tenant_id = ?1", id),
                count("select coalesce(sum(size_bytes), 0) from attachment where tenant_id = ?1", id));
    }

    private long count(String sql, UUID id) {
        return ((Number) em.createNativeQuery(sql).setParameter(1, id).getSingleResult()).longValue();
    }
}
