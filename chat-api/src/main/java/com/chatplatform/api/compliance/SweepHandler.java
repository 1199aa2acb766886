package com.chatplatform.api.compliance;

import com.chatplatform.api.outbox.OutboxHandler;
import com.chatplatform.api.outbox.OutboxProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** Outbox handler for the periodic compliance sweep (export expiry, scheduled retention runs). */
@ApplicationScoped
public class SweepHandler implements OutboxHandler {
    @Inject
    SweepWorker worker;

    @Override
    public String kind() {
        return ComplianceJobs.SWEEP_KIND;
    }

    @Override
    public void handle(List<OutboxProcessor.Event> events) {
        worker.sweep();
    }
}
