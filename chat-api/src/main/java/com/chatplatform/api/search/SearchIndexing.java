package com.chatplatform.api.search;

import com.chatplatform.api.outbox.Outbox;
import com.chatplatform.api.outbox.OutboxHandler;
import com.chatplatform.api.outbox.OutboxProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.LinkedHashMap;
import java.util.logging.Logger;

/**
 * Outbox handler for message changes (edited, deleted, moderated; and new messages whose outbox row was written before
 * {@link SearchFeed} took them over, ADR 0015): reads the messages' current state from PostgreSQL
 * ({@link SearchDocuments}) and writes it to the index in one bulk request (a deleted message is removed from the index).
 * The message version is the Elasticsearch external version, so a redelivered or out-of-order event never
 * overwrites newer content. While a full reindex runs, SearchGateway#apply also writes to the index it is filling.
 */
@ApplicationScoped
public class SearchIndexing implements OutboxHandler {
    private static final Logger LOG = Logger.getLogger(SearchIndexing.class.getName());

    @Inject
    SearchDocuments documents;
    @Inject
    SearchGateway search;

    @Override
    public String kind() {
        return Outbox.MESSAGE_CHANGED;
    }

    @Override
    public void handle(List<OutboxProcessor.Event> events) {
        if (events.isEmpty()) {
            return;
        }
        Map<UUID, UUID> tenantById = new LinkedHashMap<>();
        for (OutboxProcessor.Event event : events) {
            tenantById.put(event.aggregateId(), event.tenantId());
        }
        List<SearchDocuments.Current> current = documents.load(tenantById);
        if (current.size() < tenantById.size()) {
            LOG.fine(() -> (tenantById.size() - current.size()) + " messages no longer exist; nothing to index for them");
        }
        search.apply(SearchDocuments.writes(current), SearchDocuments.deletes(current));
    }
}
