package com.chatplatform.api.outbox;

import com.chatplatform.api.platform.BackgroundJobs;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Drives the outbox: drains due events, then waits a short poll interval, on a thread of its own
 * ({@link BackgroundJobs}): an outbox step that waits (a virus scan, an export part's upload) holds up no other job
 * (MediaIT, ADR 0016). The outbox and its handlers act for every tenant: the job's system scope of row-level security.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class OutboxScheduler {
    @Inject
    BackgroundJobs jobs;

    @Inject
    OutboxProcessor processor;

    @Inject
    @ConfigProperty(name = "chat.outbox.poll-millis", defaultValue = "250")
    long pollMillis;

    private BackgroundJobs.Job job;

    @PostConstruct
    void start() {
        job = jobs.start("outbox", Duration.ofMillis(pollMillis), Duration.ofMillis(pollMillis), this::drain);
    }

    @PreDestroy
    void stop() {
        if (job != null) {
            job.stop();
        }
    }

    private void drain() {
        // Another round at once only after a full batch: the few events that arrived during a batch wait for the
        // next poll, so the search index gets bulks of a poll interval's messages instead of one bulk per message.
        int handled;
        int rounds = 0;
        do {
            handled = processor.processBatch();
        } while (handled >= processor.batchSize() && ++rounds < 50);
    }
}
