package com.chatplatform.api.tenant;

import com.chatplatform.api.audit.Actor;
import com.chatplatform.api.audit.AuditLog;
import com.chatplatform.api.identity.ApiKeyService;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Platform-level tenant management (platform admins only: callers are checked by the resource's @Access).
 * Every change is in the audit log, in the same transaction as the change.
 */
@ApplicationScoped
public class TenantService {

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    ApiKeyService apiKeys;

    @Inject
    AuditLog audit;

    @Inject
    com.chatplatform.api.plan.PlanService plans;

    @Inject
    Event<TenantSuspended> suspended;

    public record CreatedTenant(Tenant tenant, ApiKeyService.IssuedKey apiKey) {
    }

    @Transactional
    public CreatedTenant create(Caller caller, String name) {
        String trimmed = validName(name);
        Tenant tenant = new Tenant(UUID.randomUUID(), trimmed, OffsetDateTime.now(ZoneOffset.UTC));
        em.persist(tenant);
        em.flush();
        audit.success(Actor.of(caller), tenant.id(), AuditLog.TENANT_CREATED, "tenant", tenant.id(), AuditLog.detail("name", trimmed));
        plans.assignDefault(caller, tenant.id());
        return new CreatedTenant(tenant, apiKeys.issue(caller, tenant.id(), "default"));
    }

    @Transactional
    public Tenant rename(Caller caller, UUID id, String name) {
        String trimmed = validName(name);
        Tenant tenant = requireLocked(id);
        String before = tenant.name();
        if (!before.equals(trimmed)) {
            tenant.rename(trimmed);
            audit.success(Actor.of(caller), id, AuditLog.TENANT_RENAMED, "tenant", id, AuditLog.detail("from", before, "to", trimmed));
        }
        return tenant;
    }

    /**
     * Suspends a tenant: from the commit on, its API keys and user tokens answer tenant.suspended and its
     * open WebSocket sessions are closed (after commit, see {@link TenantSuspended}). Suspending a suspended
     * tenant changes nothing.
     */
    @Transactional
    public Tenant suspend(Caller caller, UUID id) {
        Tenant tenant = requireLocked(id);
        if (tenant.isActive()) {
            tenant.setStatus(Tenant.SUSPENDED);
            audit.success(Actor.of(caller), id, AuditLog.TENANT_SUSPENDED, "tenant", id, null);
            suspended.fire(new TenantSuspended(id));
        }
        return tenant;
    }

    /** Reactivates a suspended tenant: its existing keys and unexpired tokens work again. */
    @Transactional
    public Tenant reactivate(Caller caller, UUID id) {
        Tenant tenant = requireLocked(id);
        if (!tenant.isActive()) {
            tenant.setStatus(Tenant.ACTIVE);
            audit.success(Actor.of(caller), id, AuditLog.TENANT_REACTIVATED, "tenant", id, null);
        }
        return tenant;
    }

    /** Issues an API key for the named tenant. */
    @Transactional
    public ApiKeyService.IssuedKey issueKey(Caller caller, UUID id, String name) {
        requireLocked(id);
        return apiKeys.issue(caller, id, name);
    }

    public ApiKeyService.KeyList listKeys(UUID id) {
        require(id);
        return apiKeys.list(id);
    }

    @Transactional
    public void revokeKey(Caller caller, UUID id, UUID keyId) {
        require(id);
        apiKeys.revoke(caller, id, keyId);
    }

    public List<Tenant> list() {
        return em.createQuery("select t from Tenant t order by t.createdAt desc", Tenant.class).setMaxResults(1000).getResultList();
    }

    public Optional<Tenant> find(UUID id) {
        return Optional.ofNullable(em.find(Tenant.class, id));
    }

    public Tenant require(UUID id) {
        return find(id).orElseThrow(() -> ApiException.notFound("Tenant"));
    }

    /** Used by authentication: a credential of a suspended or deleted tenant stops working at once. */
    public void requireActive(UUID tenantId) {
        Tenant tenant = find(tenantId).orElseThrow(() -> new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The credential's tenant does not exist."));
        if (tenant.isDeletedOrDeleting()) {
            throw new ApiException(ErrorCode.TENANT_DELETED);
        }
        if (!tenant.isActive()) {
            throw new ApiException(ErrorCode.TENANT_SUSPENDED);
        }
    }

    /** The tenant, locked; a deleting or deleted tenant cannot be changed any more (tenant.deleted). */
    private Tenant requireLocked(UUID id) {
        Tenant tenant = Optional.ofNullable(em.find(Tenant.class, id, LockModeType.PESSIMISTIC_WRITE))
                .orElseThrow(() -> ApiException.notFound("Tenant"));
        if (tenant.isDeletedOrDeleting()) {
            throw new ApiException(ErrorCode.TENANT_DELETED, "The tenant is " + tenant.status() + "; it cannot be changed.");
        }
        return tenant;
    }

    private static String validName(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 200) {
            throw ApiException.invalid("A tenant needs a name of 1 to 200 characters.");
        }
        return trimmed;
    }
}
