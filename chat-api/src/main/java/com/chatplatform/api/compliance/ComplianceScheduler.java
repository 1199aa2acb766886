package com.chatplatform.api.compliance;

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
 * The one timer of compliance: every chat.compliance.sweep-seconds it writes a compliance.sweep outbox event. The
 * work itself (export expiry, starting retention runs) runs in {@link SweepHandler}, like every other compliance job.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class ComplianceScheduler {
    @Inject
    BackgroundJobs jobs;
    @Inject
    SweepTrigger trigger;

    @Inject
    @ConfigProperty(name = "chat.compliance.sweep-seconds", defaultValue = "60")
    long sweepSeconds;

    private BackgroundJobs.Job job;

    @PostConstruct
    void start() {
        job = jobs.start("compliance", Duration.ofSeconds(sweepSeconds), Duration.ofSeconds(sweepSeconds), trigger::enqueue);
    }

    @PreDestroy
    void stop() {
        if (job != null) {
            job.stop();
        }
    }
}
