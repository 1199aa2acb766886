package com.chatplatform.client.admin;

import java.io.Serializable;
import java.time.Instant;

/**
 * Filters of {@code GET /platform/audit}: all optional ({@code null}: no filter). Entries occurred in
 * [{@code from}, {@code to}); at most {@code limit} (1-200; {@code null}: the API's default of 50) with an id
 * below {@code before} (keyset pagination: the previous page's {@link AuditPage#nextBefore}).
 */
public record AuditQuery(String tenantId, String action, Instant from, Instant to, Integer limit, Long before)
        implements Serializable {

    /** No filters: the newest entries. */
    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, null);
    }

    public AuditQuery withTenantId(String value) {
        return new AuditQuery(value, action, from, to, limit, before);
    }

    public AuditQuery withAction(String value) {
        return new AuditQuery(tenantId, value, from, to, limit, before);
    }

    public AuditQuery between(Instant fromInclusive, Instant toExclusive) {
        return new AuditQuery(tenantId, action, fromInclusive, toExclusive, limit, before);
    }

    public AuditQuery withLimit(Integer value) {
        return new AuditQuery(tenantId, action, from, to, value, before);
    }

    /** The page after one whose {@link AuditPage#nextBefore} was {@code value}. */
    public AuditQuery withBefore(Long value) {
        return new AuditQuery(tenantId, action, from, to, limit, value);
    }
}
