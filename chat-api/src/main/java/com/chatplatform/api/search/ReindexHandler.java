package com.chatplatform.api.search;

import static com.chatplatform.api.platform.NativeRows.uuid;
import com.chatplatform.api.outbox.Outbox;
import com.chatplatform.api.outbox.OutboxHandler;
import com.chatplatform.api.outbox.OutboxProcessor;
import com.chatplatform.search.message.DocumentRef;
import com.chatplatform.search.message.MessageDocument;
import com.chatplatform.search.message.MessageSearcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs reindex jobs one step per outbox event; each step does its Elasticsearch work first and then records its
 * progress and enqueues the next step in the outbox handler's transaction, so a failed step (Elasticsearch down) changes
 * nothing and is retried with the outbox's backoff, and a crash resumes at the last recorded step.
 * <p>
 * Whole index: create {@code <prefix>-messages-v1-<suffix>} from the mapping resource behind the reindex alias (own
 * step, committed before any copy, so every later live write sees it), copy all messages in id order in
 * batches with external versions while live writes go to both indices ({@link SearchIndexing}), then switch the read
 * and write aliases atomically and delete the old index. One tenant: re-put all its messages through the write alias
 * ({@code external_gte}), then page through its indexed documents and delete those that no longer exist (or are
 * deleted) in PostgreSQL.
 */
@ApplicationScoped
public class ReindexHandler implements OutboxHandler {
    private static final Logger LOG = Logger.getLogger(ReindexHandler.class.getName());
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    SearchGateway search;
    @Inject
    SearchDocuments searchDocuments;
    @Inject
    Outbox outbox;

    @Inject
    @ConfigProperty(name = "chat.search.reindex.batch-size", defaultValue = "500")
    int batchSize;

    @Override
    public String kind() {
        return ReindexService.KIND;
    }

    @Override
    public void handle(List<OutboxProcessor.Event> events) {
        for (OutboxProcessor.Event event : new LinkedHashSet<>(events)) {
            step(event.aggregateId());
        }
    }

    private record State(UUID id, UUID tenantId, String status, String phase, String targetIndex, UUID afterMessage,
                         String afterDocument) {
    }

    private void step(UUID jobId) {
        List<Object[]> rows = em.createNativeQuery("select id, tenant_id, status, phase, target_index, after_message_id, "
                + "after_document from search_reindex_job where id = ?1 for update").setParameter(1, jobId).getResultList();
        if (rows.isEmpty()) {
            return;
        }
        Object[] r = rows.get(0);
        State job = new State(uuid(r[0]), r[1] == null ? null : uuid(r[1]), (String) r[2], (String) r[3], (String) r[4],
                r[5] == null ? null : uuid(r[5]), (String) r[6]);
        if (!"running".equals(job.status())) {
            return;
        }
        if (job.tenantId() == null) {
            wholeIndexStep(job);
        } else {
            tenantStep(job);
        }
    }

    private void wholeIndexStep(State job) {
        switch (job.phase()) {
            case "copy" -> {
                if (job.targetIndex() == null) {
                    String target = search.names().versionedIndex(SUFFIX.format(java.time.Instant.now())
                            + job.id().toString().substring(0, 8));
                    search.createReindexTarget(target);
                    update(job.id(), "target_index = ?2", target);
                    next(job);
                    return;
                }
                search.createReindexTarget(job.targetIndex()); // idempotent: the alias is back after a restart
                List<Object[]> batch = em.createNativeQuery("select tenant_id, id from message where not deleted and kind = 'user' "
                                + "and id > cast(?1 as uuid) order by id limit ?2")
                        .setParameter(1, job.afterMessage() == null ? new UUID(0, 0).toString() : job.afterMessage().toString())
                        .setParameter(2, batchSize).getResultList();
                Map<UUID, List<UUID>> byTenant = new LinkedHashMap<>();
                for (Object[] row : batch) {
                    byTenant.computeIfAbsent(uuid(row[0]), k -> new ArrayList<>()).add(uuid(row[1]));
                }
                search.applyToReindexTarget(documents(byTenant), List.of());
                if (!batch.isEmpty()) {
                    em.createNativeQuery("update search_reindex_job set after_message_id = ?2, processed = processed + ?3, "
                                    + "updated_at = now() where id = ?1")
                            .setParameter(1, job.id()).setParameter(2, uuid(batch.get(batch.size() - 1)[1]))
                            .setParameter(3, batch.size()).executeUpdate();
                }
                if (batch.size() < batchSize) {
                    update(job.id(), "phase = 'switch'", null);
                }
                next(job);
            }
            case "switch" -> {
                String old = search.switchTo(job.targetIndex());
                LOG.info(() -> "Reindex " + job.id() + ": aliases now on " + job.targetIndex() + (old == null ? "" : ", removed " + old));
                finish(job.id());
            }
            default -> finish(job.id());
        }
    }

