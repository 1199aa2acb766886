package com.chatplatform.launcher;

import com.chatplatform.devstack.Deployment;
import com.chatplatform.devstack.DevStack;
import com.chatplatform.devstack.PayaraMicroProcess;
import com.chatplatform.devstack.Ports;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./chat up}: starts PostgreSQL, S3 and Elasticsearch (data in {@code .chat/}), then Payara Micro
 * with the API at /api and the console at /console, prints where everything is and runs until Ctrl-C,
 * which stops everything.
 *
 * <p>Exit codes: 130 after Ctrl-C (the JVM's code for SIGINT), 1 when something fails to start or stops unexpectedly, 2 for a usage
 * error or a taken port.
 */
public final class ChatUp {

    static final String ADMIN_EMAIL = "admin@localhost";
    static final String ADMIN_FILE = "admin-credentials.properties";
    private static final String PASSWORD_ALPHABET =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final PrintStream out;
    private final Object lock = new Object();
    private final CountDownLatch startupDone = new CountDownLatch(1);
    private volatile boolean stopping;
    private DevStack stack;            // guarded by lock
    private PayaraMicroProcess payara; // guarded by lock

    ChatUp(PrintStream out) {
        this.out = out;
    }

    /** Parsed command line. */
    record Options(int port, Path dataDir, Path repoRoot, boolean help) {

        static Options parse(String[] args, Map<String, String> env, Path repoRoot) {
            int port = 8080;
            String envPort = env.get("CHAT_PORT");
            if (envPort != null && !envPort.isBlank()) {
                port = parsePort(envPort.strip(), "CHAT_PORT");
            }
            Path data = null;
            boolean help = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String value = null;
                String name = a;
                int eq = a.indexOf('=');
                if (a.startsWith("--") && eq > 0) {
                    name = a.substring(0, eq);
                    value = a.substring(eq + 1);
                }
                switch (name) {
                    case "--port" -> {
                        if (value == null) {
                            value = next(args, ++i, name);
                        }
                        port = parsePort(value, "--port");
                    }
                    case "--data" -> {
                        if (value == null) {
                            value = next(args, ++i, name);
                        }
                        data = Path.of(value);
                    }
                    case "-h", "--help", "help" -> help = true;
                    default -> throw new UsageException("Unknown option " + a + ".");
                }
            }
            Path dataDir = data == null ? repoRoot.resolve(".chat")
                    : (data.isAbsolute() ? data : Path.of("").toAbsolutePath().resolve(data));
            return new Options(port, dataDir.normalize(), repoRoot, help);
        }

        private static String next(String[] args, int i, String name) {
            if (i >= args.length) {
                throw new UsageException(name + " needs a value.");
            }
            return args[i];
        }

        private static int parsePort(String value, String what) {
            try {
                int p = Integer.parseInt(value);
                if (p >= 1 && p <= 65535) {
                    return p;
                }
            } catch (NumberFormatException ignored) {
                // below
            }
            throw new UsageException(what + " must be a port number between 1 and 65535, not \"" + value + "\".");
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    static String usage() {
        return """
                Usage: ./chat up [--port N] [--data DIR]
                  Starts PostgreSQL, Elasticsearch, an S3-compatible store and Payara Micro with the API
                  (/api) and the console (/console); Ctrl-C stops everything.
                  --port N    HTTP port of the API and console (default 8080, or env CHAT_PORT)
                  --data DIR  where data, credentials and logs are kept (default .chat in the repository)
                """;
    }

    public static void main(String[] args) {
        Path repo = repoRoot();
        Options options;
        try {
            options = Options.parse(args, System.getenv(), repo);
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.err.print(usage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(usage());
            return;
        }
        System.exit(new ChatUp(System.out).run(options));
    }

    /** The repository: system property chat.repo.root (set by ./chat), else the working directory. */
    static Path repoRoot() {
        String configured = System.getProperty("chat.repo.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("chat")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d;
            }
        }
        return dir;
    }

    int run(Options o) {
        long t0 = System.nanoTime();
        Path repo = o.repoRoot();
        Path payaraJar = repo.resolve("infra/launcher/target/payara-micro.jar");
        Path apiWar = repo.resolve("chat-api/target/chat-api.war");
        Path consoleWar = repo.resolve("chat-admin-ui/target/chat-admin-ui.war");
        Path esHome = DevStack.defaultEsHome(repo);
        for (Path required : List.of(payaraJar, apiWar, consoleWar, esHome)) {
            if (!Files.exists(required)) {
                System.err.println(repo.relativize(required) + " is missing: build it with ./mvnw -DskipTests package.");
                return 1;
            }
        }

        // Every port is checked before anything starts.
        if (!Ports.isFree(o.port())) {
            System.err.println("Port " + o.port() + " is already in use: stop what uses it or choose another with --port N (or CHAT_PORT).");
            return 2;
        }
        List<Integer> servicePorts = new ArrayList<>();
        while (servicePorts.size() < 3) {
            int p = Ports.freePort();
            if (p != o.port() && !servicePorts.contains(p)) {
                servicePorts.add(p);
            }
        }
        for (int p : servicePorts) {
            if (!Ports.isFree(p)) {
                System.err.println("Port " + p + " for a local service was taken meanwhile: run ./chat up again.");
                return 2;
            }
        }

        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(main), "chat-up-shutdown"));

        Path data = o.dataDir();
        Path logs = data.resolve("logs");
        try {
            Files.createDirectories(logs);
            out.println("Starting PostgreSQL, S3 and Elasticsearch in " + display(repo, data) + " ...");
            DevStack started = DevStack.builder(data)
                    .postgresPort(servicePorts.get(0))
                    .s3Port(servicePorts.get(1))
                    .elasticsearchPort(servicePorts.get(2))
                    .esHome(esHome)
                    .timeout(Duration.ofSeconds(180))
                    .start();
            synchronized (lock) {
                stack = started;
            }
            if (stopping) {
                return 0;
            }
            out.printf(Locale.ROOT, "  services up in %s (PostgreSQL %s, S3 %s, Elasticsearch %s)%n",
                    seconds(started.startTime()), seconds(started.serviceStartTimes().get("postgres")),
                    seconds(started.serviceStartTimes().get("s3")),
                    seconds(started.serviceStartTimes().get("elasticsearch")));

            AdminCredentials admin = AdminCredentials.loadOrCreate(data.resolve(ADMIN_FILE));
            String base = "http://localhost:" + o.port();
            Map<String, String> env = new LinkedHashMap<>(started.apiEnvironment());
            env.put("CHAT_BOOTSTRAP_ADMIN_EMAIL", admin.email());
            env.put("CHAT_BOOTSTRAP_ADMIN_PASSWORD", admin.password());
            env.put("CHAT_CONSOLE_API_URL", base + "/api/v1");

            Path payaraLog = logs.resolve("payara.log");
            out.println("Starting Payara Micro with the API and the console (log " + display(repo, payaraLog) + ") ...");
            long tp = System.nanoTime();
            PayaraMicroProcess server = PayaraMicroProcess.start(payaraJar,
                    List.of(new Deployment(apiWar, "/api"), new Deployment(consoleWar, "/console")),
                    o.port(), env, data.resolve("payara"), payaraLog, Duration.ofSeconds(300));
            synchronized (lock) {
                payara = server;
            }
            if (stopping) {
                return 0;
            }
            Duration payaraTime = Duration.ofNanos(System.nanoTime() - tp);
            Duration total = Duration.ofNanos(System.nanoTime() - t0);
            startupDone.countDown();

            out.println();
            out.println("Chat platform is up (started in " + seconds(total) + "; Payara Micro " + seconds(payaraTime) + ")");
            out.println("  API        " + base + "/api/v1");
            out.println("  Console    " + base + "/console");
            out.println("  Health     " + base + "/health/ready");
            out.println("  Metrics    " + base + "/metrics");
            out.println("  OpenAPI    " + base + "/openapi");
            out.println("  Admin      " + admin.email() + " / " + admin.password() + "  ("
                    + (admin.generated() ? "first start: generated, stored in " : "stored in ")
                    + display(repo, data.resolve(ADMIN_FILE)) + ")");
            out.println("  Services   PostgreSQL " + started.jdbcUrl() + ", S3 " + started.s3().endpoint()
                    + ", Elasticsearch " + started.elasticsearch().url());
            out.println("  Data       " + display(repo, data) + "   Logs " + display(repo, logs));
            out.println("Press Ctrl-C to stop.");
            out.flush();

            try {
                Process exited = server.onExit().get();
                if (!stopping) {
                    System.err.println("Payara Micro stopped unexpectedly (exit code " + exited.exitValue()
                            + "): see " + display(repo, payaraLog) + ".");
                    return 1;
                }
            } catch (InterruptedException e) {
                // Ctrl-C: the shutdown hook stops everything
            }
            return 0;
        } catch (InterruptedException e) {
            // Ctrl-C while the services started: DevStack stopped those that were up
            out.println("Start interrupted: stopped the services that had started.");
            return 0;
        } catch (IllegalStateException | IllegalArgumentException e) {
            if (stopping) {
                return 0;
            }
            System.err.println(e.getMessage());
            return 1;
        } catch (IOException e) {
            if (stopping) {
                return 0;
            }
            System.err.println("Could not start: " + e);
            return 1;
        } catch (ExecutionException e) {
            System.err.println(e.getCause().getMessage());
            return 1;
        } finally {
            startupDone.countDown();
        }
    }

    /** Shutdown hook: Ctrl-C or System.exit. Stops Payara, then the services; waits for them. */
    private void shutdown(Thread main) {
        boolean wasRunning = startupDone.getCount() == 0 && !stopping;
        stopping = true;
        main.interrupt(); // wakes a start in progress; it stops what it had started
        try {
            startupDone.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException ignored) {
            // go on and stop what is there
        }
        long t = System.nanoTime();
        PayaraMicroProcess p;
        DevStack s;
        synchronized (lock) {
            p = payara;
            s = stack;
        }
        if (p == null && s == null) {
            return;
        }
        out.println();
        out.println("Stopping ...");
        try {
            if (p != null) {
                p.close();
            }
        } catch (RuntimeException e) {
            System.err.println("Payara Micro: " + e.getMessage());
        }
        try {
            if (s != null) {
                s.close();
            }
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
        }
        out.println("Stopped in " + seconds(Duration.ofNanos(System.nanoTime() - t)) + (wasRunning ? "." : " (start interrupted)."));
        out.flush();
    }

    private static String seconds(Duration d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String display(Path repo, Path p) {
        return p.startsWith(repo) ? repo.relativize(p).toString() : p.toString();
    }

    /** The first platform admin: generated on the first start, kept (mode 600) in the data folder. */
    record AdminCredentials(String email, String password, boolean generated) {

        static AdminCredentials loadOrCreate(Path file) throws IOException {
            boolean existed = Files.exists(file);
            Properties p = DevStack.readOrCreate(file, () -> {
                Properties fresh = new Properties();
                fresh.setProperty("email", ADMIN_EMAIL);
                fresh.setProperty("password", DevStack.randomString(24, PASSWORD_ALPHABET));
                return fresh;
            }, "First platform admin of the local stack (generated on first start; local development only)");
            String email = p.getProperty("email", "").strip();
            String password = p.getProperty("password", "");
            if (email.isEmpty() || password.length() < 12) {
                throw new IllegalStateException(file + " lacks an email or a password of 12+ characters: fix it or delete it to generate new ones.");
            }
            return new AdminCredentials(email, password, !existed);
        }
    }
}
