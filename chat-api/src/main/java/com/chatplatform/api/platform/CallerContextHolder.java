package com.chatplatform.api.platform;

import java.util.UUID;

/**
 * Thread-local view of the tenant the current thread acts for: for log lines, and as the row-level security
 * scope that {@link RowSecurity} puts on every database connection this thread uses (ADR 0006).
 * Authorisation uses {@code identity.CallerContext}; only {@code AuthFilter} and the WebSocket endpoint call
 * {@link #enterTenant} (from a verified credential), and they {@link #clear} when the call ends.
 */
public final class CallerContextHolder {
    private static final ThreadLocal<String> LOG_LABEL = new ThreadLocal<>();
    private static final ThreadLocal<UUID> TENANT_SCOPE = new ThreadLocal<>();

    private CallerContextHolder() {
    }

    /** The call acts inside {@code tenantId} (null: a platform-level caller, no tenant restriction). */
    public static void enterTenant(UUID tenantId) {
        TENANT_SCOPE.set(tenantId);
        LOG_LABEL.set(tenantId == null ? "platform" : tenantId.toString());
    }

    /**
     * Background work that acts for no single tenant (the outbox and its handlers, media cleanup, tenant
     * deletion): the named system scope, which row-level security does not restrict (ADR 0006).
     */
    public static void enterSystem(String name) {
        TENANT_SCOPE.remove();
        LOG_LABEL.set("system:" + name);
    }

    public static void clear() {
        TENANT_SCOPE.remove();
        LOG_LABEL.remove();
    }

    /** The tenant whose rows this thread may see, or null when it is not acting for a tenant. */
    public static UUID tenantScope() {
        return TENANT_SCOPE.get();
    }

    public static String tenantForLog() {
        String t = LOG_LABEL.get();
        return t == null ? "-" : t;
    }
}