    private void tenantStep(State job) {
        String tenant = job.tenantId().toString();
        switch (job.phase()) {
            case "copy" -> {
                List<?> ids = em.createNativeQuery("select id from message where tenant_id = ?1 and not deleted and kind = 'user' "
                                + "and id > cast(?2 as uuid) order by id limit ?3")
                        .setParameter(1, job.tenantId())
                        .setParameter(2, job.afterMessage() == null ? new UUID(0, 0).toString() : job.afterMessage().toString())
                        .setParameter(3, batchSize).getResultList();
                List<UUID> batch = ids.stream().map(id -> uuid(id)).toList();
                search.reput(documents(Map.of(job.tenantId(), batch)));
                if (!batch.isEmpty()) {
                    em.createNativeQuery("update search_reindex_job set after_message_id = ?2, processed = processed + ?3, "
                                    + "updated_at = now() where id = ?1")
                            .setParameter(1, job.id()).setParameter(2, batch.get(batch.size() - 1)).setParameter(3, batch.size())
                            .executeUpdate();
                }
                if (batch.size() < batchSize) {
                    update(job.id(), "phase = 'cleanup'", null);
                }
                next(job);
            }
            case "cleanup" -> {
                List<MessageSearcher.IndexedRef> indexed = search.scanTenant(tenant, job.afterDocument(), batchSize);
                Set<UUID> live = live(job.tenantId(), indexed);
                List<DocumentRef> gone = new ArrayList<>();
                for (MessageSearcher.IndexedRef ref : indexed) {
                    UUID id = parse(ref.messageId());
                    if (id == null || !live.contains(id)) {
                        gone.add(new DocumentRef(tenant, ref.messageId(), ref.version() + 1));
                    }
                }
                search.apply(List.of(), gone);
                if (!indexed.isEmpty()) {
                    em.createNativeQuery("update search_reindex_job set after_document = ?2, removed = removed + ?3, "
                                    + "updated_at = now() where id = ?1")
                            .setParameter(1, job.id()).setParameter(2, indexed.get(indexed.size() - 1).messageId())
                            .setParameter(3, gone.size()).executeUpdate();
                }
                if (indexed.size() < batchSize) {
                    finish(job.id());
                } else {
                    next(job);
                }
            }
            default -> finish(job.id());
        }
    }

    /** Current documents of the messages (deleted ones are skipped). */
    private List<MessageDocument> documents(Map<UUID, List<UUID>> idsByTenant) {
        Map<UUID, UUID> tenantById = new LinkedHashMap<>();
        idsByTenant.forEach((tenantId, ids) -> ids.forEach(id -> tenantById.put(id, tenantId)));
        return SearchDocuments.writes(searchDocuments.load(tenantById));
    }

    private Set<UUID> live(UUID tenantId, List<MessageSearcher.IndexedRef> indexed) {
        List<UUID> ids = new ArrayList<>();
        for (MessageSearcher.IndexedRef ref : indexed) {
            UUID id = parse(ref.messageId());
            if (id != null) {
                ids.add(id);
            }
        }
        if (ids.isEmpty()) {
            return Set.of();
        }
        Map<UUID, UUID> tenantById = new LinkedHashMap<>();
        ids.forEach(id -> tenantById.put(id, tenantId));
        Set<UUID> found = new HashSet<>();
        searchDocuments.load(tenantById).stream().filter(c -> !c.deleted()).forEach(c -> found.add(c.id()));
        return found;
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void update(UUID id, String set, String value) {
        var q = em.createNativeQuery("update search_reindex_job set " + set + ", updated_at = now() where id = ?1").setParameter(1, id);
        if (value != null) {
            q.setParameter(2, value);
        }
        q.executeUpdate();
    }

    private void finish(UUID id) {
        em.createNativeQuery("update search_reindex_job set status = 'done', phase = 'finished', finished_at = now(), "
                + "updated_at = now() where id = ?1").setParameter(1, id).executeUpdate();
    }

    private void next(State job) {
        outbox.add(job.tenantId(), ReindexService.KIND, job.id());
    }
}
