package com.chatplatform.api.ratelimit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Periodically drops the rate-limit buckets of idle tenants and users (those that have refilled completely). */
@Startup
@Singleton
public class RateLimitSweeper {
    private static final Logger LOG = Logger.getLogger(RateLimitSweeper.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;
    @Inject
    RateLimiter limiter;

    @Inject
    @ConfigProperty(name = "chat.ratelimit.sweep-seconds", defaultValue = "60")
    long intervalSeconds;

    private ScheduledFuture<?> task;

    @PostConstruct
    void start() {
        task = scheduler.scheduleWithFixedDelay(com.chatplatform.api.platform.CallerContextHolder.inSystemScope("rate-limit-sweep", this::run), intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void run() {
        try {
            int dropped = limiter.sweep();
            if (dropped > 0) {
                LOG.fine(() -> "Dropped " + dropped + " idle rate-limit buckets");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Rate-limit sweep failed; will retry", e);
        }
    }
}
