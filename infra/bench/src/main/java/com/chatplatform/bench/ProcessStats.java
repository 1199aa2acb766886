package com.chatplatform.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** CPU time and resident memory of the server processes, read from /proc (Linux). */
final class ProcessStats {
    private static final double TICKS_PER_SECOND = 100.0;
    /** A heap line of {@code jcmd PID GC.heap_info}: "... total 123456K, used 65432K [...". */
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private ProcessStats() {
    }

    /** The Payara Micro JVM serving the given HTTP port. */
    static Optional<ProcessHandle> payara(int port) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("payara-micro") && c.contains("--port " + port)).orElse(false))
                .findFirst();
    }

    /** The PostgreSQL postmaster of a data directory and all its workers. */
    static List<ProcessHandle> postgres(Path dataDir) {
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
            return ProcessHandle.of(pid).map(p -> Stream.concat(Stream.of(p), p.descendants()).toList()).orElse(List.of());
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** User + system CPU seconds of the processes. */
    static double cpuSeconds(List<ProcessHandle> processes) {
        double total = 0;
        for (ProcessHandle p : processes) {
            total += stat(p, 11) + stat(p, 12);
        }
        return total;
    }

    /**
     * User + system CPU seconds of PostgreSQL: the live postmaster and workers, plus the time of the workers that have
     * ended (their time moves to the postmaster's "children" counters when it reaps them; without it the total fell
     * whenever the pool closed connections during a run).
     */
    static double postgresCpuSeconds(Path dataDir) {
        List<ProcessHandle> all = postgres(dataDir);
        return cpuSeconds(all) + (all.isEmpty() ? 0 : stat(all.get(0), 13) + stat(all.get(0), 14));
    }

    /** A CPU-time field of /proc/PID/stat (counted from the field after the command), in seconds; 0 once it ended. */
    private static double stat(ProcessHandle p, int field) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[field]) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException ended) {
            return 0; // the process ended between listing and reading: a small undercount
        }
    }

    /** Resident set size in bytes. */
    static long rssBytes(ProcessHandle p) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException ignored) {
            // fall through
        }
        return -1;
    }

    /**
     * The JVM's live heap: runs a full collection ({@code jcmd PID GC.run}), then sums the "used" of every heap
     * space in {@code jcmd PID GC.heap_info}. Empty when jcmd (next to this JVM's java) is missing or fails.
     */
    static OptionalLong heapUsedAfterGc(ProcessHandle p) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return OptionalLong.empty();
        }
        try {
            run(jcmd, p.pid(), "GC.run");
            String info = run(jcmd, p.pid(), "GC.heap_info");
            Matcher m = HEAP_USED.matcher(info);
            long used = 0;
            boolean found = false;
            while (m.find()) {
                used += Long.parseLong(m.group(1)) * 1024;
                found = true;
            }
            return found ? OptionalLong.of(used) : OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    private static String run(Path jcmd, long pid, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("jcmd " + command + " failed: " + out);
        }
        return out;
    }
}
