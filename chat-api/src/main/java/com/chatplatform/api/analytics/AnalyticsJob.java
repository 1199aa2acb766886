package com.chatplatform.api.analytics;

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
 * The analytics background job: every interval it counts the messages committed since the last run into the
 * daily rollups ({@link AnalyticsRollups}), batch after batch until it has caught up.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class AnalyticsJob {
    @Inject
    BackgroundJobs jobs;

    @Inject
    AnalyticsRollups rollups;

    @Inject
    @ConfigProperty(name = "chat.analytics.interval-millis", defaultValue = "5000")
    long intervalMillis;

    private BackgroundJobs.Job job;

    @PostConstruct
    void start() {
        job = jobs.start("analytics", Duration.ofMillis(intervalMillis), Duration.ofMillis(intervalMillis), this::run);
    }

    @PreDestroy
    void stop() {
        if (job != null) {
            job.stop();
        }
    }

    private void run() {
        int counted;
        do {
            counted = rollups.rollUpBatch();
        } while (counted > 0);
    }
}
