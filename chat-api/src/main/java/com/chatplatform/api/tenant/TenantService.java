package com.chatplatform.api.tenant;

import com.chatplatform.api.identity.ApiKeyService;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Platform-level tenant management (platform admins only: callers are checked by the resource's @Access). */
@ApplicationScoped
public class TenantService {

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    ApiKeyService apiKeys;

    public record CreatedTenant(Tenant tenant, ApiKeyService.IssuedKey apiKey) {
    }

    @Transactional
    public CreatedTenant create(Caller caller, String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 200) {
            throw ApiException.invalid("A tenant needs a name of 1 to 200 characters.");
        }
        Tenant tenant = new Tenant(UUID.randomUUID(), trimmed, OffsetDateTime.now(ZoneOffset.UTC));
        em.persist(tenant);
        em.flush();
        return new CreatedTenant(tenant, apiKeys.issue(tenant.id(), "default"));
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
        if (!tenant.isActive()) {
            throw new ApiException(ErrorCode.TENANT_SUSPENDED);
        }
    }
}
