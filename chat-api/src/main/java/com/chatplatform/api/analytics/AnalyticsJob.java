package com.chatplatform.api.analytics;

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
 * The analytics background job: every interval it counts the messages committed since the last run into the
 * daily rollups ({@link AnalyticsRollups}), batch after batch until it has caught up.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class AnalyticsJob {
    private static final Logger LOG = Logger.getLogger(AnalyticsJob.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    AnalyticsRollups rollups;

    @Inject
    @ConfigProperty(name = "chat.analytics.interval-millis", defaultValue = "5000")
    long intervalMillis;

    private ScheduledFuture<?> task;

    @PostConstruct
    void start() {
        task = scheduler.scheduleWithFixedDelay(com.chatplatform.api.platform.CallerContextHolder.inSystemScope("analytics", this::run), intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void run() {
        try {
            int counted;
            do {
                counted = rollups.rollUpBatch();
            } while (counted > 0);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Analytics rollup failed; will retry", e);
        }
    }
}
