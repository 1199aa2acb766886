package com.chatplatform.api.media;

import com.chatplatform.api.outbox.Outbox;
import com.chatplatform.api.outbox.OutboxHandler;
import com.chatplatform.api.outbox.OutboxProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** Outbox handler: scans verified files for malware (when configured), processes images (metadata removal, dimensions, thumbnails), reads audio/video durations. */
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
        // A scan that could not be done (clamd down) is recorded as scan_failed; the others in the batch still go on,
        // then the failure makes the outbox retry the batch later (done ones are skipped: process is idempotent).
        RuntimeException scanFailed = null;
        for (OutboxProcessor.Event event : events) {
            try {
                attachments.process(event.tenantId(), event.aggregateId());
            } catch (ClamdScanner.ScanFailed e) {
                scanFailed = scanFailed == null ? e : scanFailed;
            }
        }
        if (scanFailed != null) {
            throw scanFailed;
        }
    }
}
