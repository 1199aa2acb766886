package com.chatplatform.api.compliance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.UUID;

/** Writes the sweep's outbox event, unless one is still waiting. */
@ApplicationScoped
public class SweepTrigger {
    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Transactional
    public void enqueue() {
        long waiting = ((Number) em.createNativeQuery("select count(*) from outbox_event where kind = ?1")
                .setParameter(1, ComplianceJobs.SWEEP_KIND).getSingleResult()).longValue();
        if (waiting == 0) {
            em.createNativeQuery("insert into outbox_event (tenant_id, kind, aggregate_id) values (null, ?1, ?2)")
                    .setParameter(1, ComplianceJobs.SWEEP_KIND).setParameter(2, UUID.randomUUID()).executeUpdate();
        }
    }
}
