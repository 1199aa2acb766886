package com.chatplatform.api.outbox;

import com.chatplatform.api.platform.CallerContextHolder;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Drives the outbox: drains due events, then waits a short poll interval, on a thread of its own. Not on the server's
 * default managed scheduled executor, which Payara Micro runs with one thread for every scheduled job of the
 * application: an outbox step that waits (a virus scan, an export part's upload) stopped the search feed, analytics,
 * rate-limit sweeps and media clean-up of the node for as long (MediaIT, ADR 0016).
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class OutboxScheduler {
    private static final Logger LOG = Logger.getLogger(OutboxScheduler.class.getName());

    @Resource
    ManagedThreadFactory threads;

    @Inject
    OutboxProcessor processor;

    @Inject
    @ConfigProperty(name = "chat.outbox.poll-millis", defaultValue = "250")
    long pollMillis;

    private volatile boolean running;
    private Thread worker;

    @PostConstruct
    void start() {
        running = true;
        worker = threads.newThread(this::loop);
        worker.setName("chat-outbox");
        worker.setDaemon(true);
        worker.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        if (worker != null) {
            worker.interrupt();
        }
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                drain();
            } catch (Error e) { // the thread must outlive anything one batch throws
                LOG.log(Level.SEVERE, "Outbox drain failed; will retry", e);
            }
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
