package com.chatplatform.api.compliance;

import com.chatplatform.api.outbox.OutboxHandler;
import com.chatplatform.api.outbox.OutboxProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** Outbox handler for the periodic compliance sweep (export expiry, scheduled retention runs). */
@ApplicationScoped
public class SweepHandler implements OutboxHandler {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(SweepHandler.class.getName());

    @Inject
    JobRunner runner;

    @Override
    public String kind() {
        return ComplianceJobs.SWEEP_KIND;
    }

    @Override
    public void handle(List<OutboxProcessor.Event> events) {
        try {
            runner.sweep();
        } catch (RuntimeException e) {
            // The next sweep tries again; the event is done either way.
            LOG.log(java.util.logging.Level.WARNING, "Compliance sweep failed", e);
        }
    }
}
