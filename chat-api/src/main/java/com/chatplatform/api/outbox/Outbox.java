package com.chatplatform.api.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.UUID;

/** Writes side effects that must not be lost into outbox_event, inside the caller's transaction. */
@ApplicationScoped
public class Outbox {
    /** A message was created, edited or deleted: bring the search index in line with the database. */
    public static final String MESSAGE_CHANGED = "message.changed";
    /** An image attachment was verified: strip its metadata and make thumbnails. */
    public static final String MEDIA_PROCESS = "media.process";

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public void add(UUID tenantId, String kind, UUID aggregateId) {
        em.createNativeQuery("insert into outbox_event (tenant_id, kind, aggregate_id) values (?1, ?2, ?3)")
                .setParameter(1, tenantId).setParameter(2, kind).setParameter(3, aggregateId)
                .executeUpdate();
    }
}
