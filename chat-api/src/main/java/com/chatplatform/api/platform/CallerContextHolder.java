package com.chatplatform.api.platform;

/** Thread-local view of the current tenant, for log lines only (authorisation uses CallerContext). */
public final class CallerContextHolder {
    private static final ThreadLocal<String> TENANT = new ThreadLocal<>();

    private CallerContextHolder() {
    }

    public static void set(String tenantId) {
        TENANT.set(tenantId);
    }

    public static void clear() {
        TENANT.remove();
    }

    public static String tenantForLog() {
        String t = TENANT.get();
        return t == null ? "-" : t;
    }
}
