package com.chatplatform.api.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Consumes due outbox events in batches, each kind by its {@link OutboxHandler} (ADR 0016). A batch is claimed by a
 * lease in a short transaction of its own ({@code chat.outbox.lease-seconds}, rows another node is claiming are
 * skipped), so several nodes can run it at once and no transaction stays open while handlers work (an open
 * transaction would hold back the search feed's and analytics' horizon on every node). Each kind's batch then runs in
 * a transaction of its own: it either succeeds (its events removed in that transaction) or is rescheduled with
 * exponential backoff (events kept, attempts counted, error recorded). A node that dies while handling leaves its
 * events to be claimed again when their lease ends. Handlers are idempotent, so a redelivery is harmless.
 */
@ApplicationScoped
public class OutboxProcessor {
    @Inject
    @Any
    Instance<OutboxHandler> handlers;

    @Inject
    OutboxTransactions transactions;

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    @ConfigProperty(name = "chat.outbox.batch-size", defaultValue = "200")
    int batchSize;

    @Inject
    @ConfigProperty(name = "chat.outbox.lease-seconds", defaultValue = "300")
    long leaseSeconds;

    public record Event(long id, UUID tenantId, String kind, UUID aggregateId, int attempts) {
    }

    /** How many events one batch takes at most. */
    public int batchSize() {
        return batchSize;
    }

    /** Processes one batch; returns how many events it handled (0 when none were due). */
    public int processBatch() {
        List<Event> events = transactions.claim(batchSize, leaseSeconds);
        Map<String, List<Event>> byKind = events.stream().collect(Collectors.groupingBy(Event::kind, LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<String, List<Event>> group : byKind.entrySet()) {
            List<Event> batch = group.getValue();
            try {
                transactions.run(handlerFor(group.getKey()), batch);
            } catch (RuntimeException failure) {
                // No handler for the kind, or the handler's transaction could not commit (marked rollback-only by a
                // transactional call that threw, a lost connection): nothing of it stands; the attempt is recorded.
                transactions.reschedule(batch, failure);
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

    /** Events waiting to be processed (a health and lag figure). */
    public long pending() {
        return ((Number) em.createNativeQuery("select count(*) from outbox_event").getSingleResult()).longValue();
    }

}
