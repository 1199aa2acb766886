package com.chatplatform.api.audit;

import com.chatplatform.api.platform.ApiException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Filters of an audit listing, decoded from query parameters: tenant, action, occurred in [from, to),
 * at most {@code limit} entries (1-200, default 50) with an id below {@code before} (keyset pagination).
 */
public record AuditQuery(UUID tenantId, String action, Instant from, Instant to, int limit, Long before) {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    public static AuditQuery parse(String tenantId, String action, String from, String to, String limit, String before) {
        return new AuditQuery(uuid(tenantId), blankToNull(action), instant("from", from), instant("to", to),
                limit(limit), before(before));
    }

    AuditQuery withTenant(UUID tenant) {
        return new AuditQuery(tenant, action, from, to, limit, before);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static UUID uuid(String s) {
        if (blankToNull(s) == null) {
            return null;
        }
        try {
            return UUID.fromString(s.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("\"tenantId\" must be a tenant id.");
        }
    }

    private static Instant instant(String name, String s) {
        if (blankToNull(s) == null) {
            return null;
        }
        try {
            return Instant.parse(s.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("\"" + name + "\" must be an ISO-8601 instant such as 2026-11-27T22:00:00Z.");
        }
    }

    private static int limit(String s) {
        if (blankToNull(s) == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(s.strip());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw ApiException.invalid("\"limit\" must be a number from 1 to " + MAX_LIMIT + ".");
    }

    private static Long before(String s) {
        if (blankToNull(s) == null) {
            return null;
        }
        try {
            long n = Long.parseLong(s.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw ApiException.invalid("\"before\" must be the id of an audit entry (from \"nextBefore\").");
    }
}
