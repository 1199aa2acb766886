package com.chatplatform.api.search;

import com.chatplatform.api.platform.BackgroundJobs;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.time.Duration;

/** Reads the search index lag ({@link SearchLag}) from PostgreSQL once a second. */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class SearchLagJob {

    @Inject
    BackgroundJobs jobs;
    @Inject
    SearchLag lag;

    private BackgroundJobs.Job job;

    @PostConstruct
    void start() {
        job = jobs.start("search-lag", Duration.ZERO, Duration.ofSeconds(1), lag::refresh);
    }

    @PreDestroy
    void stop() {
        if (job != null) {
            job.stop();
        }
    }
}
