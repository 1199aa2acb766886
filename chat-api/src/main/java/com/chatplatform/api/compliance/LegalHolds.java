package com.chatplatform.api.compliance;

import static com.chatplatform.api.platform.NativeRows.uuid;

import com.chatplatform.api.platform.NativeRows;
import com.chatplatform.api.audit.Actor;
import com.chatplatform.api.audit.AuditLog;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.platform.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

/**
 * Legal holds on a user or a conversation. While a hold is active, retention and erasure leave the held data in
 * place (and say so in their reports). Placing and lifting are audited.
 */
@ApplicationScoped
public class LegalHolds {
    public record Hold(UUID id, String targetType, String targetId, String reason, String placedBy, Instant placedAt,
                       String liftedBy, Instant liftedAt) {
    }

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    AuditLog audit;
    @Inject
    ComplianceUsers users;

    @Transactional
    public Hold place(Caller caller, String targetType, String targetId, String reason) {
        UUID tenantId = caller.requireTenant();
        if (reason == null || reason.isBlank() || reason.length() > 1000) {
            throw ApiException.invalid("\"reason\" is required (at most 1,000 characters).");
        }
        UUID target = resolve(tenantId, targetType, targetId);
        Optional<Hold> existing = active(tenantId, targetType, target);
        if (existing.isPresent()) {
            return existing.get();
        }
        UUID id = UUID.randomUUID();
        em.createNativeQuery("insert into legal_hold (id, tenant_id, target_type, target_id, reason, placed_by, placed_at) "
                        + "values (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                .setParameter(1, id).setParameter(2, tenantId).setParameter(3, targetType).setParameter(4, target)
                .setParameter(5, reason.strip()).setParameter(6, Actor.of(caller).kind() + ":" + caller.principalId())
                .setParameter(7, OffsetDateTime.now(ZoneOffset.UTC)).executeUpdate();
        audit.success(Actor.of(caller), tenantId, "legal_hold.placed", targetType, targetId, AuditLog.detail("holdId", id, "reason", reason.strip()));
        return find(tenantId, id).orElseThrow();
    }

    @Transactional
    public Hold lift(Caller caller, UUID holdId) {
        UUID tenantId = caller.requireTenant();
        Hold hold = find(tenantId, holdId).orElseThrow(() -> ApiException.notFound("Legal hold"));
        if (hold.liftedAt() != null) {
            return hold;
        }
        em.createNativeQuery("update legal_hold set lifted_at = ?1, lifted_by = ?2 where id = ?3 and tenant_id = ?4 and lifted_at is null")
                .setParameter(1, OffsetDateTime.now(ZoneOffset.UTC)).setParameter(2, Actor.of(caller).kind() + ":" + caller.principalId())
                .setParameter(3, holdId).setParameter(4, tenantId).executeUpdate();
        audit.success(Actor.of(caller), tenantId, "legal_hold.lifted", hold.targetType(), hold.targetId(), AuditLog.detail("holdId", holdId));
        return find(tenantId, holdId).orElseThrow();
    }

    public List<Hold> list(Caller caller, boolean activeOnly) {
        List<Object[]> rows = em.createNativeQuery(select() + " where h.tenant_id = ?1" + (activeOnly ? " and h.lifted_at is null" : "")
                        + " order by h.placed_at desc limit 500")
                .setParameter(1, caller.requireTenant()).getResultList();
        List<Hold> holds = new ArrayList<>();
        rows.forEach(r -> holds.add(map(r)));
        return holds;
    }

    public Optional<Hold> find(UUID tenantId, UUID id) {
        List<Object[]> rows = em.createNativeQuery(select() + " where h.tenant_id = ?1 and h.id = ?2")
                .setParameter(1, tenantId).setParameter(2, id).getResultList();
        return rows.stream().findFirst().map(LegalHolds::map);
    }

    /** The active hold on a user (internal id) or conversation, if any. */
    public Optional<Hold> active(UUID tenantId, String targetType, UUID target) {
        List<Object[]> rows = em.createNativeQuery(select() + " where h.tenant_id = ?1 and h.target_type = ?2 and h.target_id = ?3 "
                        + "and h.lifted_at is null order by h.placed_at limit 1")
                .setParameter(1, tenantId).setParameter(2, targetType).setParameter(3, target).getResultList();
        return rows.stream().findFirst().map(LegalHolds::map);
    }

    private UUID resolve(UUID tenantId, String targetType, String targetId) {
        if ("user".equals(targetType)) {
            return users.find(tenantId, targetId).orElseThrow(() -> ApiException.notFound("User")).id();
        }
        if ("conversation".equals(targetType)) {
            UUID id;
            try {
                id = UUID.fromString(targetId == null ? "" : targetId);
            } catch (IllegalArgumentException e) {
                throw ApiException.notFound("Conversation");
            }
            List<?> found = em.createNativeQuery("select id from conversation where id = ?1 and tenant_id = ?2")
                    .setParameter(1, id).setParameter(2, tenantId).getResultList();
            if (found.isEmpty()) {
                throw ApiException.notFound("Conversation");
            }
            return id;
        }
        throw ApiException.invalid("\"targetType\" is \"user\" or \"conversation\".");
    }

    private static String select() {
        // A user hold shows the user's external id (while the user exists), a conversation hold the conversation id.
        return "select h.id, h.target_type, coalesce(u.external_id, h.target_id::text), h.reason, h.placed_by, h.placed_at, h.lifted_by, "
                + "h.lifted_at from legal_hold h left join chat_user u on h.target_type = 'user' and u.id = h.target_id";
    }

    private static Hold map(Object[] r) {
        return new Hold(uuid(r[0]), (String) r[1], (String) r[2], (String) r[3], (String) r[4], NativeRows.instant(r[5]),
                (String) r[6], NativeRows.instant(r[7]));
    }
}
