package com.chatplatform.api.search;

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

/** Reads the search index lag ({@link SearchLag}) from PostgreSQL once a second. */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class SearchLagJob {

    @Resource
    ManagedScheduledExecutorService scheduler;
    @Inject
    SearchLag lag;

    private ScheduledFuture<?> task;

    @PostConstruct
    void start() {
        task = scheduler.scheduleWithFixedDelay(com.chatplatform.api.platform.CallerContextHolder.inSystemScope("search-lag", () -> lag.refresh()), 0, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
