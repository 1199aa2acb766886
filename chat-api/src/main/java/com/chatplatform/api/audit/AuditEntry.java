package com.chatplatform.api.audit;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** One row of the audit log as the API shows it. */
public record AuditEntry(long id, UUID tenantId, Instant occurredAt, String actorKind, String actorId, String action,
                         String targetType, String targetId, String sourceIp, String outcome, JsonObject detail) {
}
