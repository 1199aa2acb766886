package com.chatplatform.api.platform;

import java.util.UUID;

/**
 * The scope the current thread acts in, for log lines and for row-level security (ADR 0006): a tenant
 * ({@link #enterTenant}), a named system scope ({@link #enterSystem}: platform admins, credential checks,
 * background jobs) or none. {@link RowSecurity} puts it on every database connection the thread uses; with the
 * default fail-closed policy a connection in no scope sees no tenant-owned rows. Only AuthFilter and the
 * WebSocket endpoint enter a tenant (from a verified credential); background work enters a system scope
 * explicitly, and both {@link #clear} when done.
 */
public final class CallerContextHolder {
    private static final ThreadLocal<String> LOG_LABEL = new ThreadLocal<>();
    private static final ThreadLocal<UUID> TENANT_SCOPE = new ThreadLocal<>();
    private static final ThreadLocal<String> SYSTEM_SCOPE = new ThreadLocal<>();

    private CallerContextHolder() {
    }

    /** The call acts inside {@code tenantId}; null (a platform admin) is the system scope "platform". */
    public static void enterTenant(UUID tenantId) {
        if (tenantId == null) {
            enterSystem("platform");
            return;
        }
        SYSTEM_SCOPE.remove();
        TENANT_SCOPE.set(tenantId);
        LOG_LABEL.set(tenantId.toString());
    }

    /**
     * Work that acts for no single tenant (platform admins, credential checks and sign-in, the outbox and its
     * handlers, media cleanup, start-up): the named system scope, which row-level security does not restrict.
     */
    public static void enterSystem(String name) {
        TENANT_SCOPE.remove();
        SYSTEM_SCOPE.set(name);
        LOG_LABEL.set("system:" + name);
    }

    /** Kept for code written before row-level security: a tenant id (as text) enters that tenant, anything else the platform scope. */
    @Deprecated
    public static void set(String tenantId) {
        UUID tenant = null;
        try {
            tenant = tenantId == null ? null : UUID.fromString(tenantId);
        } catch (IllegalArgumentException notATenant) {
            // "platform" and the like
        }
        enterTenant(tenant);
    }

    /** {@code task} run in the system scope {@code name} (for scheduled background jobs), cleared afterwards. */
    public static Runnable inSystemScope(String name, Runnable task) {
        return () -> {
            enterSystem(name);
            try {
                task.run();
            } finally {
                clear();
            }
        };
    }

    public static void clear() {
        TENANT_SCOPE.remove();
        SYSTEM_SCOPE.remove();
        LOG_LABEL.remove();
    }

    /** The tenant whose rows this thread may see, or null when it is not acting for a tenant. */
    public static UUID tenantScope() {
        return TENANT_SCOPE.get();
    }

    /** The name of the system scope this thread is in, or null. */
    public static String systemScope() {
        return SYSTEM_SCOPE.get();
    }

    public static String tenantForLog() {
        String t = LOG_LABEL.get();
        return t == null ? "-" : t;
    }
}
