package com.chatplatform.api.tenant;

import static com.chatplatform.api.platform.JsonSupport.JSON;

import com.chatplatform.api.audit.Actor;
import com.chatplatform.api.audit.AuditLog;
import com.chatplatform.api.media.MediaStorage;
import com.chatplatform.api.outbox.Outbox;
import com.chatplatform.api.outbox.OutboxHandler;
import com.chatplatform.api.outbox.OutboxProcessor;
import com.chatplatform.api.search.SearchFeed;
import com.chatplatform.api.search.SearchGateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The {@code tenant.delete} outbox job: removes everything a deleted tenant owned, one bounded step per outbox
 * event, recording its progress on the tenant row and enqueueing the next step in the same transaction, so it
 * survives restarts and is idempotent (a step repeated after a crash finds less to delete).
 *
 * <ol>
 * <li>{@code database}: every row with the tenant's tenant_id in every table that has that column (found in
 *     information_schema, so new tables are covered), children before parents by their foreign keys, at most
 *     {@value #ROWS_PER_STEP} rows per step. audit_event is kept (append-only by trigger); the tenant row stays
 *     as a tombstone, so its id is never reused.</li>
 * <li>{@code search}: the tenant's Elasticsearch documents (routed by tenant), {@value #DOCS_PER_STEP} per step.</li>
 * <li>{@code storage}: every S3 object under {@code tenants/<id>/}, 1,000 per step.</li>
 * </ol>
 * Then the tenant becomes {@code deleted} and the audit log gets {@code tenant.deleted} with the counts per store.
 * Database rows go first so nothing (pending outbox events, media processing) writes new documents or files
 * for the tenant afterwards.
 */
@ApplicationScoped
public class TenantDeletionJob implements OutboxHandler {
    public static final String KIND = "tenant.delete";
    public static final String DELETED = "tenant.deleted";
    static final int ROWS_PER_STEP = 5000;
    static final int DOCS_PER_STEP = 1000;
    /** Kept when the tenant's other rows go: append-only audit entries outlive their tenant. */
    static final Set<String> KEPT_TABLES = Set.of("audit_event");
    private static final Logger LOG = Logger.getLogger(TenantDeletionJob.class.getName());

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    Outbox outbox;
    @Inject
    SearchGateway search;
    @Inject
    SearchFeed feed;
    @Inject
    MediaStorage storage;
    @Inject
    AuditLog audit;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void handle(List<OutboxProcessor.Event> events) {
        for (UUID tenantId : events.stream().map(OutboxProcessor.Event::aggregateId).distinct().toList()) {
            step(tenantId);
        }
    }

    private void step(UUID tenantId) {
        List<?> status = em.createNativeQuery("select status, cast(deletion_progress as text) from tenant where id = ?1 for update")
                .setParameter(1, tenantId).getResultList();
        if (status.isEmpty() || !Tenant.DELETING.equals(((Object[]) status.get(0))[0])) {
            return; // already finished (a repeated event) or never confirmed
        }
        Progress progress = Progress.parse((String) ((Object[]) status.get(0))[1]);
        switch (progress.phase) {
            case "database" -> {
                if (deleteRows(tenantId, progress)) {
                    progress.phase = "search";
                }
            }
            case "search" -> {
                if (progress.searchDocuments == 0) {
                    feed.awaitBatchInFlight(); // it may hold this tenant's documents, read before the database phase
                }
                int n = search.deleteTenantBatch(tenantId, DOCS_PER_STEP);
                progress.searchDocuments += n;
                if (n == 0) {
                    progress.phase = "storage";
                }
            }
            case "storage" -> {
                MediaStorage.Removed removed = storage.deleteBatchUnder("tenants/" + tenantId + "/");
                progress.storageObjects += removed.objects();
                progress.storageBytes += removed.bytes();
                if (removed.objects() == 0) {
                    progress.phase = "done";
                }
            }
            default -> progress.phase = "done";
        }
        if ("done".equals(progress.phase)) {
            em.createNativeQuery("update tenant set status = 'deleted', deleted_at = now(), deletion_progress = cast(?1 as jsonb) where id = ?2")
                    .setParameter(1, progress.toJson()).setParameter(2, tenantId).executeUpdate();
            audit.success(new Actor("system", KIND), tenantId, DELETED, "tenant", tenantId, progress.toJsonObject());
            LOG.info(() -> "Tenant " + tenantId + " deleted: " + progress.toJson());
        } else {
            em.createNativeQuery("update tenant set deletion_progress = cast(?1 as jsonb) where id = ?2")
                    .setParameter(1, progress.toJson()).setParameter(2, tenantId).executeUpdate();
            outbox.add(null, KIND, tenantId);
        }
    }

    /** Deletes up to ROWS_PER_STEP rows, children first; true when no row of the tenant is left. */
    private boolean deleteRows(UUID tenantId, Progress progress) {
        int budget = ROWS_PER_STEP;
        for (String table : tablesInDeletionOrder()) {
            boolean whole = selfReferencing.contains(table);
            String sql = whole
                    ? "delete from \"" + table + "\" where tenant_id = ?1" // a batch could cut a chain of references
                    : "delete from \"" + table + "\" where ctid in (select ctid from \"" + table + "\" where tenant_id = ?1 limit ?2)";
            var query = em.createNativeQuery(sql).setParameter(1, tenantId);
            if (!whole) {
                query.setParameter(2, budget);
            }
            int n = query.executeUpdate();
            progress.rows.merge(table, (long) n, Long::sum);
            budget -= n;
            if (budget <= 0) {
                return false;
            }
        }
        return true;
    }

    private final Set<String> selfReferencing = new HashSet<>();

    /** Every table with a tenant_id column except the kept ones, each before the tables it references. */
    List<String> tablesInDeletionOrder() {
        @SuppressWarnings("unchecked")
        List<String> tables = em.createNativeQuery("select c.table_name from information_schema.columns c "
                + "join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name "
                + "where c.table_schema = current_schema() and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE' "
                + "order by 1").getResultList();
        tables = new ArrayList<>(tables);
        tables.removeAll(KEPT_TABLES);
        @SuppressWarnings("unchecked")
        List<Object[]> fks = em.createNativeQuery("select cl.relname, pa.relname from pg_constraint k "
                + "join pg_class cl on cl.oid = k.conrelid join pg_class pa on pa.oid = k.confrelid "
                + "join pg_namespace n on n.oid = k.connamespace where k.contype = 'f' and n.nspname = current_schema()").getResultList();
        Map<String, Set<String>> referencedBy = new HashMap<>(); // parent -> children
        Map<String, Integer> children = new HashMap<>();
        Set<String> selfRefs = new HashSet<>();
        for (Object[] fk : fks) {
            String child = (String) fk[0];
            String parent = (String) fk[1];
            if (!tables.contains(child) || !tables.contains(parent)) {
                continue;
            }
            if (child.equals(parent)) {
                selfRefs.add(child);
                continue;
            }
            if (referencedBy.computeIfAbsent(parent, k -> new HashSet<>()).add(child)) {
                children.merge(parent, 1, Integer::sum);
            }
        }
        synchronized (selfReferencing) {
            selfReferencing.clear();
            selfReferencing.addAll(selfRefs);
        }
        // Kahn's algorithm on "parent waits for its children": tables nobody references go first.
        Map<String, Set<String>> parentsOf = new HashMap<>();
        referencedBy.forEach((parent, kids) -> kids.forEach(kid -> parentsOf.computeIfAbsent(kid, k -> new HashSet<>()).add(parent)));
        Deque<String> ready = new ArrayDeque<>();
        for (String t : tables) {
            if (children.getOrDefault(t, 0) == 0) {
                ready.add(t);
            }
        }
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String t = ready.poll();
            order.add(t);
            for (String parent : parentsOf.getOrDefault(t, Set.of())) {
                if (children.merge(parent, -1, Integer::sum) == 0) {
                    ready.add(parent);
                }
            }
        }
        for (String t : tables) { // a cycle of foreign keys: keep the rest in name order (a failure is retried)
            if (!order.contains(t)) {
                order.add(t);
            }
        }
        return order;
    }

    /** The job's state, kept as JSON in tenant.deletion_progress. */
    static final class Progress {
        String phase = "database";
        final Map<String, Long> rows = new LinkedHashMap<>();
        long searchDocuments;
        long storageObjects;
        long storageBytes;

        static Progress start() {
            return new Progress();
        }

        static Progress parse(String json) {
            Progress p = new Progress();
            if (json == null || json.isBlank()) {
                return p;
            }
            try (var reader = JSON.createReader(new StringReader(json))) {
                JsonObject o = reader.readObject();
                p.phase = o.getString("phase", "database");
                JsonObject rows = o.getJsonObject("rows");
                if (rows != null) {
                    rows.forEach((k, v) -> p.rows.put(k, ((JsonNumber) v).longValue()));
                }
                p.searchDocuments = o.getJsonNumber("searchDocuments") == null ? 0 : o.getJsonNumber("searchDocuments").longValue();
                p.storageObjects = o.getJsonNumber("storageObjects") == null ? 0 : o.getJsonNumber("storageObjects").longValue();
                p.storageBytes = o.getJsonNumber("storageBytes") == null ? 0 : o.getJsonNumber("storageBytes").longValue();
            }
            return p;
        }

        JsonObject toJsonObject() {
            JsonObjectBuilder rowsJson = JSON.createObjectBuilder();
            rows.forEach(rowsJson::add);
            long total = rows.values().stream().mapToLong(Long::longValue).sum();
            return JSON.createObjectBuilder().add("phase", phase).add("rows", rowsJson).add("databaseRows", total)
                    .add("searchDocuments", searchDocuments).add("storageObjects", storageObjects)
                    .add("storageBytes", storageBytes).build();
        }

        String toJson() {
            return toJsonObject().toString();
        }
    }
}
