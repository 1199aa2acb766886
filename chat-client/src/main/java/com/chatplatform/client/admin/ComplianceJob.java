package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A compliance job ({@code /compliance/exports}, {@code /compliance/erasures}, {@code /compliance/retention/runs}):
 * {@code status} is queued, running, completed, failed, cancelled or expired; {@code progress} holds counters and
 * {@code report} (finished jobs) the proof of what was done.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ComplianceJob(String id, String kind, String status, JsonNode subject, Map<String, Long> progress,
                            JsonNode report, Instant createdAt, Instant updatedAt, Instant finishedAt, Instant expiresAt,
                            Long sizeBytes, String error) implements Serializable {

    private static final Set<String> FINISHED = Set.of("completed", "failed", "cancelled", "expired");

    /** True once the job will not change any more. */
    @JsonIgnore
    public boolean isFinished() {
        return FINISHED.contains(status);
    }
}
