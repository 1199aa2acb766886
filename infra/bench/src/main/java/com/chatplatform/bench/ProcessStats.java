package com.chatplatform.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** CPU time and resident memory of the server processes, read from /proc (Linux). */
final class ProcessStats {
    private static final double TICKS_PER_SECOND = 100.0;

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
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
            } catch (IOException | RuntimeException ignored) {
                // the process ended (a PostgreSQL backend closing): its time is lost, a small undercount
            }
        }
        return total;
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
}
