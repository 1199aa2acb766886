package com.chatplatform.api.search;

import com.chatplatform.api.media.AttachmentView;
import com.chatplatform.api.message.MessageService;
import com.chatplatform.api.message.MessageView;
import com.chatplatform.api.outbox.Outbox;
import com.chatplatform.api.outbox.OutboxHandler;
import com.chatplatform.api.outbox.OutboxProcessor;
import com.chatplatform.search.message.DocumentRef;
import com.chatplatform.search.message.MessageDocument;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.LinkedHashMap;
import java.util.logging.Logger;

/**
 * Outbox handler for message changes (sent, edited, deleted): reads the message's current state from
 * PostgreSQL and writes it to the index in one bulk request (a deleted message is removed from the index).
 * The message version is the Elasticsearch external version, so a redelivered or out-of-order event never
 * overwrites newer content. While a full reindex runs, SearchGateway#apply also writes to the index it is filling.
 */
@ApplicationScoped
public class SearchIndexing implements OutboxHandler {
    private static final Logger LOG = Logger.getLogger(SearchIndexing.class.getName());

    @Inject
    MessageService messages;
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
        List<MessageDocument> documents = new ArrayList<>();
        List<DocumentRef> deletes = new ArrayList<>();
        // One load per tenant of the batch (a few queries each), not one per message.
        Map<UUID, Set<UUID>> byTenant = new LinkedHashMap<>();
        for (OutboxProcessor.Event event : events) {
            byTenant.computeIfAbsent(event.tenantId(), t -> new LinkedHashSet<>()).add(event.aggregateId());
        }
        for (Map.Entry<UUID, Set<UUID>> tenant : byTenant.entrySet()) {
            List<MessageView> loaded = messages.load(tenant.getKey(), tenant.getValue());
            if (loaded.size() < tenant.getValue().size()) {
                LOG.fine(() -> (tenant.getValue().size() - loaded.size()) + " messages no longer exist; nothing to index for them");
            }
            for (MessageView message : loaded) {
                if ("system".equals(message.kind())) {
                    continue; // system messages are never search-indexed
                }
                if (message.deleted()) {
                    // The delete carries the deleted version: an older index request arriving later loses.
                    deletes.add(new DocumentRef(tenant.getKey().toString(), message.id().toString(), message.version()));
                } else {
                    documents.add(document(tenant.getKey().toString(), message));
                }
            }
        }
        search.apply(documents, deletes);
    }

    static MessageDocument document(String tenantId, MessageView m) {
        return new MessageDocument(tenantId, m.conversationId().toString(), m.id().toString(), m.seq(), m.senderId(), m.text(),
                m.createdAt(), m.attachments().stream().map(AttachmentView::contentType).toList(),
                m.attachments().stream().map(AttachmentView::fileName).toList(), m.mentions(), m.version());
    }
}
