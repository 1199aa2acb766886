package com.chatplatform.api.search;

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

/**
 * Drives {@link SearchFeed}: every poll interval it indexes the messages committed since the last batch, batch after
 * batch while they come full. Runs in the system scope of row-level security (it indexes every tenant's messages).
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class SearchFeedJob {
    private static final Logger LOG = Logger.getLogger(SearchFeedJob.class.getName());
    private static final long LOG_EVERY_MILLIS = 60_000;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    SearchFeed feed;

    @Inject
    @ConfigProperty(name = "chat.search.feed.poll-millis", defaultValue = "250")
    long pollMillis;

    private ScheduledFuture<?> task;
    private long lastLogged;

    @PostConstruct
    void start() {
        task = scheduler.scheduleWithFixedDelay(CallerContextHolder.inSystemScope("search-feed", this::run), pollMillis, pollMillis,
                TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void run() {
        try {
            int read;
            int rounds = 0;
            do {
                read = feed.indexBatch();
            } while (read >= feed.batchSize() && ++rounds < 50);
        } catch (RuntimeException e) {
            // Elasticsearch down, typically: the watermark stays and the next poll tries again; logged once a minute
            long now = System.currentTimeMillis();
            if (now - lastLogged >= LOG_EVERY_MILLIS) {
                lastLogged = now;
                LOG.log(Level.WARNING, "Indexing new messages failed; retrying every " + pollMillis + " ms (logged once a minute)", e);
            }
        }
    }
}
