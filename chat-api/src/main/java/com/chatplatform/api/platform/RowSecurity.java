package com.chatplatform.api.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.eclipse.persistence.exceptions.DatabaseException;
import org.eclipse.persistence.internal.databaseaccess.Accessor;
import org.eclipse.persistence.sessions.SessionEvent;
import org.eclipse.persistence.sessions.SessionEventAdapter;

/**
 * The one place that tells PostgreSQL which tenant a connection acts for (ADR 0006): every time EclipseLink
 * takes a connection from the pool, {@code chat.tenant_id} is set to the thread's tenant scope
 * ({@link CallerContextHolder#tenantScope()}), or to '' when the thread acts for no tenant. The row-level
 * security policies (installed by {@link DatabaseMigrator}) then hide every other tenant's rows, whatever SQL
 * the application sends. Registered in persistence.xml ({@code eclipselink.session-event-listener}).
 *
 * <p>The setting is session-level and overwritten on every acquisition, so a pooled connection never carries
 * an earlier caller's tenant into the next use (inside a transaction that rolls back, PostgreSQL restores the
 * previous value, which the next acquisition overwrites again).
 */
public class RowSecurity extends SessionEventAdapter {
    public static final String SETTING = "chat.tenant_id";
    /** 'system' in a system scope, else ''. */
    public static final String SCOPE_SETTING = "chat.scope";
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(RowSecurity.class.getName());
    private static final java.util.Set<String> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void postAcquireConnection(SessionEvent event) {
        apply(event);
    }

    @Override
    public void postAcquireExclusiveConnection(SessionEvent event) {
        apply(event);
    }

    private static void apply(SessionEvent event) {
        if (!(event.getResult() instanceof Accessor accessor) || accessor.getConnection() == null) {
            return;
        }
        var tenant = CallerContextHolder.tenantScope();
        String system = CallerContextHolder.systemScope();
        if (tenant == null && system == null) {
            warnUnscoped();
        }
        set(accessor.getConnection(), tenant == null ? "" : tenant.toString(), system == null ? "" : "system");
    }

    /** Database work in no scope sees no tenant-owned rows (fail-closed): say where, once per call site. */
    private static void warnUnscoped() {
        StackTraceElement site = java.util.Arrays.stream(Thread.currentThread().getStackTrace())
                .filter(e -> e.getClassName().startsWith("com.chatplatform.") && !e.getClassName().startsWith(RowSecurity.class.getName()))
                .findFirst().orElse(null);
        String key = String.valueOf(site);
        if (WARNED.add(key)) {
            LOG.warning("Database used outside any tenant or system scope at " + key + ": row-level security hides every "
                    + "tenant-owned row. Enter a scope (CallerContextHolder.enterSystem) around background work (ADR 0006).");
        }
    }

    /** Sets the scope of a connection: the tenant ('' for none) and 'system' or ''. */
    public static void set(Connection connection, String tenant, String scope) {
        try (PreparedStatement ps = connection.prepareStatement("select set_config('" + SETTING + "', ?, false), set_config('"
                + SCOPE_SETTING + "', ?, false)")) {
            ps.setString(1, tenant);
            ps.setString(2, scope);
            ps.execute();
        } catch (SQLException e) {
            throw DatabaseException.sqlException(e);
        }
    }
}
