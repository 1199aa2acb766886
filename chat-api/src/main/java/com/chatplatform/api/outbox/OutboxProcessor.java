package com.chatplatform.api.outbox;

import static com.chatplatform.api.platform.NativeRows.uuid;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Consumes due outbox events in batches, each kind by its {@link OutboxHandler}. Rows are claimed with FOR UPDATE SKIP LOCKED, so several nodes
 * can run it at once; each kind's batch either succeeds (rows deleted) or is rescheduled with exponential backoff
 * (rows kept, attempts counted, error recorded). Handlers are idempotent, so a redelivery is harmless.
 */
@ApplicationScoped
public class OutboxProcessor {
    private static final Logger LOG = Logger.getLogger(OutboxProcessor.class.getName());

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    @Any
    Instance<OutboxHandler> handlers;

    @Inject
    @ConfigProperty(name = "chat.outbox.batch-size", defaultValue = "200")
    int batchSize;

    public record Event(long id, UUID tenantId, String kind, UUID aggregateId, int attempts) {
    }

    /** How many events one batch takes at most. */
    public int batchSize() {
        return batchSize;
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
        Map<String, List<Event>> byKind = events.stream().collect(Collectors.groupingBy(Event::kind, LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<String, List<Event>> group : byKind.entrySet()) {
            List<Event> batch = group.getValue();
            try {
                handlerFor(group.getKey()).handle(batch);
                em.createNativeQuery("delete from outbox_event where id in (" + ids(batch) + ")").executeUpdate();
            } catch (RuntimeException failure) {
                reschedule(batch, failure);
            }
        }
        return events.size();
    }

    private OutboxHandler handlerFor(String kind) {
        for (OutboxHandler handler : handlers) {
            if (handler.kind().equals(kind)) {
                return handler;
            }
        }
        throw new IllegalStateException("No outbox handler for kind " + kind + "; the events are kept until one is deployed");
    }

    /** Keeps the events, counts the attempt and retries later with exponential backoff (at most a minute). */
    private void reschedule(List<Event> batch, RuntimeException failure) {
        int attempts = batch.stream().mapToInt(Event::attempts).max().orElse(0) + 1;
        long backoffMillis = Math.min(60_000L, 500L * (1L << Math.min(attempts, 7)));
        LOG.log(Level.WARNING, "Outbox batch of " + batch.size() + " " + batch.get(0).kind() + " events failed (attempt "
                + attempts + "), retrying in " + backoffMillis + " ms: " + failure);
        em.createNativeQuery("update outbox_event set attempts = attempts + 1, last_error = ?1, "
                        + "next_attempt_at = now() + (?2 * interval '1 millisecond') where id in (" + ids(batch) + ")")
                .setParameter(1, String.valueOf(failure.getMessage()))
                .setParameter(2, backoffMillis)
                .executeUpdate();
    }

    private static String ids(List<Event> batch) {
        return batch.stream().map(e -> Long.toString(e.id())).collect(Collectors.joining(","));
    }

    /** Events waiting to be processed (a health and lag figure). */
    public long pending() {
        return ((Number) em.createNativeQuery("select count(*) from outbox_event").getSingleResult()).longValue();
    }

}
