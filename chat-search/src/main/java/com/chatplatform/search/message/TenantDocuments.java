package com.chatplatform.search.message;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Removes every document of one tenant (tenant deletion), in bounded batches so the caller can make progress
 * resumably: each call finds at most {@code max} of the tenant's documents (routed by tenant, term filter on
 * the tenant id), bulk-deletes them and waits for the refresh, so the next call sees only what is left. This is
 * delete-by-query done by hand: the reindex module (_delete_by_query) is absent from the development node
 * (ADR 0004), and a hand-made loop is resumable anyway. Idempotent.
 */
public final class TenantDocuments {
    private final ElasticsearchClient client;
    private final SearchIndexNames names;

    public TenantDocuments(ElasticsearchClient client, SearchIndexNames names) {
        this.client = Objects.requireNonNull(client, "client");
        this.names = Objects.requireNonNull(names, "names");
    }

    /** How many documents the tenant has in the index. */
    public long count(String tenantId) {
        MessageDocument.requireId(tenantId, "tenantId");
        try {
            return client.count(c -> c.index(names.readAlias()).routing(tenantId)
                    .query(q -> q.term(t -> t.field(MessageFields.TENANT_ID).value(tenantId)))).count();
        } catch (IOException | RuntimeException e) {
            throw SearchErrors.unavailable("count of a tenant's documents", e);
        }
    }

    /**
     * Deletes up to {@code max} of the tenant's documents; returns how many were deleted (0: none are left).
     *
     * @throws com.chatplatform.search.SearchUnavailableException Elasticsearch unreachable or the request failed (retryable)
     */
    public int deleteBatch(String tenantId, int max) {
        MessageDocument.requireId(tenantId, "tenantId");
        List<Hit<Void>> hits;
        try {
            SearchResponse<Void> found = client.search(s -> s.index(names.readAlias()).routing(tenantId)
                    .query(q -> q.term(t -> t.field(MessageFields.TENANT_ID).value(tenantId)))
                    .size(max).source(src -> src.fetch(false)), Void.class);
            hits = found.hits().hits();
        } catch (IOException | RuntimeException e) {
            throw SearchErrors.unavailable("search of a tenant's documents", e);
        }
        if (hits.isEmpty()) {
            return 0;
        }
        List<BulkOperation> deletes = new ArrayList<>(hits.size());
        for (Hit<Void> hit : hits) {
            deletes.add(BulkOperation.of(op -> op.delete(d -> d.index(hit.index()).id(hit.id()).routing(tenantId))));
        }
        BulkResponse response;
        try {
            response = client.bulk(BulkRequest.of(b -> b.operations(deletes).refresh(Refresh.WaitFor)));
        } catch (IOException | ElasticsearchException e) {
            throw SearchErrors.unavailable("bulk delete of a tenant's documents", e);
        }
        if (response.errors()) {
            long failed = response.items().stream().filter(i -> i.error() != null && i.status() != 404).count();
            if (failed > 0) {
                throw SearchErrors.unavailable("bulk delete of a tenant's documents", new IllegalStateException(failed + " items failed"));
            }
        }
        return hits.size();
    }
}
