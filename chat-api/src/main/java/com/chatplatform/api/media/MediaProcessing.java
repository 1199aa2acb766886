package com.chatplatform.api.media;

import com.chatplatform.api.outbox.Outbox;
import com.chatplatform.api.outbox.OutboxHandler;
import com.chatplatform.api.outbox.OutboxProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** Outbox handler: processes verified images (metadata removal, dimensions, thumbnails). */
@ApplicationScoped
public class MediaProcessing implements OutboxHandler {

    @Inject
    AttachmentService attachments;

    @Override
    public String kind() {
        return Outbox.MEDIA_PROCESS;
    }

    @Override
    public void handle(List<OutboxProcessor.Event> events) {
        for (OutboxProcessor.Event event : events) {
            attachments.process(event.tenantId(), event.aggregateId());
        }
    }
}
