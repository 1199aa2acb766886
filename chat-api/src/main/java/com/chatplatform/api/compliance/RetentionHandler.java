package com.chatplatform.api.compliance;

import jakarta.enterprise.context.ApplicationScoped;

/** Outbox handler: runs one batch of each retention job named by the events (the job re-enqueues itself until done). */
@ApplicationScoped
public class RetentionHandler extends JobHandler {
    @Override
    public String kind() {
        return ComplianceJobs.RETENTION_KIND;
    }
}
