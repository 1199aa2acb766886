package com.chatplatform.api.compliance;

import com.chatplatform.api.outbox.OutboxHandler;
import com.chatplatform.api.outbox.OutboxProcessor;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The loop of the job handlers: each job named by the events runs one batch in its own transaction
 * ({@link JobRunner}); a failure is retried by the outbox with backoff, and after {@link JobRunner#MAX_ATTEMPTS}
 * the job is marked failed.
 */
abstract class JobHandler implements OutboxHandler {
    private static final Logger LOG = Logger.getLogger(JobHandler.class.getName());

    @Inject
    JobRunner runner;

    @Override
    public void handle(List<OutboxProcessor.Event> events) {
        Set<UUID> seen = new HashSet<>();
        RuntimeException retry = null;
        for (OutboxProcessor.Event event : events) {
            if (!seen.add(event.aggregateId())) {
                continue;
            }
            try {
                runner.runBatch(event.tenantId(), event.aggregateId());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Compliance job " + event.aggregateId() + ": batch failed (attempt " + (event.attempts() + 1) + ")", e);
                if (event.attempts() + 1 >= JobRunner.MAX_ATTEMPTS) {
                    runner.fail(event.tenantId(), event.aggregateId(), e);
                } else {
                    retry = e;
                }
            }
        }
        if (retry != null) {
            throw retry;
        }
    }
}
