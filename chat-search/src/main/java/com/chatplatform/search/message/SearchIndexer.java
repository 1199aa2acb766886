package com.chatplatform.search.message;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;
import com.chatplatform.search.SearchUnavailableException;

import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes message documents, fed by chat-api (the search feed of new messages and the transactional outbox). Every call is ONE bulk request through the
 * write alias, routed by tenant, with external versioning so re-delivery is idempotent and an older version never
 * overwrites a newer one. Thread-safe.
 */
public final class SearchIndexer {

    private static final System.Logger LOG = System.getLogger(SearchIndexer.class.getName());

    private final ElasticsearchClient client;
    private final SearchIndexNames names;
    private final Refresh refresh;

    /** An indexer whose writes become searchable with the next periodic refresh (about one second). */
    public SearchIndexer(ElasticsearchClient client, SearchIndexNames names) {
        this(client, names, false);
    }

    /**
     * @param waitForRefresh when true each bulk call returns only once its writes are searchable (slower; for tests
     *                       and for callers that must read their own writes)
     */
    public SearchIndexer(ElasticsearchClient client, SearchIndexNames names, boolean waitForRefresh) {
        this.client = Objects.requireNonNull(client, "client");
        this.names = Objects.requireNonNull(names, "names");
        this.refresh = waitForRefresh ? Refresh.WaitFor : Refresh.False;
    }

    /** Indexes (creates or replaces) the documents in one bulk request. See {@link #apply(List, List)}. */
    public BulkResult index(List<MessageDocument> documents) {
        return apply(documents, List.of());
    }

    /** Deletes the documents in one bulk request. See {@link #apply(List, List)}. */
    public BulkResult delete(List<DocumentRef> refs) {
        return apply(List.of(), refs);
    }

    /**
     * Indexes and deletes in ONE bulk request (index items first, then deletes). Version conflicts (the index
     * already holds the same or a newer version) and deletes of missing documents count as success.
     *
     * @return per-item results in request order; empty input makes no call
     * @throws SearchUnavailableException Elasticsearch unreachable or the whole request failed (retryable)
     * @throws BulkIndexingException      at least one item failed otherwise (retryable; carries all results)
     */
    public BulkResult apply(List<MessageDocument> documents, List<DocumentRef> deletes) {
        return write(names.writeAlias(), documents, deletes, VersionType.External);
    }

    /**
     * The same as {@link #apply(List, List)} into the index a full reindex is filling (through
     * {@link SearchIndexNames#reindexAlias()}, so nothing is written once that alias is gone: the items then fail and
     * the caller retries without it).
     */
    public BulkResult applyToReindexTarget(List<MessageDocument> documents, List<DocumentRef> deletes) {
        return write(names.reindexAlias(), documents, deletes, VersionType.External);
    }

    /**
     * Writes the documents again through the write alias even when the index holds the same version
     * ({@code external_gte}): a tenant reindex repairs documents whose content is stale at an unchanged version (for
     * example after a change of text folding). A newer version or a delete tombstone still wins.
     */
    public BulkResult reput(List<MessageDocument> documents) {
        return write(names.writeAlias(), documents, List.of(), VersionType.ExternalGte);
    }

    private BulkResult write(String target, List<MessageDocument> documents, List<DocumentRef> deletes,
                             VersionType versionType) {
        Objects.requireNonNull(documents, "documents");
        Objects.requireNonNull(deletes, "deletes");
        if (documents.isEmpty() && deletes.isEmpty()) {
            return BulkResult.empty();
        }
        List<BulkOperation> operations = new ArrayList<>(documents.size() + deletes.size());
        for (MessageDocument document : documents) {
            Objects.requireNonNull(document, "documents must not contain null");
            Map<String, Object> source = toSource(document);
            operations.add(BulkOperation.of(op -> op.index(i -> i
                    .index(target)
                    .requireAlias(true)
                    .id(document.messageId())
                    .routing(document.tenantId())
                    .version(document.version())
                    .versionType(versionType)
                    .document(source))));
        }
        for (DocumentRef ref : deletes) {
            Objects.requireNonNull(ref, "deletes must not contain null");
            operations.add(BulkOperation.of(op -> op.delete(d -> d
                    .index(target)
                    .id(ref.messageId())
                    .routing(ref.tenantId())
                    .version(ref.version())
                    .versionType(VersionType.External))));
        }
        BulkRequest request = BulkRequest.of(b -> b.operations(operations).refresh(refresh));

        BulkResponse response;
        try {
            response = client.bulk(request);
        } catch (IOException | RuntimeException e) {
            throw SearchErrors.unavailable("bulk request of " + operations.size() + " items", e);
        }
        List<BulkItemResult> items = new ArrayList<>(response.items().size());
        for (BulkResponseItem item : response.items()) {
            items.add(toResult(item));
        }
        BulkResult result = new BulkResult(items);
        List<BulkItemResult> failures = result.failures();
        if (!failures.isEmpty()) {
            BulkItemResult first = failures.get(0);
            String message = failures.size() + " of " + items.size() + " search index items failed; first: "
                    + first.operation() + " " + first.messageId() + " status " + first.status() + ": "
                    + first.error();
            LOG.log(System.Logger.Level.WARNING, message);
            throw new BulkIndexingException(message, result);
        }
        return result;
    }

    static Map<String, Object> toSource(MessageDocument d) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put(MessageFields.TENANT_ID, d.tenantId());
        source.put(MessageFields.CONVERSATION_ID, d.conversationId());
        source.put(MessageFields.MESSAGE_ID, d.messageId());
        source.put(MessageFields.SEQ, d.seq());
        source.put(MessageFields.SENDER_ID, d.senderId());
        source.put(MessageFields.TEXT, TextFolding.fold(d.text()));
        source.put(MessageFields.TEXT_ORIGINAL, d.text());
        source.put(MessageFields.CREATED_AT, d.createdAt().truncatedTo(ChronoUnit.MILLIS).toString());
        source.put(MessageFields.HAS_ATTACHMENT, !d.attachmentTypes().isEmpty() || !d.attachmentNames().isEmpty());
        source.put(MessageFields.ATTACHMENT_TYPES, d.attachmentTypes());
        source.put(MessageFields.ATTACHMENT_NAMES, d.attachmentNames().stream().map(TextFolding::fold).toList());
        source.put(MessageFields.MENTIONS, d.mentions());
        source.put(MessageFields.VERSION, d.version());
        return source;
    }

    private static BulkItemResult toResult(BulkResponseItem item) {
        BulkItemResult.Operation operation = item.operationType() == OperationType.Delete
                ? BulkItemResult.Operation.DELETE : BulkItemResult.Operation.INDEX;
        ErrorCause error = item.error();
        BulkItemResult.Outcome outcome;
        if (error == null) {
            outcome = "not_found".equals(item.result()) ? BulkItemResult.Outcome.NOT_FOUND
                    : BulkItemResult.Outcome.APPLIED;
        } else if (item.status() == 409 && "version_conflict_engine_exception".equals(error.type())) {
            outcome = BulkItemResult.Outcome.ALREADY_NEWER;
        } else {
            outcome = BulkItemResult.Outcome.FAILED;
        }
        String message = outcome == BulkItemResult.Outcome.FAILED ? error.type() + ": " + error.reason() : null;
        return new BulkItemResult(item.id(), operation, outcome, item.status(), message);
    }
}
