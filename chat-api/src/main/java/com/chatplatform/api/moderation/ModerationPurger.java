package com.chatplatform.api.moderation;

import com.chatplatform.api.compliance.ContentEraser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/** One purge in a transaction of its own, so a failure never spoils the outbox handler's transaction (see OutboxHandler). */
@ApplicationScoped
public class ModerationPurger {

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    ContentEraser eraser;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void purge(UUID tenantId, UUID messageId) {
        boolean hardDeleted = !em.createNativeQuery("select 1 from message where id = ?1 and tenant_id = ?2 and hard_deleted")
                .setParameter(1, messageId).setParameter(2, tenantId).getResultList().isEmpty();
        if (hardDeleted) {
            eraser.removeMessages(tenantId, List.of(messageId), ContentEraser.Mode.SOFT_DELETE, null);
        }
    }
}
