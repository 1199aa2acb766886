package com.chatplatform.api.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the application's periodic jobs (outbox, search feed, analytics, sweeps), each on a managed thread of its own
 * (ADR 0016). Not on the server's default managed scheduled executor: Payara Micro runs it with one thread for every
 * scheduled task of the application, so one job that waited (an outbox step scanning a file, an S3 clean-up, an
 * Elasticsearch call) held up all the others on the node. A job runs in a named system scope of row-level security
 * (ADR 0006), then waits its interval (fixed delay); what one run throws is logged and the next run goes on.
 */
@ApplicationScoped
public class BackgroundJobs {
    private static final Logger LOG = Logger.getLogger(BackgroundJobs.class.getName());

    @Resource
    ManagedThreadFactory threads;

    /**
     * A started job. {@link #stop()} (from {@code @PreDestroy}) wakes it from its wait and waits up to 10 s for a run in
     * progress to end before the application's resources go away; a run still going then is interrupted.
     */
    public static final class Job {
        private static final long STOP_WAIT_MILLIS = 10_000;
        private final Thread thread;
        private final Object wakeUp = new Object();
        private volatile boolean running = true;

        private Job(ManagedThreadFactory threads, String name, Duration initialDelay, Duration interval, Runnable task) {
            Runnable scoped = CallerContextHolder.inSystemScope(name, task);
            thread = threads.newThread(() -> {
                long wait = initialDelay.toMillis();
                while (running) {
                    try {
                        pause(wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    if (!running) {
                        return;
                    }
                    wait = interval.toMillis();
                    try {
                        scoped.run();
                    } catch (RuntimeException | Error e) { // the thread must outlive anything one run throws
                        if (running) {
                            LOG.log(Level.WARNING, "Background job " + name + " failed; it runs again in " + wait + " ms", e);
                        }
                    }
                }
            });
            thread.setName("chat-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        private void pause(long millis) throws InterruptedException {
            long until = System.currentTimeMillis() + millis;
            synchronized (wakeUp) {
                for (long left = millis; running && left > 0; left = until - System.currentTimeMillis()) {
                    wakeUp.wait(left);
                }
            }
        }

        public void stop() {
            running = false;
            synchronized (wakeUp) {
                wakeUp.notifyAll();
            }
            try {
                thread.join(STOP_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warning(() -> "Background job " + thread.getName() + " still running after " + STOP_WAIT_MILLIS + " ms; interrupting it");
                thread.interrupt();
            }
        }
    }

    /** Starts {@code task} in system scope {@code name}: first after {@code initialDelay}, then {@code interval} after each run. */
    public Job start(String name, Duration initialDelay, Duration interval, Runnable task) {
        return new Job(threads, name, initialDelay, interval, task);
    }
}
