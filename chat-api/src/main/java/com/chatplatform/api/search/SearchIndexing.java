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
import java.util.Optional;
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
        for (OutboxProcessor.Event event : new LinkedHashSet<>(events)) {
            Optional<MessageView> message = messages.load(event.tenantId(), event.aggregateId());
            if (message.isEmpty()) {
                LOG.fine(() -> "Message " + event.aggregateId() + " no longer exists; nothing to index");
                continue;
            }
            if ("system".equals(message.get().kind())) {
                continue; // system messages are never search-indexed
            }
            if (message.get().deleted()) {
                // The delete carries the deleted version: an older index request arriving later loses.
                deletes.add(new DocumentRef(event.tenantId().toString(), message.get().id().toString(), message.get().version()));
            } else {
                documents.add(document(event.tenantId().toString(), message.get()));
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
