package com.chatplatform.api.outbox;

import static com.chatplatform.api.platform.NativeRows.uuid;

import com.chatplatform.api.platform.RowSecurity;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Consumes due outbox events in batches, each kind by its {@link OutboxHandler} (ADR 0016). A batch is claimed with a
 * session-level advisory lock per event, taken on a connection of its own outside any transaction and released when
 * the batch is done: another node skips the events while this one handles them, no transaction stays open while
 * handlers work (an open transaction with a transaction id would hold back the search feed's and analytics' horizon
 * on every node), and a node that dies loses its locks with its connection, so the events are free again at once.
 * Each kind's batch then runs in a transaction of its own: it either succeeds (its events removed in that
 * transaction) or is rescheduled with exponential backoff (events kept, attempts counted, error recorded). Handlers
 * are idempotent, so a redelivery is harmless (a node can read an event another has just finished).
 */
@ApplicationScoped
public class OutboxProcessor {
    /** The first key of the outbox's advisory locks (the second is the event id's low 31 bits). */
    private static final int LOCK_SPACE = 0x4f555458; // "OUTX"

    @Inject
    @Any
    Instance<OutboxHandler> handlers;

    @Inject
    OutboxTransactions transactions;

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Resource(lookup = "java:app/jdbc/chat")
    DataSource dataSource;

    @Inject
    @ConfigProperty(name = "chat.outbox.batch-size", defaultValue = "200")
    int batchSize;

    public record Event(long id, UUID tenantId, String kind, UUID aggregateId, int attempts) {
    }

    /** How many events one batch takes at most. */
    public int batchSize() {
        return batchSize;
    }

    /** Processes one batch; returns how many events it handled (0 when none were due). Call outside any transaction. */
    public int processBatch() {
        try (Connection session = dataSource.getConnection()) {
            RowSecurity.set(session, "", "system"); // the claim reads every tenant's events
            try {
                List<Event> events = claim(session);
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
            } finally {
                try (Statement s = session.createStatement()) {
                    s.execute("select pg_advisory_unlock_all()");
                }
                RowSecurity.set(session, "", ""); // the pool's next user starts in no scope
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The outbox could not claim its events", e);
        }
    }

    /**
     * Due events whose advisory lock this session got, in id order. The lock is tried only on rows that are due; a plan
     * that tries it on more rows than the limit returns (a sort) holds those too until the batch ends, which only makes
     * other nodes skip them for that long.
     */
    private List<Event> claim(Connection session) throws SQLException {
        List<Event> events = new ArrayList<>();
        try (PreparedStatement ps = session.prepareStatement("select id, tenant_id, kind, aggregate_id, attempts from outbox_event "
                + "where next_attempt_at <= now() and pg_try_advisory_lock(?, (id & 2147483647)::int) order by id limit ?")) {
            ps.setInt(1, LOCK_SPACE);
            ps.setInt(2, batchSize);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(new Event(rs.getLong(1), rs.getObject(2) == null ? null : uuid(rs.getObject(2)), rs.getString(3),
                            uuid(rs.getObject(4)), rs.getInt(5)));
                }
            }
        }
        return events;
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
