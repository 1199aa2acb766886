package com.chatplatform.api.ratelimit;

import com.chatplatform.api.platform.BackgroundJobs;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Periodically drops the rate-limit buckets of idle tenants and users (those that have refilled completely). */
@Startup
@Singleton
public class RateLimitSweeper {
    private static final Logger LOG = Logger.getLogger(RateLimitSweeper.class.getName());

    @Inject
    BackgroundJobs jobs;
    @Inject
    RateLimiter limiter;

    @Inject
    @ConfigProperty(name = "chat.ratelimit.sweep-seconds", defaultValue = "60")
    long intervalSeconds;

    private BackgroundJobs.Job job;

    @PostConstruct
    void start() {
        job = jobs.start("rate-limit-sweep", Duration.ofSeconds(intervalSeconds), Duration.ofSeconds(intervalSeconds), this::run);
    }

    @PreDestroy
    void stop() {
        if (job != null) {
            job.stop();
        }
    }

    private void run() {
        int dropped = limiter.sweep();
        if (dropped > 0) {
            LOG.fine(() -> "Dropped " + dropped + " idle rate-limit buckets");
        }
    }
}
