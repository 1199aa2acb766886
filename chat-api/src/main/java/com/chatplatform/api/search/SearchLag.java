package com.chatplatform.api.search;

import com.chatplatform.api.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Index lag: how many message changes wait in the outbox for the search index, and how old the oldest one is.
 * Published as the application gauges {@code chat_search_outbox_pending} and {@code chat_search_index_lag_seconds}
 * (GET /metrics) and in the details of the "search" readiness check. {@link SearchLagJob} reads it from PostgreSQL
 * once a second; the gauges and the health check only read that figure (they run outside the application's context,
 * where the persistence unit cannot be reached).
 */
@ApplicationScoped
public class SearchLag {
    private static final Logger LOG = Logger.getLogger(SearchLag.class.getName());

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    /** Pending items and the age in seconds of the oldest (0 when none). */
    public record Lag(long pending, double oldestAgeSeconds) {
    }

    private volatile Lag cached = new Lag(0, 0);

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        try {
            registry.gauge(Metadata.builder().withName("chat.search.outbox.pending")
                    .withDescription("Message changes waiting in the outbox to be written to the search index").build(),
                    this, s -> s.current().pending());
            registry.gauge(Metadata.builder().withName("chat.search.index.lag.seconds").withUnit(MetricUnits.NONE)
                    .withDescription("Age of the oldest message change not yet written to the search index (0 when none)").build(),
                    this, s -> s.current().oldestAgeSeconds());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Search lag gauges not registered", e);
        }
    }

    /** The lag as last read (at most about a second old). */
    public Lag current() {
        return cached;
    }

    /** Reads the lag from PostgreSQL (SearchLagJob, once a second); on an error the last figures stay. */
    public void refresh() {
        try {
            Object[] row = (Object[]) em.createNativeQuery("select count(*), coalesce(extract(epoch from (now() - min(created_at))), 0) "
                    + "from outbox_event where kind = ?1").setParameter(1, Outbox.MESSAGE_CHANGED).getSingleResult();
            cached = new Lag(((Number) row[0]).longValue(), Math.max(0, ((Number) row[1]).doubleValue()));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Search lag not read", e);
        }
    }
}
