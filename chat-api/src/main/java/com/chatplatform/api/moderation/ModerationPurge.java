package com.chatplatform.api.moderation;

import com.chatplatform.api.compliance.ContentEraser;
import com.chatplatform.api.outbox.OutboxHandler;
import com.chatplatform.api.outbox.OutboxProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Outbox handler of hard deletions ({@code moderation.purge}): removes what is left of a hard-deleted message in the
 * other stores (its attachments' S3 objects and thumbnails, their rows and storage charge, the search document) with
 * the compliance {@link ContentEraser}, each message in a transaction of its own ({@link ModerationPurger}). A failure
 * is thrown so the outbox retries the batch with backoff; repeating a purge is harmless.
 */
@ApplicationScoped
public class ModerationPurge implements OutboxHandler {
    public static final String KIND = "moderation.purge";
    private static final Logger LOG = Logger.getLogger(ModerationPurge.class.getName());

    @Inject
    ModerationPurger purger;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void handle(List<OutboxProcessor.Event> events) {
        RuntimeException retry = null;
        for (OutboxProcessor.Event event : new LinkedHashSet<>(events)) {
            try {
                purger.purge(event.tenantId(), event.aggregateId());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Purge of hard-deleted message " + event.aggregateId() + " failed; will retry", e);
                retry = e;
            }
        }
        if (retry != null) {
            throw retry;
        }
    }

}
