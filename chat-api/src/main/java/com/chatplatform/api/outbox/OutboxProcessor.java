package com.chatplatform.api.outbox;

import com.chatplatform.api.search.SearchIndexing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Consumes due outbox events in batches. Rows are claimed with FOR UPDATE SKIP LOCKED, so several nodes
 * can run it at once; a batch either succeeds (rows deleted) or is rescheduled with exponential backoff
 * (rows kept, attempts counted, error recorded). Handlers are idempotent, so a redelivery is harmless.
 */
@ApplicationScoped
public class OutboxProcessor {
    private static final Logger LOG = Logger.getLogger(OutboxProcessor.class.getName());

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    SearchIndexing searchIndexing;

    @Inject
    @ConfigProperty(name = "chat.outbox.batch-size", defaultValue = "200")
    int batchSize;

    public record Event(long id, UUID tenantId, String kind, UUID aggregateId, int attempts) {
    }

    /** Processes one batch; returns how many events it handled (0 when none were due). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int processBatch() {
        List<Object[]> rows = em.createNativeQuery("select id, tenant_id, kind, aggregate_id, attempts from outbox_event "
                        + "where next_attempt_at <= now() order by id limit ?1 for update skip locked")
                .setParameter(1, batchSize).getResultList();
        if (rows.isEmpty()) {
            return 0;
        }
        List<Event> events = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            events.add(new Event(((Number) r[0]).longValue(), r[1] == null ? null : uuid(r[1]), (String) r[2], uuid(r[3]),
                    ((Number) r[4]).intValue()));
        }
        String ids = events.stream().map(e -> Long.toString(e.id())).collect(Collectors.joining(","));
        try {
            searchIndexing.apply(events.stream().filter(e -> Outbox.MESSAGE_CHANGED.equals(e.kind())).toList());
            em.createNativeQuery("delete from outbox_event where id in (" + ids + ")").executeUpdate();
        } catch (RuntimeException failure) {
            int attempts = events.stream().mapToInt(Event::attempts).max().orElse(0) + 1;
            long backoffMillis = Math.min(60_000L, 500L * (1L << Math.min(attempts, 7)));
            LOG.log(Level.WARNING, "Outbox batch of " + events.size() + " events failed (attempt " + attempts
                    + "), retrying in " + backoffMillis + " ms: " + failure);
            em.createNativeQuery("update outbox_event set attempts = attempts + 1, last_error = ?1, "
                            + "next_attempt_at = now() + (?2 * interval '1 millisecond') where id in (" + ids + ")")
                    .setParameter(1, String.valueOf(failure.getMessage()))
                    .setParameter(2, backoffMillis)
                    .executeUpdate();
        }
        return events.size();
    }

    /** Events waiting to be processed (a health and lag figure). */
    public long pending() {
        return ((Number) em.createNativeQuery("select count(*) from outbox_event").getSingleResult()).longValue();
    }

    private static UUID uuid(Object value) {
        return value instanceof UUID u ? u : UUID.fromString(value.toString());
    }
}
