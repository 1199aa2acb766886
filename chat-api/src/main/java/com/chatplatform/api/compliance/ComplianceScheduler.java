package com.chatplatform.api.compliance;

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
 * The one timer of compliance: every chat.compliance.sweep-seconds it writes a compliance.sweep outbox event. The
 * work itself (export expiry, starting retention runs) runs in {@link SweepHandler}, like every other compliance job.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class ComplianceScheduler {
    private static final Logger LOG = Logger.getLogger(ComplianceScheduler.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;
    @Inject
    SweepTrigger trigger;

    @Inject
    @ConfigProperty(name = "chat.compliance.sweep-seconds", defaultValue = "60")
    long sweepSeconds;

    private ScheduledFuture<?> task;

    @PostConstruct
    void start() {
        task = scheduler.scheduleWithFixedDelay(com.chatplatform.api.platform.CallerContextHolder.inSystemScope("compliance", this::run), sweepSeconds, sweepSeconds, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void run() {
        try {
            trigger.enqueue();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Compliance sweep could not be scheduled; will retry", e);
        }
    }
}
