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
        set(accessor.getConnection(), tenant == null ? "" : tenant.toString());
    }

    /** Sets the tenant scope of a connection ('' for none). */
    public static void set(Connection connection, String tenant) {
        try (PreparedStatement ps = connection.prepareStatement("select set_config('" + SETTING + "', ?, false)")) {
            ps.setString(1, tenant);
            ps.execute();
        } catch (SQLException e) {
            throw DatabaseException.sqlException(e);
        }
    }
}
