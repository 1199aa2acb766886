package com.chatplatform.api.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Applies the Flyway migrations before anything else touches the database, then (every start, idempotently)
 * puts the row-level security backstop on every table that has a {@code tenant_id} column and grants the
 * service's role what it needs (ADR 0006).
 *
 * <p>Two roles: the schema owner (chat.db.migration.user / .password) runs the migrations and owns the
 * tables; the service's data source connects as chat.db.user, which must be neither a superuser nor have
 * BYPASSRLS, or the policies do not apply to it (a warning is logged). Without a migration user the
 * service's own role migrates (one role; then it owns the tables and FORCE ROW LEVEL SECURITY still applies
 * to it unless it is a superuser).
 */
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DatabaseMigrator {
    private static final Logger LOG = Logger.getLogger(DatabaseMigrator.class.getName());
    private static final Pattern ROLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    static final String POLICY = "tenant_scope";
    private static final String TENANT_MATCH = "tenant_id = nullif(current_setting('" + RowSecurity.SETTING + "', true), '')::uuid";
    /** fail-closed (default): only the connection's tenant's rows, all rows in a system scope, none otherwise. */
    static final String FAIL_CLOSED = "current_setting('" + RowSecurity.SCOPE_SETTING + "', true) = 'system' or " + TENANT_MATCH;
    /** tenant: only the connection's tenant's rows when it names one, all rows otherwise. */
    static final String TENANT_RESTRICTED = "coalesce(current_setting('" + RowSecurity.SETTING + "', true), '') = '' or " + TENANT_MATCH;

    @Resource(lookup = "java:app/jdbc/chat")
    DataSource dataSource;

    @PostConstruct
    void migrate() {
        Config config = ConfigProvider.getConfig();
        String appRole = config.getValue("chat.db.user", String.class);
        String mode = config.getOptionalValue("chat.db.row-security", String.class).orElse("fail-closed");
        String expression = switch (mode) {
            case "fail-closed" -> FAIL_CLOSED;
            case "tenant" -> TENANT_RESTRICTED;
            default -> throw new IllegalStateException("chat.db.row-security must be fail-closed or tenant, not " + mode);
        };
        DataSource owner = ownerDataSource(config).orElse(dataSource);
        var result = Flyway.configure(getClass().getClassLoader())
                .dataSource(owner)
                .locations("classpath:db/migration")
                // Migrations act for every tenant: the system scope of row-level security (ADR 0006).
                .initSql("select set_config('" + RowSecurity.SCOPE_SETTING + "', 'system', false)")
                .load()
                .migrate();
        // the target version is set only when something was applied; otherwise the schema stays at the initial one
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        LOG.info(() -> "Database schema at version " + version + " (" + result.migrationsExecuted + " migrations applied now)");
        try (Connection c = owner.getConnection()) {
            List<String> tables = installRowLevelSecurity(c, expression);
            grant(c, appRole);
            LOG.info(() -> "Row-level security (" + mode + ") on " + tables.size() + " tenant-owned tables " + tables);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot install row-level security: " + e.getMessage(), e);
        }
        warnIfBypassing();
    }

    private static Optional<DataSource> ownerDataSource(Config config) {
        Optional<String> user = config.getOptionalValue("chat.db.migration.user", String.class).filter(u -> !u.isBlank());
        if (user.isEmpty()) {
            return Optional.empty();
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(config.getValue("chat.db.url", String.class));
        ds.setUser(user.get());
        ds.setPassword(config.getOptionalValue("chat.db.migration.password", String.class).orElse(""));
        return Optional.of(ds);
    }

    /** Enables and forces RLS with the tenant policy on every table of the schema that has tenant_id. */
    static List<String> installRowLevelSecurity(Connection c, String expression) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select c.table_name from information_schema.columns c "
                     + "join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name "
                     + "where c.table_schema = current_schema() and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE' "
                     + "order by 1")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        for (String table : tables) {
            try (Statement s = c.createStatement()) {
                s.execute("alter table \"" + table + "\" enable row level security");
                s.execute("alter table \"" + table + "\" force row level security");
                // Re-created every start (one transaction per table), so a change of mode or expression applies.
                c.setAutoCommit(false);
                try {
                    // "if exists" and the table lock it takes keep two nodes starting together from colliding.
                    s.execute("drop policy if exists " + POLICY + " on \"" + table + "\"");
                    s.execute("create policy " + POLICY + " on \"" + table + "\" using (" + expression
                            + ") with check (" + expression + ")");
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
        }
        return tables;
    }

    /** The service's role may read and write the tables (audit_event only append) and use the sequences. */
    private static void grant(Connection c, String appRole) throws SQLException {
        String current;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select current_user")) {
            rs.next();
            current = rs.getString(1);
        }
        if (current.equals(appRole)) {
            return;
        }
        if (!ROLE.matcher(appRole).matches()) {
            throw new IllegalStateException("chat.db.user must be a plain role name (lower case letters, digits, _): " + appRole);
        }
        try (Statement s = c.createStatement()) {
            s.execute("grant usage on schema " + schema(c) + " to " + appRole);
            s.execute("grant select, insert, update, delete on all tables in schema " + schema(c) + " to " + appRole);
            s.execute("grant usage, select, update on all sequences in schema " + schema(c) + " to " + appRole);
            s.execute("revoke update, delete, truncate on audit_event from " + appRole);
            s.execute("revoke insert, update, delete, truncate on flyway_schema_history from " + appRole);
        }
    }

    private static String schema(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select quote_ident(current_schema())")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void warnIfBypassing() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select current_user, rolsuper, rolbypassrls from pg_roles where rolname = current_user")) {
            if (rs.next() && (rs.getBoolean(2) || rs.getBoolean(3))) {
                LOG.warning("The service connects to PostgreSQL as " + rs.getString(1) + ", a superuser or BYPASSRLS role: "
                        + "row-level security does not apply to it. Run it as a plain role (chat.db.user) and migrate with "
                        + "chat.db.migration.user (docs/operations.md).");
            }
        } catch (SQLException e) {
            LOG.warning("Could not check the database role: " + e.getMessage());
        }
    }
}
