package com.chatplatform.api.plan;

import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Usage against the plan's quotas. Storage is a counter per tenant (tenant_usage.storage_bytes) changed in
 * the transaction that stores, verifies, processes or removes an attachment, so it never drifts from the
 * attachments; users and today's messages are counted from their tables.
 */
@ApplicationScoped
public class UsageService {

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    TenantSettings settings;

    /** What a tenant uses, beside its limits. messagesToday counts since 00:00 UTC. */
    public record Usage(long users, Long maxUsers, long storageBytes, Long maxStorageBytes, long messagesToday, Instant dayStartedAt) {
        /** The answer of the usage endpoints; unlimited maxima are explicit nulls. */
        public jakarta.json.JsonObject toJson() {
            var b = com.chatplatform.api.platform.JsonSupport.JSON.createObjectBuilder().add("users", users);
            if (maxUsers == null) {
                b.addNull("maxUsers");
            } else {
                b.add("maxUsers", maxUsers);
            }
            b.add("storageBytes", storageBytes);
            if (maxStorageBytes == null) {
                b.addNull("maxStorageBytes");
            } else {
                b.add("maxStorageBytes", maxStorageBytes);
            }
            return b.add("messagesToday", messagesToday).add("dayStartedAt", dayStartedAt.toString()).build();
        }
    }

    public Usage of(UUID tenantId) {
        Limits limits = settings.limits(tenantId);
        OffsetDateTime dayStart = LocalDate.now(ZoneOffset.UTC).atStartOfDay().atOffset(ZoneOffset.UTC);
        long users = count("select count(*) from chat_user where tenant_id = ?1", tenantId);
        long messages = ((Number) em.createNativeQuery("select count(*) from message where tenant_id = ?1 and created_at >= ?2")
                .setParameter(1, tenantId).setParameter(2, dayStart).getSingleResult()).longValue();
        return new Usage(users, limits.maxUsers(), storageBytes(tenantId), limits.maxStorageBytes(), messages, dayStart.toInstant());
    }

    public long storageBytes(UUID tenantId) {
        List<?> rows = em.createNativeQuery("select storage_bytes from tenant_usage where tenant_id = ?1")
                .setParameter(1, tenantId).getResultList();
        return rows.isEmpty() ? 0 : ((Number) rows.get(0)).longValue();
    }

    /**
     * Refuses a new user when the tenant has reached its plan's maximum (quota.users_exceeded). Holds the
     * tenant's usage row locked until the creating transaction ends, so concurrent creations cannot overshoot.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requireUserSlot(UUID tenantId) {
        Long max = settings.limits(tenantId).maxUsers();
        if (max == null) {
            return;
        }
        ensureRow(tenantId);
        em.createNativeQuery("select tenant_id from tenant_usage where tenant_id = ?1 for update").setParameter(1, tenantId).getResultList();
        long users = count("select count(*) from chat_user where tenant_id = ?1", tenantId);
        if (users >= max) {
            throw new ApiException(ErrorCode.QUOTA_USERS_EXCEEDED, "The tenant's plan allows " + max + " users and it has " + users + ".");
        }
    }

    /** Refuses early (before an upload starts) a file that would not fit the tenant's storage quota now. */
    public void requireRoomFor(UUID tenantId, long bytes) {
        Long max = settings.limits(tenantId).maxStorageBytes();
        long used = storageBytes(tenantId);
        if (max != null && used + bytes > max) {
            throw storageExceeded(max, used, bytes);
        }
    }

    /**
     * Charges bytes to the tenant's storage if they fit its quota (one conditional update: concurrent
     * uploads cannot overshoot); false, with nothing charged, if they do not.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean tryCharge(UUID tenantId, long bytes) {
        Long max = settings.limits(tenantId).maxStorageBytes();
        ensureRow(tenantId);
        if (max == null) {
            return em.createNativeQuery("update tenant_usage set storage_bytes = storage_bytes + ?2, updated_at = now() where tenant_id = ?1")
                    .setParameter(1, tenantId).setParameter(2, bytes).executeUpdate() == 1;
        }
        return em.createNativeQuery("update tenant_usage set storage_bytes = storage_bytes + ?2, updated_at = now() "
                        + "where tenant_id = ?1 and storage_bytes <= ?3")
                .setParameter(1, tenantId).setParameter(2, bytes).setParameter(3, max - bytes).executeUpdate() == 1;
    }

    /** {@link #tryCharge}, failing with quota.storage_exceeded (and the numbers) when the bytes do not fit. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void charge(UUID tenantId, long bytes) {
        if (!tryCharge(tenantId, bytes)) {
            throw storageExceededNow(tenantId, bytes);
        }
    }

    /** The refusal for bytes that did not fit, with the current numbers. */
    public ApiException storageExceededNow(UUID tenantId, long bytes) {
        return storageExceeded(settings.limits(tenantId).maxStorageBytes(), storageBytes(tenantId), bytes);
    }

    /**
     * Changes the tenant's storage by delta bytes without checking the quota: released by removed files
     * (negative) or the difference processing made (stripped metadata, thumbnails). Never below zero.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void adjust(UUID tenantId, long delta) {
        if (delta == 0) {
            return;
        }
        ensureRow(tenantId);
        em.createNativeQuery("update tenant_usage set storage_bytes = greatest(0, storage_bytes + ?2), updated_at = now() where tenant_id = ?1")
                .setParameter(1, tenantId).setParameter(2, delta).executeUpdate();
    }

    /**
     * Gives back the storage charged to attachments that are about to be deleted (for code that deletes
     * attachment rows, like the cleanup job or an erasure): call it in the deleting transaction, before the
     * rows are deleted. Reads the charges from attachment.quota_bytes.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void releaseAttachments(UUID tenantId, Collection<UUID> attachmentIds) {
        if (attachmentIds.isEmpty()) {
            return;
        }
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < attachmentIds.size(); i++) {
            in.append(i == 0 ? "" : ", ").append('?').append(i + 3);
        }
        var q = em.createNativeQuery("update tenant_usage set storage_bytes = greatest(0, storage_bytes - (select coalesce(sum(quota_bytes), 0) "
                + "from attachment where tenant_id = ?2 and id in (" + in + "))), updated_at = now() where tenant_id = ?1");
        q.setParameter(1, tenantId).setParameter(2, tenantId);
        int i = 3;
        for (UUID id : attachmentIds) {
            q.setParameter(i++, id);
        }
        q.executeUpdate();
    }

    private static ApiException storageExceeded(Long max, long used, long bytes) {
        return new ApiException(ErrorCode.QUOTA_STORAGE_EXCEEDED, "The tenant's plan allows " + max + " bytes of storage; "
                + used + " are used and this file needs " + bytes + ".");
    }

    private void ensureRow(UUID tenantId) {
        em.createNativeQuery("insert into tenant_usage (tenant_id) values (?1) on conflict (tenant_id) do nothing")
                .setParameter(1, tenantId).executeUpdate();
    }

    private long count(String sql, UUID tenantId) {
        return ((Number) em.createNativeQuery(sql).setParameter(1, tenantId).getSingleResult()).longValue();
    }
}
