package com.chatplatform.api.search;

import static com.chatplatform.api.platform.NativeRows.uuid;

import com.chatplatform.api.outbox.Outbox;
import com.chatplatform.search.SearchUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Brings new messages into the search index in commit order, from the message table itself (ADR 0015): no outbox row
 * per message. Each batch reads the messages past the watermark in {@code (created_xid, id)} order, only below
 * {@code pg_snapshot_xmin(pg_current_snapshot())}, the oldest transaction still running: every message below that
 * horizon is committed or rolled back for good, so one whose transaction commits late is indexed when the horizon
 * passes it, never skipped (the horizon AnalyticsRollups uses). The watermark row is locked first, so feeds on two
 * nodes take turns, and it moves only in the transaction that wrote the batch to the index:
 * <ul>
 *   <li>Elasticsearch unreachable or the whole request failing: the transaction rolls back, the watermark stays, the
 *   batch is read again at the next poll (nothing is skipped; everything behind it waits, as it would in the outbox);
 *   <li>any other failure (documents the index rejected, a message that cannot be made a document): the batch's
 *   messages get an outbox entry each ({@link Outbox#MESSAGE_CHANGED}, retried with backoff, the error recorded) and
 *   the watermark moves on, so one document the index rejects never holds up the others.
 * </ul>
 * Edits, deletes and moderation still reach the index through the outbox. Either may index a message first: the
 * message version is the documents' external version, so the older write loses.
 */
@ApplicationScoped
public class SearchFeed {
    private static final Logger LOG = Logger.getLogger(SearchFeed.class.getName());

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    SearchDocuments documents;
    @Inject
    SearchGateway search;
    @Inject
    Outbox outbox;

    @Inject
    @ConfigProperty(name = "chat.search.feed.batch-size", defaultValue = "500")
    int batchSize;

    private volatile long lastChecked;

    /** How many messages one batch reads at most. */
    public int batchSize() {
        return batchSize;
    }

    /** Indexes the next batch of new messages; returns how many it read (0 when the index has caught up). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int indexBatch() {
        // The watermark goes into the batch query as constants: a row comparison with constants is a range scan of
        // message_analytics_order (see AnalyticsRollups).
        Object[] watermark = (Object[]) em.createNativeQuery("select last_xid::text, last_message_id::text from search_watermark "
                + "where id = 1 for update").getSingleResult();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, created_xid::text, tenant_id from message "
                        + "where (created_xid, id) > (cast(?1 as xid8), cast(?2 as uuid)) "
                        + "and created_xid < pg_snapshot_xmin(pg_current_snapshot()) order by created_xid, id limit ?3")
                .setParameter(1, watermark[0]).setParameter(2, watermark[1]).setParameter(3, batchSize).getResultList();
        if (rows.isEmpty()) {
            warnIfAhead(watermark[0]);
            return 0;
        }
        List<UUID> ids = rows.stream().map(r -> uuid(r[0])).toList();
        try {
            List<SearchDocuments.Current> current = documents.load(ids);
            search.apply(SearchDocuments.writes(current), SearchDocuments.deletes(current));
        } catch (SearchUnavailableException down) {
            throw down; // rolled back: the same batch is read again at the next poll
        } catch (RuntimeException failed) {
            handOver(rows, failed);
        }
        Object[] last = rows.get(rows.size() - 1);
        em.createNativeQuery("update search_watermark set last_xid = cast(?1 as xid8), last_message_id = cast(?2 as uuid), "
                + "updated_at = now() where id = 1").setParameter(1, last[1]).setParameter(2, uuid(last[0]).toString()).executeUpdate();
        return rows.size();
    }

    /**
     * Waits until a batch in flight has committed, and holds the next one back until the caller's transaction ends
     * (the watermark row's lock). Tenant deletion calls it before deleting the tenant's documents: a batch may have read
     * the tenant's messages before their rows were deleted and would write their documents after; batches that start
     * later cannot see the rows any more.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void awaitBatchInFlight() {
        em.createNativeQuery("select id from search_watermark where id = 1 for update").getResultList();
    }

    /**
     * A watermark ahead of the transaction counter means the database was restored into a new cluster (pg_dump and
     * restore, logical replication), whose transaction ids start lower: every new message would sort below it and never
     * be indexed. Checked at most once a minute while idle, and said loudly; the way out is in docs/operations.md (reset
     * the watermark, reindex).
     */
    private void warnIfAhead(Object lastXid) {
        long now = System.currentTimeMillis();
        if (now - lastChecked < 60_000) {
            return;
        }
        lastChecked = now;
        Object ahead = em.createNativeQuery("select cast(?1 as xid8) >= pg_current_xact_id()").setParameter(1, lastXid).getSingleResult();
        if (Boolean.TRUE.equals(ahead)) {
            LOG.severe(() -> "The search watermark (transaction " + lastXid + ") is ahead of this database's transaction ids: new "
                    + "messages are not being indexed. Was the database restored into a new cluster? See docs/operations.md.");
        }
    }

    /**
     * A batch that failed other than by Elasticsearch being unreachable (documents the index rejected, a message that
     * cannot be made a document): all its messages go to the outbox, which retries each batch with backoff and records
     * the error, and the feed moves on. All of them, not only the rejected ones: the bulk stops before the index a
     * full reindex is filling gets the accepted ones (SearchGateway#apply), and the outbox writes both. A database
     * error leaves the transaction unusable; then this fails too and the batch is read again at the next poll.
     */
    private void handOver(List<Object[]> rows, RuntimeException failed) {
        LOG.log(Level.WARNING, rows.size() + " new messages were not indexed; they are retried through the outbox", failed);
        rows.forEach(r -> outbox.add(uuid(r[2]), Outbox.MESSAGE_CHANGED, uuid(r[0])));
    }
}
