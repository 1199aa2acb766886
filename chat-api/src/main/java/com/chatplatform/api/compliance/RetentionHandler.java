package com.chatplatform.api.compliance;

import com.chatplatform.api.outbox.OutboxHandler;
import com.chatplatform.api.outbox.OutboxProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Outbox handler: runs one batch of each retention job named by the events (the job re-enqueues itself until done). */
@ApplicationScoped
public class RetentionHandler implements OutboxHandler {
    @Inject
    ComplianceJobs jobs;
    @Inject
    RetentionWorker worker;

    @Override
    public String kind() {
        return ComplianceJobs.RETENTION_KIND;
    }

    @Override
    public void handle(List<OutboxProcessor.Event> events) {
        Set<UUID> seen = new LinkedHashSet<>();
        for (OutboxProcessor.Event event : events) {
            if (seen.add(event.aggregateId())) {
                jobs.lock(event.tenantId(), event.aggregateId()).ifPresent(worker::runBatch);
            }
        }
    }
}
