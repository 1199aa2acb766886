package com.chatplatform.devstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Payara Micro as a child JVM ({@code java -jar payara-micro.jar --nocluster --port N --rootdir DIR
 * --deploy a.war:/api ...}), with its output in a log file.
 *
 * <p>{@link #start} returns once the HTTP port answers, the log says "Payara Micro ... ready" and every
 * context root is listed; it throws with the tail of the log when a deployment fails, the process exits
 * or the timeout passes. {@link #close()} stops the process and its descendants and waits for them.
 */
public final class PayaraMicroProcess implements AutoCloseable {

    /** Heap of the Payara JVM unless the caller passes its own JVM options. */
    public static final List<String> DEFAULT_JVM_ARGS = List.of("-Xmx768m", "-XX:+UseSerialGC");

    private static final Pattern READY = Pattern.compile("Payara Micro .*ready in");
    private static final Pattern FAILURE = Pattern.compile(
            "Failed to deploy|Exception while deploying|Exception while loading the app|Deployment failed"
                    + "|Failed to start, exiting|Error occurred during deployment|Application deployment failed",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
    private static final int TAIL_LINES = 40;

    private final Process process;
    private final int httpPort;
    private final Path logFile;
    private volatile boolean closed;

    private PayaraMicroProcess(Process process, int httpPort, Path logFile) {
        this.process = process;
        this.httpPort = httpPort;
        this.logFile = logFile;
    }

    /** Starts Payara Micro with {@link #DEFAULT_JVM_ARGS}. */
    public static PayaraMicroProcess start(Path payaraMicroJar, List<Deployment> wars, int httpPort,
                                           Map<String, String> env, Path rootDir, Path logFile,
                                           Duration timeout) throws IOException {
        return start(payaraMicroJar, wars, httpPort, env, rootDir, logFile, timeout, DEFAULT_JVM_ARGS);
    }

    /**
     * Starts Payara Micro deploying {@code wars} on {@code httpPort} and waits until they are deployed.
     *
     * @param env     extra environment variables for the server (added to this process's environment)
     * @param rootDir Payara's runtime folder (--rootdir)
     * @param logFile where stdout and stderr go (appended)
     * @param jvmArgs JVM options placed before {@code -jar}
     * @throws IllegalStateException with a one-sentence message (plus the log tail where there is one)
     *                               when a prerequisite is missing, the port is taken or deployment fails
     */
    public static PayaraMicroProcess start(Path payaraMicroJar, List<Deployment> wars, int httpPort,
                                           Map<String, String> env, Path rootDir, Path logFile,
                                           Duration timeout, List<String> jvmArgs) throws IOException {
        return start(payaraMicroJar, wars, httpPort, env, rootDir, logFile, timeout, jvmArgs, List.of("--nocluster"));
    }

    /**
     * As above, with {@code clusterArgs} instead of {@code --nocluster}: e.g. {@code --clustername N --clustermode
     * tcpip:127.0.0.1:P1,127.0.0.1:P2 --startport P1 --interfaces 127.0.0.1} for nodes that form a cluster on loopback.
     */
    public static PayaraMicroProcess start(Path payaraMicroJar, List<Deployment> wars, int httpPort,
                                           Map<String, String> env, Path rootDir, Path logFile,
                                           Duration timeout, List<String> jvmArgs, List<String> clusterArgs) throws IOException {
        Objects.requireNonNull(payaraMicroJar, "payaraMicroJar");
        Objects.requireNonNull(wars, "wars");
        if (!Files.isRegularFile(payaraMicroJar)) {
            throw new IllegalStateException("Payara Micro jar not found at " + payaraMicroJar
                    + ": build it with ./mvnw -DskipTests package.");
        }
        for (Deployment d : wars) {
            if (!Files.isRegularFile(d.war())) {
                throw new IllegalStateException("WAR for " + d.contextRoot() + " not found at " + d.war()
                        + ": build it with ./mvnw -DskipTests package.");
            }
        }
        if (!Ports.isFree(httpPort)) {
            throw new IllegalStateException("Payara Micro cannot start: port " + httpPort + " is already in use.");
        }
        Files.createDirectories(rootDir);
        Files.createDirectories(logFile.toAbsolutePath().getParent());

        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        cmd.addAll(jvmArgs);
        cmd.add("-jar");
        cmd.add(payaraMicroJar.toAbsolutePath().toString());
        cmd.addAll(clusterArgs);
        cmd.add("--port");
        cmd.add(Integer.toString(httpPort));
        cmd.add("--rootdir");
        cmd.add(rootDir.toAbsolutePath().toString());
        for (Deployment d : wars) {
            cmd.add("--deploy");
            cmd.add(d.deployArgument());
        }
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().putAll(env);
        if (!Files.exists(logFile)) {
            Files.createFile(logFile);
        }
        long logStart = Files.size(logFile);
        Process process = pb.start();
        PayaraMicroProcess payara = new PayaraMicroProcess(process, httpPort, logFile);
        try {
            payara.awaitDeployed(wars, logStart, timeout);
        } catch (IOException | RuntimeException e) {
            payara.close();
            throw e;
        } catch (InterruptedException e) {
            payara.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while Payara Micro was starting.", e);
        }
        return payara;
    }

    private void awaitDeployed(List<Deployment> wars, long logStart, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        LogScanner log = new LogScanner(logFile, logStart);
        boolean ready = false;
        while (true) {
            log.poll();
            if (log.failure != null) {
                throw new IllegalStateException("Payara Micro failed to deploy: " + summary(log.failure)
                        + " (log " + logFile + "); last lines:\n" + log.tail());
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with code " + process.exitValue()
                        + " while starting; log " + logFile + ", last lines:\n" + log.tail());
            }
            ready = ready || log.ready;
            if (ready && portAnswers(httpPort) && allListed(log, wars)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Payara Micro was not ready within " + timeout.toSeconds()
                        + " s; log " + logFile + ", last lines:\n" + log.tail());
            }
            Thread.sleep(250);
        }
    }

    private boolean allListed(LogScanner log, List<Deployment> wars) {
        // After "ready", Payara lists one URL per application: http://host:PORT/ctx
        for (Deployment d : wars) {
            if (!log.seen(":" + httpPort + d.contextRoot())) {
                return false;
            }
        }
        return true;
    }

    /** The message part of a Payara log line: "[time] [] [SEVERE] ... [levelValue: 1000] message". */
    static String summary(String line) {
        int end = line.lastIndexOf("] ");
        return (end >= 0 ? line.substring(end + 2) : line).strip();
    }

    static boolean portAnswers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .filter(c -> c.endsWith("/java"))
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public long pid() {
        return process.pid();
    }

    public int httpPort() {
        return httpPort;
    }

    /** {@code http://localhost:PORT} */
    public String url() {
        return "http://localhost:" + httpPort;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Completes when the Payara process exits (for whatever reason). */
    public java.util.concurrent.CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** Kills Payara Micro at once (SIGKILL, as a crash or a lost machine would), and waits until it is gone. */
    public void crash() throws InterruptedException {
        closed = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Stops Payara Micro (SIGTERM, then SIGKILL after 15 s) and every process it started; waits for them. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle d : descendants) {
                if (d.isAlive()) {
                    d.destroyForcibly();
                }
            }
            for (ProcessHandle d : descendants) {
                d.onExit().get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // a descendant that did not report its exit: it was killed above
        }
    }

    @Override
    public String toString() {
        return "Payara Micro pid " + process.pid() + " on port " + httpPort;
    }

    /** Reads the log incrementally; remembers the ready/failure markers and the last lines. */
    private static final class LogScanner {
        private final Path file;
        private long offset;
        private final StringBuilder partial = new StringBuilder();
        private final Deque<String> tail = new ArrayDeque<>();
        private final StringBuilder all = new StringBuilder();
        boolean ready;
        String failure;

        LogScanner(Path file, long offset) {
            this.file = file;
            this.offset = offset;
        }

        void poll() throws IOException {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                long length = raf.length();
                if (length <= offset) {
                    return;
                }
                byte[] buf = new byte[(int) Math.min(length - offset, 4 << 20)];
                raf.seek(offset);
                raf.readFully(buf);
                offset += buf.length;
                partial.append(new String(buf, StandardCharsets.UTF_8));
            }
            int nl;
            while ((nl = partial.indexOf("\n")) >= 0) {
                line(partial.substring(0, nl));
                partial.delete(0, nl + 1);
            }
        }

        private void line(String raw) {
            String line = ANSI.matcher(raw).replaceAll("");
            tail.addLast(line);
            if (tail.size() > TAIL_LINES) {
                tail.removeFirst();
            }
            if (all.length() < 8 << 20) {
                all.append(line).append('\n');
            }
            if (READY.matcher(line).find()) {
                ready = true;
            }
            if (failure == null && FAILURE.matcher(line).find()) {
                failure = line;
            }
        }

        boolean seen(String text) {
            return all.indexOf(text) >= 0 || partial.indexOf(text) >= 0;
        }

        String tail() {
            List<String> lines = new ArrayList<>(tail);
            if (!partial.isEmpty()) {
                lines.add(partial.toString());
            }
            return String.join("\n", lines);
        }
    }
}
