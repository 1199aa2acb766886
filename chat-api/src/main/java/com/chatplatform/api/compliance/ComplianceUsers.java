package com.chatplatform.api.compliance;

import static com.chatplatform.api.platform.NativeRows.uuid;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Users as compliance sees them: looked up by the tenant's external id, and the tenant's "deleted user"
 * placeholder that anonymised messages point to. Its external id "~deleted" cannot be created or used through the
 * API (external ids are letters, digits and _ . @ : -).
 */
@ApplicationScoped
public class ComplianceUsers {
    public static final String PLACEHOLDER_EXTERNAL_ID = "~deleted";
    public static final String PLACEHOLDER_NAME = "Deleted user";

    public record UserRef(UUID id, String externalId) {
    }

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    public Optional<UserRef> find(UUID tenantId, String externalId) {
        if (externalId == null || externalId.startsWith("~")) {
            return Optional.empty();
        }
        List<Object[]> rows = em.createNativeQuery("select id, external_id from chat_user where tenant_id = ?1 and external_id = ?2")
                .setParameter(1, tenantId).setParameter(2, externalId).getResultList();
        return rows.stream().findFirst().map(r -> new UserRef(uuid(r[0]), (String) r[1]));
    }

    /** The tenant's placeholder user, created on first use. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID placeholder(UUID tenantId) {
        em.createNativeQuery("insert into chat_user (id, tenant_id, external_id, display_name, created_at) values (?1, ?2, ?3, ?4, ?5) "
                        + "on conflict (tenant_id, external_id) do nothing")
                .setParameter(1, UUID.randomUUID()).setParameter(2, tenantId).setParameter(3, PLACEHOLDER_EXTERNAL_ID)
                .setParameter(4, PLACEHOLDER_NAME).setParameter(5, OffsetDateTime.now(ZoneOffset.UTC)).executeUpdate();
        return find0(tenantId);
    }

    private UUID find0(UUID tenantId) {
        return uuid(em.createNativeQuery("select id from chat_user where tenant_id = ?1 and external_id = ?2")
                .setParameter(1, tenantId).setParameter(2, PLACEHOLDER_EXTERNAL_ID).getSingleResult());
    }
}
