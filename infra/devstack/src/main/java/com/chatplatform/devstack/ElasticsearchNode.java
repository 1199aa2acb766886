package com.chatplatform.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real single-node Elasticsearch, run as a separate JVM (the caller's own JDK) from the home that
 * {@code infra/es-node} assembles from Maven Central artifacts ({@code ./mvnw package} builds it at
 * {@code infra/es-node/target/es-home}). Development and test fixture only: production uses a real cluster.
 *
 * <p>The node listens on 127.0.0.1 only, on the given HTTP port and on a free transport port; its cluster name is
 * {@code chat-<httpPort>}, so several nodes on one machine never join each other. Its stdout and stderr go to
 * {@code <dataDir>.log} beside the data folder. It stops cleanly when {@link #close()} writes 0x1B to its stdin, and
 * exits by itself when its stdin closes, so a parent that dies leaves no orphan.
 *
 * <p>The node lacks the reindex module (_delete_by_query, _update_by_query), analysis-common, mapper-extras,
 * painless and x-pack: see the es-node README.
 */
public final class ElasticsearchNode implements AutoCloseable {

    /** System property with the heap size ({@code -Xms}/{@code -Xmx}) of nodes started without an explicit one. */
    public static final String HEAP_PROPERTY = "chat.es.heap";
    public static final String DEFAULT_HEAP = "512m";

    /** The launcher main written in infra/es-node (replaces the server CLI, which is not published). */
    static final String LAUNCHER_MAIN = "com.chatplatform.esnode.launcher.EsNodeMain";

    private static final int READY_MARKER = 0x18;
    private static final int SHUTDOWN_MARKER = 0x1B;
    private static final Duration CLEAN_STOP_WAIT = Duration.ofSeconds(10);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgG]?");
    private static final int LOG_TAIL_LINES = 40;

    private final Process process;
    private final int httpPort;
    private final int transportPort;
    private final Path logFile;
    private final Thread stderrPump;
    private final Thread shutdownHook;
    private volatile Duration startupTime;
    private boolean stopped;

    private ElasticsearchNode(Process process, int httpPort, int transportPort, Path logFile, Thread stderrPump) {
        this.process = process;
        this.httpPort = httpPort;
        this.transportPort = transportPort;
        this.logFile = logFile;
        this.stderrPump = stderrPump;
        this.shutdownHook = new Thread(this::stop, "es-node-" + httpPort + "-shutdown");
    }

    /**
     * Starts a node with the heap of system property {@value #HEAP_PROPERTY} (default {@value #DEFAULT_HEAP}) and
     * returns once its cluster health is at least yellow.
     *
     * @param esHome   the assembled home ({@code infra/es-node/target/es-home})
     * @param dataDir  where the node keeps its data (created if missing; kept across restarts)
     * @param httpPort the HTTP port on 127.0.0.1; must be free
     * @param timeout  how long to wait for the node to become ready
     * @throws IllegalStateException with a one-sentence message if the home is missing, the port is taken, or the node
     *                               exits or is not ready in time (then with the tail of its log)
     */
    public static ElasticsearchNode start(Path esHome, Path dataDir, int httpPort, Duration timeout)
        throws IOException {
        return start(esHome, dataDir, httpPort, timeout, System.getProperty(HEAP_PROPERTY, DEFAULT_HEAP));
    }

    /** As {@link #start(Path, Path, int, Duration)}, with an explicit heap size such as "512m" or "1g". */
    public static ElasticsearchNode start(Path esHome, Path dataDir, int httpPort, Duration timeout, String heap)
        throws IOException {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The start timeout must be positive, not " + timeout + ".");
        }
        if (heap == null || !HEAP.matcher(heap.strip()).matches()) {
            throw new IllegalArgumentException("Heap size [" + heap + "] is not a JVM size such as 512m or 1g.");
        }
        Path home = esHome.toAbsolutePath().normalize();
        Layout layout = Layout.of(home);
        if (!Ports.isFree(httpPort)) {
            throw new IllegalStateException("Port " + httpPort + " on 127.0.0.1 is already in use, so Elasticsearch "
                + "cannot listen there: stop what uses it or choose another port (Ports.freePort()).");
        }
        int transportPort = Ports.freePort();
        while (transportPort == httpPort) {
            transportPort = Ports.freePort();
        }

        Path data = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(data);
        Path logsDir = data.getParent() != null ? data.getParent() : data;
        Path logFile = logsDir.resolve(data.getFileName() + ".log");
        Files.writeString(logFile, "", StandardCharsets.UTF_8); // a fresh log per start, so its tail is this run's

        List<String> command = command(layout, heap.strip(), data, logsDir, httpPort, transportPort);
        ProcessBuilder builder = new ProcessBuilder(command)
            .directory(logsDir.toFile())
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectError(ProcessBuilder.Redirect.PIPE)
            .redirectInput(ProcessBuilder.Redirect.PIPE);
        Map<String, String> env = builder.environment();
        env.put("LIBFFI_TMPDIR", layout.tmp().toString());
        // Options meant for the caller's JVM (agents, debuggers) must not leak into the node.
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("JDK_JAVA_OPTIONS");
        env.remove("_JAVA_OPTIONS");

        long startedAt = System.nanoTime();
        Process process = builder.start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread pump = new Thread(() -> pumpStderr(process.getErrorStream(), logFile, ready),
            "es-node-" + httpPort + "-stderr");
        pump.setDaemon(true);
        pump.start();

        ElasticsearchNode node = new ElasticsearchNode(process, httpPort, transportPort, logFile, pump);
        Runtime.getRuntime().addShutdownHook(node.shutdownHook);
        try {
            node.awaitReady(ready, startedAt + timeout.toNanos(), timeout);
        } catch (RuntimeException | Error e) {
            node.stop();
            throw e;
        }
        node.startupTime = Duration.ofNanos(System.nanoTime() - startedAt);
        return node;
    }

    /** {@code http://127.0.0.1:<httpPort>} */
    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public int transportPort() {
        return transportPort;
    }

    public long pid() {
        return process.pid();
    }

    /** The node's stdout and stderr: {@code <dataDir>.log}. */
    public Path logFile() {
        return logFile;
    }

    /** From process start to cluster health yellow. */
    public Duration startupTime() {
        return startupTime;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Stops the node: asks for a clean shutdown (byte 0x1B on its stdin), waits up to 10 s, then terminates and if
     * needed kills it. Idempotent.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            if (process.isAlive()) {
                try {
                    OutputStream stdin = process.getOutputStream();
                    stdin.write(SHUTDOWN_MARKER);
                    stdin.flush();
                } catch (IOException e) {
                    // stdin already closed: the node is exiting by itself.
                }
                if (!waitForExit(CLEAN_STOP_WAIT)) {
                    process.descendants().forEach(ProcessHandle::destroy);
                    process.destroy();
                    if (!waitForExit(KILL_WAIT)) {
                        process.descendants().forEach(ProcessHandle::destroyForcibly);
                        process.destroyForcibly();
                        waitForExit(KILL_WAIT);
                    }
                }
            }
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                // nothing left to close
            }
            stderrPump.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: this is the hook itself running
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "ElasticsearchNode[" + url() + ", pid " + pid() + ", log " + logFile + "]";
    }

    private void awaitReady(CountDownLatch ready, long deadline, Duration timeout) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            int round = 0;
            while (true) {
                if (!process.isAlive()) {
                    throw failure("Elasticsearch (pid " + pid() + ") exited with code " + exitCode()
                        + " before becoming ready on port " + httpPort);
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw failure("Elasticsearch (pid " + pid() + ") did not become ready on " + url() + " within "
                        + timeout.toSeconds() + " s");
                }
                // The node writes 0x18 on stderr once started; poll the health API as well in case it never does.
                boolean marker = ready.await(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(500)), TimeUnit.NANOSECONDS);
                if ((marker || ++round % 4 == 0) && healthy(http, deadline)) {
                    return;
                }
                if (marker) {
                    Thread.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Elasticsearch on " + url() + ".", e);
        }
    }

    /** Cluster health yellow or green. GET / answers 405 on this node (no rest-root module). */
    private boolean healthy(HttpClient http, long deadline) throws InterruptedException {
        long waitSeconds = Math.max(1, Math.min(10, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime())));
        HttpRequest request = HttpRequest.newBuilder(
                URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=" + waitSeconds + "s"))
            .timeout(Duration.ofSeconds(waitSeconds + 5))
            .GET()
            .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200
                && (response.body().contains("\"status\":\"green\"") || response.body().contains("\"status\":\"yellow\""));
        } catch (IOException e) {
            return false; // not listening yet
        }
    }

    private IllegalStateException failure(String sentence) {
        process.destroyForcibly();
        try {
            waitForExit(KILL_WAIT);
            stderrPump.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException(sentence + "; the end of its log " + logFile + ":\n" + tail(logFile));
    }

    private boolean waitForExit(Duration wait) throws InterruptedException {
        return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private String exitCode() {
        try {
            return String.valueOf(process.exitValue());
        } catch (IllegalThreadStateException e) {
            return "?";
        }
    }

    /** Copies the node's stderr into the log, minus the readiness byte, which it reports through {@code ready}. */
    private static void pumpStderr(InputStream stderr, Path logFile, CountDownLatch ready) {
        byte[] buffer = new byte[8192];
        try (stderr;
             OutputStream log = Files.newOutputStream(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            int n;
            while ((n = stderr.read(buffer)) != -1) {
                int kept = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == READY_MARKER) {
                        ready.countDown();
                    } else {
                        buffer[kept++] = buffer[i];
                    }
                }
                if (kept > 0) {
                    log.write(buffer, 0, kept);
                    log.flush();
                }
            }
        } catch (IOException e) {
            // the node is gone or the log is unwritable: nothing more to copy
        }
    }

    private static String tail(Path file) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int size = (int) Math.min(length, 64 * 1024);
            byte[] bytes = new byte[size];
            raf.seek(length - size);
            raf.readFully(bytes);
            List<String> lines = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
            if (lines.size() > LOG_TAIL_LINES) {
                lines = lines.subList(lines.size() - LOG_TAIL_LINES, lines.size());
            }
            return String.join("\n", lines);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static List<String> command(Layout layout, String heap, Path data, Path logsDir, int httpPort,
                                        int transportPort) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add("-Xms" + heap);
        command.add("-Xmx" + heap);
        command.add("-Des.path.home=" + layout.home());
        command.add("-Des.path.conf=" + layout.config());
        command.add("-Des.distribution.type=tar");
        command.add("-Djava.io.tmpdir=" + layout.tmp());
        command.add("--enable-native-access=org.elasticsearch.nativeaccess,org.apache.lucene.core");
        command.add("-Djdk.attach.allowAttachSelf=true");
        command.add("-XX:+EnableDynamicAgentLoading");
        command.add("-Des.entitlement.agentJar=" + layout.agentJar());
        command.add("--patch-module=java.base=" + layout.bridgeJar());
        command.add("--add-exports=java.base/org.elasticsearch.entitlement.bridge=org.elasticsearch.entitlement");
        command.add("--add-opens=org.elasticsearch.server/org.elasticsearch.bootstrap=ALL-UNNAMED");
        command.add("-Dio.netty.noUnsafe=true");
        command.add("-Dlog4j2.formatMsgNoLookups=true");
        // As the distribution's own JVM options: Elasticsearch stops log4j itself, after logging its shutdown.
        command.add("-Dlog4j.shutdownHookEnabled=false");
        command.add("-Dlog4j2.disable.jmx=true");
        command.add("-Djava.locale.providers=CLDR");
        command.add("-XX:ErrorFile=" + logsDir.resolve("hs_err_pid%p.log"));
        command.add("--module-path");
        command.add(layout.lib().toString());
        command.add("--add-modules=jdk.net");
        command.add("--add-modules=ALL-MODULE-PATH");
        command.add("-cp");
        command.add(layout.launcherJar().toString());
        command.add(LAUNCHER_MAIN);
        command.add("-Ehttp.port=" + httpPort);
        command.add("-Etransport.port=" + transportPort);
        command.add("-Epath.data=" + data);
        command.add("-Epath.logs=" + logsDir);
        command.add("-Ecluster.name=chat-" + httpPort);
        command.add("-Enode.name=chat-es-" + httpPort);
        return command;
    }

    /** The caller's own JDK. */
    private static String javaExecutable() {
        String javaHome = System.getProperty("java.home");
        if (javaHome != null) {
            Path java = Path.of(javaHome, "bin", isWindows() ? "java.exe" : "java");
            if (Files.isExecutable(java)) {
                return java.toString();
            }
        }
        return ProcessHandle.current().info().command()
            .orElseThrow(() -> new IllegalStateException("Cannot find the java executable of this JVM (java.home "
                + javaHome + ")."));
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase().startsWith("windows");
    }

    /** The files of the home this class needs; checked before anything starts. */
    private record Layout(Path home, Path config, Path lib, Path tmp, Path agentJar, Path bridgeJar, Path launcherJar) {

        static Layout of(Path home) {
            if (!Files.isDirectory(home)) {
                throw new IllegalStateException("The Elasticsearch home " + home
                    + " does not exist: run ./mvnw package first (infra/es-node assembles it).");
            }
            Path config = home.resolve("config");
            Path lib = home.resolve("lib");
            Path tmp = home.resolve("tmp");
            require(home, config.resolve("elasticsearch.yml"));
            require(home, home.resolve("modules/transport-netty4/plugin-descriptor.properties"));
            singleJar(home, lib, "elasticsearch-");
            try {
                Files.createDirectories(tmp);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create " + tmp + ".", e);
            }
            return new Layout(home, config, lib, tmp,
                singleJar(home, lib.resolve("entitlement-agent"), ""),
                singleJar(home, lib.resolve("entitlement-bridge"), "elasticsearch-entitlement-bridge-"),
                singleJar(home, home.resolve("launcher"), ""));
        }

        private static void require(Path home, Path file) {
            if (!Files.isRegularFile(file)) {
                throw missing(home, file);
            }
        }

        private static Path singleJar(Path home, Path dir, String prefix) {
            if (!Files.isDirectory(dir)) {
                throw missing(home, dir);
            }
            try (Stream<Path> files = Files.list(dir)) {
                return files
                    .filter(f -> f.getFileName().toString().startsWith(prefix) && f.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .findFirst()
                    .orElseThrow(() -> missing(home, dir.resolve(prefix + "*.jar")));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + dir + ".", e);
            }
        }

        private static IllegalStateException missing(Path home, Path what) {
            return new IllegalStateException("The Elasticsearch home " + home + " is missing or incomplete (no "
                + home.relativize(what) + "): run ./mvnw package first.");
        }
    }
}
