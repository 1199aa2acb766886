package com.chatplatform.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * ./chat bench compliance: the GDPR export and erasure of one user with many messages and attachments, against a
 * running ./chat up, through the public API (the data is seeded through the API too). Writes its own section at
 * the end of docs/benchmarks.md (replacing an earlier one; the rest of the file is left as it is).
 */
public final class ComplianceBench {
    private static final String SECTION = "\n## Compliance: export and erasure of one user\n";

    record Options(int port, Path data, int messages, int attachments, int attachmentBytes, int threads, Path out) {
        static Options parse(String[] args) {
            int port = Integer.parseInt(System.getenv().getOrDefault("CHAT_PORT", "8080"));
            Path data = Path.of(".chat");
            int messages = 100_000, attachments = 1_000, bytes = 50_000, threads = 8;
            Path out = Path.of("docs", "benchmarks.md");
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--port" -> { port = Integer.parseInt(v); i++; }
                    case "--data" -> { data = Path.of(v); i++; }
                    case "--messages" -> { messages = Integer.parseInt(v); i++; }
                    case "--attachments" -> { attachments = Integer.parseInt(v); i++; }
                    case "--attachment-bytes" -> { bytes = Integer.parseInt(v); i++; }
                    case "--threads" -> { threads = Integer.parseInt(v); i++; }
                    case "--out" -> { out = Path.of(v); i++; }
                    default -> throw new IllegalArgumentException("Unknown option " + args[i]
                            + "; options: --port --data --messages --attachments --attachment-bytes --threads --out");
                }
            }
            if (attachments > messages) {
                throw new IllegalArgumentException("--attachments must not exceed --messages (each file goes with one message)");
            }
            return new Options(port, data, messages, attachments, bytes, threads, out);
        }
    }

    private final Options o;
    private final Api api;
    private final String base;
    private final HttpClient http = Api.newHttpClient();

    private ComplianceBench(Options o) {
        this.o = o;
        this.base = "http://localhost:" + o.port() + "/api/v1/";
        this.api = new Api(base);
    }

    public static void main(String[] args) throws Exception {
        Options options = Api.optionsOrExit(args, Options::parse);
        new ComplianceBench(options).run();
    }

    private void run() throws Exception {
        String key = api.newBenchTenant(o.data(), "compliance bench");
        Api.DirectPair pair = api.directPair(key, "subject", "Data Subject", "peer", "Peer");
        String subject = pair.token();
        String conversation = pair.conversationId();

        System.out.printf(Locale.ROOT, "Seeding %,d messages (%,d with a %,d-byte attachment) through the API with %d threads ...%n",
                o.messages(), o.attachments(), o.attachmentBytes(), o.threads());
        long seedStart = System.nanoTime();
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(o.threads());
        List<Future<?>> futures = new ArrayList<>();
        int perThread = (o.messages() + o.threads() - 1) / o.threads();
        int step = o.attachments() == 0 ? 1 : Math.max(1, o.messages() / o.attachments());
        for (int t = 0; t < o.threads(); t++) {
            int from = t * perThread;
            int to = Math.min(o.messages(), from + perThread);
            futures.add(pool.submit(() -> {
                for (int i = from; i < to; i++) {
                    List<String> files = List.of();
                    // Files spread evenly over the messages (and so over the threads).
                    if (o.attachments() > 0 && i % step == 0 && i / step < o.attachments()) {
                        files = List.of(upload(subject, conversation, i));
                    }
                    api.post("conversations/" + conversation + "/messages", subject, Map.of("clientId", "m" + i,
                            "text", "message " + i + " about the quarterly invoice and the lighthouse meeting", "attachmentIds", files));
                    long n = done.incrementAndGet();
                    if (n % 10_000 == 0) {
                        System.out.printf(Locale.ROOT, "  %,d sent%n", n);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        System.out.printf(Locale.ROOT, "Seeded in %.0f s (%.0f msgs/s)%n", seedSeconds, o.messages() / seedSeconds);

        // Export through the API: request, poll, download.
        long exportStart = System.nanoTime();
        JsonNode job = api.post("compliance/exports", key, Map.of("userIds", List.of("subject")));
        JsonNode exported = await("compliance/exports/" + job.get("id").asText(), key, Duration.ofMinutes(60));
        double exportSeconds = (System.nanoTime() - exportStart) / 1e9;
        JsonNode link = api.post("compliance/exports/" + job.get("id").asText() + "/download", key, Map.of());
        long downloadStart = System.nanoTime();
        long[] zip = countZip(link.get("url").asText());
        double downloadSeconds = (System.nanoTime() - downloadStart) / 1e9;
        System.out.printf(Locale.ROOT, "Export: %.1f s, %,d bytes, %,d entries (%,d files); download %.1f s%n",
                exportSeconds, exported.get("sizeBytes").asLong(), zip[0], zip[1], downloadSeconds);

        long erasureStart = System.nanoTime();
        JsonNode erasure = api.delete("users/subject", key);
        JsonNode erased = await("compliance/erasures/" + erasure.get("id").asText(), key, Duration.ofMinutes(60));
        double erasureSeconds = (System.nanoTime() - erasureStart) / 1e9;
        JsonNode removed = erased.at("/report/removed");
        System.out.printf(Locale.ROOT, "Erasure: %.1f s; removed %s%n", erasureSeconds, removed);

        String section = SECTION + "\n"
                + "Measured " + Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC by `./chat bench compliance` against `./chat up` "
                + "on this machine (2 cores, shared with other builds while it ran: treat the figures as rough).\n\n"
                + String.format(Locale.ROOT, "One user with %,d messages, %,d of them with a %,d-byte file (seeded through the API in %.0f s, "
                        + "%.0f msgs/s; the search indexing of the seed may still have been running).%n%n",
                        o.messages(), o.attachments(), o.attachmentBytes(), seedSeconds, o.messages() / seedSeconds)
                + "| measure | value |\n|---|---|\n"
                + String.format(Locale.ROOT, "| export: request to completed | %.1f s |%n", exportSeconds)
                + String.format(Locale.ROOT, "| export size | %,d bytes, %,d ZIP entries (%,d attachment files) |%n",
                        exported.get("sizeBytes").asLong(), zip[0], zip[1])
                + String.format(Locale.ROOT, "| download of the ZIP (presigned URL) | %.1f s |%n", downloadSeconds)
                + String.format(Locale.ROOT, "| erasure (anonymise): request to completed | %.1f s |%n", erasureSeconds)
                + "| erasure report (removed) | `" + removed + "` |\n";
        BenchmarkDoc.replaceSection(o.out(), SECTION, section);
        System.out.println("Wrote the compliance section of " + o.out());
    }

    private String upload(String token, String conversation, int i) {
        byte[] pdf = new byte[o.attachmentBytes()];
        byte[] head = ("%PDF-1.4\n% bench file " + i + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, pdf, 0, Math.min(head.length, pdf.length));
        for (int k = head.length; k < pdf.length; k++) {
            pdf[k] = (byte) ('a' + (k * 31 + i) % 26);
        }
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "conversations/" + conversation + "/attachments?fileName=file-" + i + ".pdf"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/pdf")
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(pdf)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("upload answered " + r.statusCode() + ": " + r.body());
            }
            return Api.JSON.readTree(r.body()).get("id").asText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode await(String path, String key, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = api.get(path, key);
            String status = job.get("status").asText();
            if ("completed".equals(status)) {
                return job;
            }
            if (!"queued".equals(status) && !"running".equals(status)) {
                throw new IllegalStateException(path + " ended " + status + ": " + job);
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(path + " did not finish within " + max);
    }

    /** Streams the ZIP from its URL and counts entries and attachment files, without keeping it. */
    private long[] countZip(String url) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        long entries = 0;
        long files = 0;
        try (ZipInputStream in = new ZipInputStream(r.body())) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries++;
                if (e.getName().contains("/attachments/")) {
                    files++;
                }
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
        return new long[] {entries, files};
    }
}
