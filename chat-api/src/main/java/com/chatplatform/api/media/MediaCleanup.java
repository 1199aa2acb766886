package com.chatplatform.api.media;

import com.chatplatform.api.platform.BackgroundJobs;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Periodically removes uploads that were never completed or never attached, from the database and S3. */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class MediaCleanup {
    private static final Logger LOG = Logger.getLogger(MediaCleanup.class.getName());

    @Inject
    BackgroundJobs jobs;
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

    private BackgroundJobs.Job job;

    @PostConstruct
    void start() {
        job = jobs.start("media-cleanup", Duration.ofSeconds(intervalSeconds), Duration.ofSeconds(intervalSeconds), this::run);
    }

    @PreDestroy
    void stop() {
        if (job != null) {
            job.stop();
        }
    }

    /** Every tenant's uploads: the job runs in a system scope (ADR 0006). */
    private void run() {
        int removed = attachments.removeAbandoned(Duration.ofSeconds(pendingMaxAgeSeconds), Duration.ofSeconds(unattachedMaxAgeSeconds));
        if (removed > 0) {
            LOG.info(() -> "Removed " + removed + " abandoned uploads");
        }
    }
}
