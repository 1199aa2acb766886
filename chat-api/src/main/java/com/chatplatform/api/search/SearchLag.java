package com.chatplatform.api.search;

import com.chatplatform.api.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Index lag: how many message changes wait for the search index (new messages past {@link SearchFeed}'s watermark and
 * changes in the outbox), and how old the oldest one is.
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
                    .withDescription("Message changes waiting to be written to the search index (new messages and outbox entries)").build(),
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

    private int failures;

    /** Reads the lag from PostgreSQL (SearchLagJob, once a second); on an error the last figures stay. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void refresh() {
        try {
            Object[] changes = (Object[]) em.createNativeQuery("select count(*), extract(epoch from (now() - min(created_at))) "
                    + "from outbox_event where kind = ?1").setParameter(1, Outbox.MESSAGE_CHANGED).getSingleResult();
            // new messages past the feed's watermark (ADR 0015); the first in commit order is taken as the oldest
            Object[] watermark = (Object[]) em.createNativeQuery("select last_xid::text, last_message_id::text from search_watermark "
                    + "where id = 1").getSingleResult();
            Object[] fresh = (Object[]) em.createNativeQuery("select count(*), extract(epoch from (now() - (select created_at from message "
                            + "where (created_xid, id) > (cast(?1 as xid8), cast(?2 as uuid)) order by created_xid, id limit 1))) "
                            + "from message where (created_xid, id) > (cast(?1 as xid8), cast(?2 as uuid))")
                    .setParameter(1, watermark[0]).setParameter(2, watermark[1]).getSingleResult();
            double age = Math.max(seconds(changes[1]), seconds(fresh[1]));
            cached = new Lag(((Number) changes[0]).longValue() + ((Number) fresh[0]).longValue(), Math.max(0, age));
        } catch (RuntimeException e) {
            if (failures++ % 60 == 0) {
                LOG.log(Level.WARNING, "Search lag not read (logged once a minute while it fails)", e);
            }
        }
    }

    private static double seconds(Object value) {
        return value == null ? 0 : ((Number) value).doubleValue();
    }
}
