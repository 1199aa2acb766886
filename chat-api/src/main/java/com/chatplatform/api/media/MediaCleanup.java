package com.chatplatform.api.media;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Periodically removes uploads that were never completed or never attached, from the database and S3. */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class MediaCleanup {
    private static final Logger LOG = Logger.getLogger(MediaCleanup.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;
    @Inject
    AttachmentService attachments;

    @Inject
    @ConfigProperty(name = "chat.media.cleanup-interval-seconds", defaultValue = "600")
    long intervalSeconds;
    @Inject
    @ConfigProperty(name = "chat.media.pending-max-age-seconds", defaultValue = "3600")
    long pendingMaxAgeSeconds;
    @Inject
    @ConfigProperty(name = "chat.media.unattached-max-age-seconds", defaultValue = "86400")
    long unattachedMaxAgeSeconds;

    private ScheduledFuture<?> task;

    @PostConstruct
    void start() {
        task = scheduler.scheduleWithFixedDelay(this::run, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void run() {
        com.chatplatform.api.platform.CallerContextHolder.enterSystem("media-cleanup"); // every tenant's uploads (ADR 0006)
        try {
            int removed = attachments.removeAbandoned(Duration.ofSeconds(pendingMaxAgeSeconds), Duration.ofSeconds(unattachedMaxAgeSeconds));
            if (removed > 0) {
                LOG.info(() -> "Removed " + removed + " abandoned uploads");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Upload cleanup failed; will retry", e);
        } finally {
            com.chatplatform.api.platform.CallerContextHolder.clear();
        }
    }
}
