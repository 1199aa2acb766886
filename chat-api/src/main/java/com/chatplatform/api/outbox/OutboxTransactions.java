package com.chatplatform.api.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The outbox's transactions (ADR 0016), each of its own: running one kind's handler with the removal of its events,
 * and recording a failed attempt. {@link OutboxProcessor} claims the events and drives them.
 */
@ApplicationScoped
class OutboxTransactions {
    private static final Logger LOG = Logger.getLogger(OutboxTransactions.class.getName());

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    /**
     * Runs the handler on a batch of one kind and removes the events, in one transaction. When the handler throws, what
     * it wrote is kept and the attempt is recorded in the same transaction (e.g. a scan recorded as failed).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    void run(OutboxHandler handler, List<OutboxProcessor.Event> batch) {
        try {
            handler.handle(batch);
            em.createNativeQuery("delete from outbox_event where id in (" + ids(batch) + ")").executeUpdate();
        } catch (RuntimeException failure) {
            retryLater(batch, failure);
        }
    }

    /** Records a failed attempt in a transaction of its own: for a batch whose handler's transaction could not commit. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    void reschedule(List<OutboxProcessor.Event> batch, RuntimeException failure) {
        retryLater(batch, failure);
    }

    /** Keeps the events, counts the attempt and retries later with exponential backoff (at most a minute). */
    private void retryLater(List<OutboxProcessor.Event> batch, RuntimeException failure) {
        int attempts = batch.stream().mapToInt(OutboxProcessor.Event::attempts).max().orElse(0) + 1;
        long backoffMillis = Math.min(60_000L, 500L * (1L << Math.min(attempts, 7)));
        LOG.log(Level.WARNING, "Outbox batch of " + batch.size() + " " + batch.get(0).kind() + " events failed (attempt "
                + attempts + "), retrying in " + backoffMillis + " ms: " + failure);
        em.createNativeQuery("update outbox_event set attempts = attempts + 1, last_error = ?1, "
                        + "next_attempt_at = now() + (?2 * interval '1 millisecond') where id in (" + ids(batch) + ")")
                .setParameter(1, String.valueOf(failure.getMessage()))
                .setParameter(2, backoffMillis)
                .executeUpdate();
    }

    private static String ids(List<OutboxProcessor.Event> batch) {
        return batch.stream().map(e -> Long.toString(e.id())).collect(Collectors.joining(","));
    }
}
