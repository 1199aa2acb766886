package com.chatplatform.api.search;

import com.chatplatform.api.platform.BackgroundJobs;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.time.Duration;
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

    @Inject
    BackgroundJobs jobs;

    @Inject
    SearchFeed feed;

    @Inject
    @ConfigProperty(name = "chat.search.feed.poll-millis", defaultValue = "250")
    long pollMillis;

    private BackgroundJobs.Job job;
    private long lastLogged;

    @PostConstruct
    void start() {
        job = jobs.start("search-feed", Duration.ofMillis(pollMillis), Duration.ofMillis(pollMillis), this::run);
    }

    @PreDestroy
    void stop() {
        if (job != null) {
            job.stop();
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
