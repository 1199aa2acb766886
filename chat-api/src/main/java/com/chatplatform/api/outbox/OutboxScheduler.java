package com.chatplatform.api.outbox;

import com.chatplatform.api.platform.CallerContextHolder;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Drives the outbox: drains due events, then waits a short poll interval. */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class OutboxScheduler {
    private static final Logger LOG = Logger.getLogger(OutboxScheduler.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    OutboxProcessor processor;

    @Inject
    @ConfigProperty(name = "chat.outbox.poll-millis", defaultValue = "250")
    long pollMillis;

    private ScheduledFuture<?> task;

    @PostConstruct
    void start() {
        task = scheduler.scheduleWithFixedDelay(this::drain, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void drain() {
        // The outbox and its handlers (search indexing, media processing, tenant deletion, compliance jobs)
        // act for every tenant: the explicit system scope of row-level security.
        CallerContextHolder.enterSystem("outbox");
        try {
            // Another round at once only after a full batch: the few events that arrived during a batch wait for the
            // next poll, so the search index gets bulks of a poll interval's messages instead of one bulk per message.
            int handled;
            int rounds = 0;
            do {
                handled = processor.processBatch();
            } while (handled >= processor.batchSize() && ++rounds < 50);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Outbox drain failed; will retry", e);
        } finally {
            CallerContextHolder.clear();
        }
    }
}
