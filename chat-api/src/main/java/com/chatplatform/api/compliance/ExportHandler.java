package com.chatplatform.api.compliance;

import jakarta.enterprise.context.ApplicationScoped;

/** Outbox handler: runs one batch of each export job named by the events (the job re-enqueues itself until done). */
@ApplicationScoped
public class ExportHandler extends JobHandler {
    @Override
    public String kind() {
        return ComplianceJobs.EXPORT_KIND;
    }
}
