package com.chatplatform.api.platform;

import jakarta.transaction.TransactionSynchronizationRegistry;
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
 *
 * <p>Inside a JTA transaction EclipseLink takes the connection again for nearly every query before the first write,
 * but the pool hands out the one physical connection enlisted in the transaction each time: the scope set on it is
 * remembered in the transaction (its synchronization registry) and not sent again while it is unchanged (three to
 * four round trips fewer per message sent). It is skipped only for the same driver connection while the transaction
 * is active: a rollback undoes the setting only when the transaction ends, and work after completion (after-commit
 * observers) sets it again.
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
        String tenantValue = tenant == null ? "" : tenant.toString();
        String scopeValue = system == null ? "" : "system";
        TransactionSynchronizationRegistry transaction = registry();
        boolean active = transaction != null && transaction.getTransactionKey() != null
                && transaction.getTransactionStatus() == jakarta.transaction.Status.STATUS_ACTIVE;
        Applied applied = active ? new Applied(physical(accessor.getConnection()), tenantValue, scopeValue) : null;
        if (applied != null && applied.equals(transaction.getResource(APPLIED))) {
            return; // set on this very connection earlier in this (still active) transaction
        }
        set(accessor.getConnection(), tenantValue, scopeValue);
        if (applied != null) {
            transaction.putResource(APPLIED, applied);
        }
    }

    /** What was set on which physical connection (compared by identity) in the current transaction. */
    private record Applied(Object connection, String tenant, String scope) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Applied a && a.connection == connection && a.tenant.equals(tenant) && a.scope.equals(scope);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(connection) * 31 + tenant.hashCode();
        }
    }

    /** The driver's connection behind the pool's handle (a new handle wraps the same connection within a transaction). */
    private static Object physical(Connection connection) {
        try {
            return connection.isWrapperFor(org.postgresql.PGConnection.class) ? connection.unwrap(org.postgresql.PGConnection.class) : connection;
        } catch (SQLException e) {
            return connection;
        }
    }

    private static final String APPLIED = RowSecurity.class.getName() + ".applied";
    private static volatile TransactionSynchronizationRegistry registry;

    /** The container's transaction synchronization registry (null outside a container, e.g. Flyway at start-up). */
    private static TransactionSynchronizationRegistry registry() {
        TransactionSynchronizationRegistry r = registry;
        if (r == null) {
            try {
                r = (TransactionSynchronizationRegistry) new javax.naming.InitialContext().lookup("java:comp/TransactionSynchronizationRegistry");
                registry = r;
            } catch (javax.naming.NamingException | RuntimeException e) {
                return null;
            }
        }
        return r;
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
        set(connection, tenant, scope, false);
    }

    /**
     * Sets the scope of a connection for its current transaction only: it ends with the commit or rollback, so the
     * connection needs no round trip to reset it before it goes back to the pool (group commit's batches).
     */
    public static void setForTransaction(Connection connection, String tenant, String scope) {
        set(connection, tenant, scope, true);
    }

    private static void set(Connection connection, String tenant, String scope, boolean local) {
        try (PreparedStatement ps = connection.prepareStatement("select set_config('" + SETTING + "', ?, " + local + "), set_config('"
                + SCOPE_SETTING + "', ?, " + local + ")")) {
            ps.setString(1, tenant);
            ps.setString(2, scope);
            ps.execute();
        } catch (SQLException e) {
            throw DatabaseException.sqlException(e);
        }
    }
}
