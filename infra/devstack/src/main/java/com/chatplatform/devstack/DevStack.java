package com.chatplatform.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The local services of the platform, started in parallel into one base folder:
 * {@code postgres/} (PostgreSQL 17), {@code s3/} (S3Proxy, filesystem) and {@code elasticsearch/}
 * (a node from the es-node home). Data survives restarts.
 *
 * <p>The S3 access and secret key are generated on the first start and kept in
 * {@code base/credentials.properties} (mode 600): no secret lives in the repository.
 * {@link #apiEnvironment()} gives the environment variables the API reads. {@link #close()} stops
 * everything in reverse order.
 */
public final class DevStack implements AutoCloseable {

    public static final String DATABASE = "chat";
    public static final String BUCKET = "chat-media";
    public static final String REGION = "us-east-1";
    public static final String CREDENTIALS_FILE = "credentials.properties";
    /** The role the API connects as (no superuser, no BYPASSRLS: row-level security applies to it). */
    public static final String SERVICE_ROLE = "chat_app";
    public static final String DATABASE_CREDENTIALS_FILE = "database-credentials.properties";

    private final Path baseDir;
    private final PostgresServer postgres;
    private final S3Server s3;
    private final ElasticsearchNode elasticsearch; // null when started without it
    private final String s3AccessKey;
    private final String s3SecretKey;
    private final String serviceRolePassword;
    private final Duration startTime;
    private final Map<String, Duration> serviceStartTimes;
    private volatile boolean closed;

    private DevStack(Path baseDir, PostgresServer postgres, S3Server s3, ElasticsearchNode elasticsearch,
                     String s3AccessKey, String s3SecretKey, String serviceRolePassword, Duration startTime,
                     Map<String, Duration> serviceStartTimes) {
        this.serviceRolePassword = serviceRolePassword;
        this.baseDir = baseDir;
        this.postgres = postgres;
        this.s3 = s3;
        this.elasticsearch = elasticsearch;
        this.s3AccessKey = s3AccessKey;
        this.s3SecretKey = s3SecretKey;
        this.startTime = startTime;
        this.serviceStartTimes = serviceStartTimes;
    }

    public static Builder builder(Path baseDir) {
        return new Builder(baseDir);
    }

    /** The Elasticsearch home: system property/env chat.es.home / CHAT_ES_HOME, else {@code <repo>/infra/es-node/target/es-home}. */
    public static Path defaultEsHome(Path repoRoot) {
        String configured = System.getProperty("chat.es.home");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("CHAT_ES_HOME");
        }
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return repoRoot.resolve("infra/es-node/target/es-home");
    }

    public Path baseDir() {
        return baseDir;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public S3Server s3() {
        return s3;
    }

    /** The Elasticsearch node, or null when the stack was started without one. */
    public ElasticsearchNode elasticsearch() {
        return elasticsearch;
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl(DATABASE);
    }

    public String s3AccessKey() {
        return s3AccessKey;
    }

    public String s3SecretKey() {
        return s3SecretKey;
    }

    /** How long the parallel start took. */
    public Duration startTime() {
        return startTime;
    }

    /** How long each service took to start: keys postgres, s3, elasticsearch. */
    public Map<String, Duration> serviceStartTimes() {
        return serviceStartTimes;
    }

    /** The configuration of the API as environment variables (MicroProfile Config names in upper case). */
    public Map<String, String> apiEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CHAT_DB_URL", jdbcUrl());
        // The API runs as a plain role (row-level security applies); the superuser only migrates the schema.
        env.put("CHAT_DB_USER", SERVICE_ROLE);
        env.put("CHAT_DB_PASSWORD", serviceRolePassword);
        env.put("CHAT_DB_MIGRATION_USER", postgres.user());
        env.put("CHAT_DB_MIGRATION_PASSWORD", postgres.password());
        if (elasticsearch != null) {
            env.put("CHAT_ES_URL", elasticsearch.url());
        }
        env.put("CHAT_S3_ENDPOINT", s3.endpoint().toString());
        env.put("CHAT_S3_REGION", REGION);
        env.put("CHAT_S3_BUCKET", BUCKET);
        env.put("CHAT_S3_ACCESS_KEY", s3AccessKey);
        env.put("CHAT_S3_SECRET_KEY", s3SecretKey);
        env.put("CHAT_S3_PATH_STYLE", "true");
        return env;
    }

    /** Stops Elasticsearch, S3 and PostgreSQL (reverse start order); the data stays. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<AutoCloseable> reverse = new ArrayList<>();
        if (elasticsearch != null) {
            reverse.add(elasticsearch);
        }
        reverse.add(s3);
        reverse.add(postgres);
        closeAll(reverse);
    }

    private static void closeAll(List<? extends AutoCloseable> services) {
        RuntimeException failure = null;
        for (AutoCloseable c : services) {
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Could not stop " + c + ": " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The password of {@link #SERVICE_ROLE}: generated on the first start, kept in {@code base/database-credentials.properties}. */
    static String loadOrCreateServiceRolePassword(Path baseDir) throws IOException {
        Path file = baseDir.resolve(DATABASE_CREDENTIALS_FILE);
        Properties p = readOrCreate(file, () -> {
            Properties fresh = new Properties();
            fresh.setProperty("db.service-role.password", randomString(32,
                    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"));
            return fresh;
        }, "Password of the API's database role " + SERVICE_ROLE + " (generated on first start; local development only)");
        String password = p.getProperty("db.service-role.password", "");
        if (password.length() < 16) {
            throw new IllegalStateException(file + " lacks db.service-role.password: delete it to generate a new one.");
        }
        return password;
    }

    /** Reads the S3 keys from {@code base/credentials.properties}, generating and storing them on first use. */
    static String[] loadOrCreateS3Credentials(Path baseDir) throws IOException {
        Path file = baseDir.resolve(CREDENTIALS_FILE);
        Properties p = readOrCreate(file, () -> {
            Properties fresh = new Properties();
            fresh.setProperty("s3.access-key", randomString(20, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"));
            fresh.setProperty("s3.secret-key", randomString(40,
                    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"));
            return fresh;
        }, "S3 credentials of the local stack (generated on first start; local development only)");
        String access = p.getProperty("s3.access-key", "");
        String secret = p.getProperty("s3.secret-key", "");
        if (access.isBlank() || secret.isBlank()) {
            throw new IllegalStateException(file + " lacks s3.access-key or s3.secret-key: delete it to generate new keys.");
        }
        return new String[] {access, secret};
    }

    /**
     * Returns the properties in {@code file}; when it does not exist, stores {@code generator}'s (mode 600,
     * written atomically) and returns them.
     */
    public static Properties readOrCreate(Path file, Callable<Properties> generator, String comment) throws IOException {
        if (Files.exists(file)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
            return p;
        }
        Properties fresh;
        try {
            fresh = generator.call();
        } catch (Exception e) {
            throw new IOException("Cannot generate " + file + ": " + e.getMessage(), e);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(tmp)) {
            fresh.store(out, comment);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp);
            return readOrCreate(file, generator, comment);
        }
        return fresh;
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A random string of {@code length} characters of {@code alphabet} (SecureRandom). */
    public static String randomString(int length, String alphabet) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** Where and on which ports to start. */
    public static final class Builder {
        private final Path baseDir;
        private int postgresPort;
        private int s3Port;
        private int elasticsearchPort;
        private Path esHome;
        private boolean withElasticsearch = true;
        private Duration timeout = Duration.ofSeconds(180);

        private Builder(Path baseDir) {
            this.baseDir = Objects.requireNonNull(baseDir, "baseDir").toAbsolutePath().normalize();
        }

        /** 0 (default) picks a free port. */
        public Builder postgresPort(int port) {
            this.postgresPort = port;
            return this;
        }

        public Builder s3Port(int port) {
            this.s3Port = port;
            return this;
        }

        public Builder elasticsearchPort(int port) {
            this.elasticsearchPort = port;
            return this;
        }

        /** The Elasticsearch home (infra/es-node/target/es-home). */
        public Builder esHome(Path esHome) {
            this.esHome = esHome;
            return this;
        }

        /** Starts PostgreSQL and S3 only (CHAT_ES_URL is then absent from the API environment). */
        public Builder withoutElasticsearch() {
            this.withElasticsearch = false;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout);
            return this;
        }

        /**
         * Starts the services in parallel; when one fails, stops the others and throws its one-sentence
         * reason.
         */
        public DevStack start() throws IOException, InterruptedException {
            long t0 = System.nanoTime();
            org.slf4j.LoggerFactory.getILoggerFactory(); // initialise logging once, before the parallel starts
            Files.createDirectories(baseDir);
            if (withElasticsearch) {
                if (esHome == null) {
                    throw new IllegalStateException("No Elasticsearch home given: set chat.es.home or use withoutElasticsearch().");
                }
                if (!Files.isDirectory(esHome)) {
                    throw new IllegalStateException("Elasticsearch home " + esHome
                            + " does not exist: build it with ./mvnw -pl infra/es-node package.");
                }
            }
            List<Integer> taken = new ArrayList<>();
            int pgPort = choose(postgresPort, taken, "PostgreSQL");
            int s3p = choose(s3Port, taken, "S3");
            int esPort = withElasticsearch ? choose(elasticsearchPort, taken, "Elasticsearch") : 0;
            String[] keys = loadOrCreateS3Credentials(baseDir);
            String rolePassword = loadOrCreateServiceRolePassword(baseDir);
            Files.createDirectories(baseDir.resolve("s3").resolve(BUCKET)); // a folder is a bucket for S3Proxy

            Map<String, Duration> times = new java.util.concurrent.ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(3, r -> {
                Thread t = new Thread(r, "devstack-start");
                t.setDaemon(true);
                return t;
            });
            List<Future<? extends AutoCloseable>> all = new ArrayList<>();
            try {
                Future<PostgresServer> pg = pool.submit(timed(times, "postgres", () -> {
                    PostgresServer server = PostgresServer.start(baseDir.resolve("postgres"), pgPort);
                    try {
                        server.createDatabaseIfMissing(DATABASE);
                        server.ensureServiceRole(DATABASE, SERVICE_ROLE, rolePassword);
                    } catch (RuntimeException e) {
                        server.close();
                        throw e;
                    }
                    return server;
                }));
                all.add(pg);
                Future<S3Server> s3 = pool.submit(timed(times, "s3",
                        () -> S3Server.start(baseDir.resolve("s3"), s3p, keys[0], keys[1])));
                all.add(s3);
                Future<ElasticsearchNode> es = null;
                if (withElasticsearch) {
                    es = pool.submit(timed(times, "elasticsearch",
                            () -> ElasticsearchNode.start(esHome, baseDir.resolve("elasticsearch"), esPort, timeout)));
                    all.add(es);
                }
                // Wait for every start to finish, even when interrupted (Ctrl-C): a half-started server
                // would otherwise be left running. Then either all are up or those that are get stopped.
                boolean interrupted = false;
                Throwable failure = null;
                List<AutoCloseable> started = new ArrayList<>();
                for (Future<? extends AutoCloseable> f : all) {
                    while (true) {
                        try {
                            started.add(f.get());
                            break;
                        } catch (InterruptedException e) {
                            interrupted = true;
                        } catch (ExecutionException e) {
                            if (failure == null) {
                                failure = e.getCause();
                            } else {
                                failure.addSuppressed(e.getCause());
                            }
                            break;
                        }
                    }
                }
                if (failure == null && !interrupted) {
                    return new DevStack(baseDir, pg.get(), s3.get(), es == null ? null : es.get(), keys[0], keys[1], rolePassword,
                            Duration.ofNanos(System.nanoTime() - t0), Map.copyOf(times));
                }
                java.util.Collections.reverse(started);
                try {
                    closeAll(started);
                } catch (RuntimeException e) {
                    if (failure != null) {
                        failure.addSuppressed(e);
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedException("Interrupted while the local services were starting; stopped them.");
                }
                if (failure instanceof IOException io) {
                    throw io;
                }
                if (failure instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(failure.getMessage(), failure);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause().getMessage(), e.getCause()); // not reached: all done
            } finally {
                pool.shutdown();
            }
        }

        private static <T> Callable<T> timed(Map<String, Duration> times, String name, Callable<T> start) {
            return () -> {
                long t = System.nanoTime();
                T result = start.call();
                times.put(name, Duration.ofNanos(System.nanoTime() - t));
                return result;
            };
        }

        private static int choose(int requested, List<Integer> taken, String service) throws IOException {
            if (requested > 0) {
                if (taken.contains(requested)) {
                    throw new IllegalArgumentException(service + " port " + requested + " is given to two services.");
                }
                taken.add(requested);
                return requested;
            }
            for (int i = 0; i < 20; i++) {
                int p = Ports.freePort();
                if (!taken.contains(p)) {
                    taken.add(p);
                    return p;
                }
            }
            throw new IllegalStateException("Found no free port for " + service + ".");
        }
    }
}
