package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.Serializable;
import java.time.Instant;
import java.util.Map;

/**
 * One row of the audit log ({@code GET /platform/audit}).
 *
 * @param id         the entry's id; a page's entries are in descending id order (newest first)
 * @param tenantId   the tenant it concerns, or {@code null} for platform-wide entries (e.g. a sign-in)
 * @param actorKind  who acted: e.g. {@code console-account}, {@code api-key}, {@code user}
 * @param action     e.g. {@code tenant.suspended}, {@code api_key.revoked}
 * @param targetType e.g. {@code tenant}, {@code api_key}
 * @param sourceIp   the caller's address as the API saw it, or {@code null}
 * @param outcome    e.g. {@code success}, {@code failure}
 * @param detail     action-specific facts (e.g. {@code from}/{@code to} of a rename), or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuditEntry(long id, String tenantId, Instant occurredAt, String actorKind, String actorId,
                         String action, String targetType, String targetId, String sourceIp, String outcome,
                         Map<String, Object> detail) implements Serializable {
}
