package com.chatplatform.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;

/**
 * ./chat bench media: small image uploads through the direct-to-S3 flow (announce, PUT to the presigned URL,
 * complete) against a running ./chat up, with N client threads, and how long until the backlog is processed; then,
 * one upload at a time, the time from the completed upload until it is ready (scanned when a scanner is configured,
 * metadata stripped, thumbnails written: what the outbox's media.process does), seen by polling
 * GET /attachments/{id} every 25 ms. Writes its own section of docs/benchmarks.md.
 */
public final class MediaBench {
    private static final String SECTION = "\n## Media: small image uploads and thumbnails\n";

    record Options(int port, Path data, int uploads, int threads, int size, int latencySamples, Path out) {
        static Options parse(String[] args) {
            int port = Integer.parseInt(System.getenv().getOrDefault("CHAT_PORT", "8080"));
            Path data = Path.of(".chat");
            int uploads = 300, threads = 4, size = 640, latencySamples = 40;
            Path out = Path.of("docs", "benchmarks.md");
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--port" -> { port = Integer.parseInt(v); i++; }
                    case "--data" -> { data = Path.of(v); i++; }
                    case "--uploads" -> { uploads = Integer.parseInt(v); i++; }
                    case "--threads" -> { threads = Integer.parseInt(v); i++; }
                    case "--size" -> { size = Integer.parseInt(v); i++; }
                    case "--latency-samples" -> { latencySamples = Integer.parseInt(v); i++; }
                    case "--out" -> { out = Path.of(v); i++; }
                    default -> throw new IllegalArgumentException("Unknown option " + args[i]
                            + "; options: --port --data --uploads --threads --size (image width in px) --latency-samples --out");
                }
            }
            return new Options(port, data, uploads, threads, size, latencySamples, out);
        }
    }

    /** One upload: its id, latency (announce to completed) and when it was completed. */
    record Sample(String id, long uploadNanos, long completedAt, int bytes) {
    }

    private final Options o;
    private final Api api;
    private final String base;
    private final HttpClient http = Api.newHttpClient();

    private MediaBench(Options o) {
        this.o = o;
        this.base = "http://localhost:" + o.port() + "/api/v1/";
        this.api = new Api(base);
    }

    public static void main(String[] args) throws Exception {
        Options options = Api.optionsOrExit(args, Options::parse);
        new MediaBench(options).run();
    }

    private void run() throws Exception {
        String key = api.newBenchTenant(o.data(), "media bench");
        Api.DirectPair pair = api.directPair(key, "uploader", "Uploader", "peer", "Peer");
        String token = pair.token();
        String conversation = pair.conversationId();

        // Distinct JPEG photos (so nothing is cached), made before the clock starts.
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < o.uploads(); i++) {
            images.add(jpeg(o.size(), o.size() * 3 / 4, i));
        }
        double loadBefore = loadAverage();
        System.out.printf(Locale.ROOT, "Uploading %,d JPEGs of %dx%d (about %,d bytes) with %d threads ...%n", o.uploads(), o.size(),
                o.size() * 3 / 4, images.stream().mapToInt(b -> b.length).sum() / Math.max(1, o.uploads()), o.threads());
        // A warm-up outside the figures (JIT, connection pools).
        for (int i = 0; i < Math.min(10, o.uploads()); i++) {
            awaitReady(token, upload(token, conversation, jpeg(o.size(), o.size() * 3 / 4, 10_000 + i)).id());
        }
        // Phase 1: upload throughput, o.threads() clients uploading back to back (processing runs behind them).
        ExecutorService pool = Executors.newFixedThreadPool(o.threads());
        List<Future<Sample>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (byte[] image : images) {
            futures.add(pool.submit(() -> upload(token, conversation, image)));
        }
        List<Sample> samples = new ArrayList<>();
        for (Future<Sample> f : futures) {
            samples.add(f.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        // ... and how long until the backlog was processed (every one ready).
        String scan = "?";
        for (Sample sample : samples) {
            scan = awaitReady(token, sample.id());
        }
        double drainSeconds = (System.nanoTime() - start) / 1e9;
        // Phase 2: complete -> ready latency without a backlog: one upload at a time, polled every 25 ms.
        List<Long> ready = new ArrayList<>();
        for (int i = 0; i < o.latencySamples(); i++) {
            Sample one = upload(token, conversation, jpeg(o.size(), o.size() * 3 / 4, 20_000 + i));
            awaitReady(token, one.id());
            ready.add(System.nanoTime() - one.completedAt());
        }
        double loadAfter = loadAverage();

        List<Long> upload = new ArrayList<>(samples.stream().map(Sample::uploadNanos).toList());
        Collections.sort(upload);
        Collections.sort(ready);
        double rate = o.uploads() / seconds;
        System.out.printf(Locale.ROOT, "%,d uploads in %.1f s: %.1f uploads/s (announce+PUT+complete p50 %.0f ms, p95 %.0f ms); "
                + "all ready after %.1f s (%.1f images/s processed)%n", o.uploads(), seconds, rate, ms(upload, 0.50), ms(upload, 0.95),
                drainSeconds, o.uploads() / drainSeconds);
        System.out.printf(Locale.ROOT, "complete -> ready (thumbnails), one at a time: p50 %.0f ms, p95 %.0f ms, max %.0f ms; scanStatus %s%n",
                ms(ready, 0.50), ms(ready, 0.95), ms(ready, 1.0), scan);
        System.out.printf(Locale.ROOT, "load average (1 min) before %.2f, after %.2f%n", loadBefore, loadAfter);

        String section = SECTION + "\n"
                + "Measured " + Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC by `./chat bench media` against `./chat up` "
                + String.format(Locale.ROOT, "on this machine (%d cores, shared with other builds and test runs while it ran: 1-minute load "
                        + "average %.2f before, %.2f after; treat the figures as rough).%n%n", Runtime.getRuntime().availableProcessors(),
                        loadBefore, loadAfter)
                + String.format(Locale.ROOT, "%,d distinct JPEG photos of %dx%d px (about %,d bytes each), %d client threads, each upload "
                        + "= announce (POST .../attachments/uploads) + PUT to the presigned S3Proxy URL + POST .../complete "
                        + "(S3 HEAD, streamed sniff + SHA-256, quota charge). Ready = GET /attachments/{id} answers 200: the outbox's "
                        + "media.process has stripped the metadata and written the 128/512 px thumbnails%s. The ready latency is measured "
                        + "separately, %d uploads one at a time polled every 25 ms (so up to 25 ms late), without a backlog.%n%n",
                        o.uploads(), o.size(), o.size() * 3 / 4,
                        samples.stream().mapToInt(Sample::bytes).sum() / Math.max(1, o.uploads()), o.threads(),
                        "clean".equals(scan) ? ", after the ClamAV scan (a real clamd with one custom signature, given to ./chat up through CHAT_MEDIA_CLAMD_HOST/PORT)"
                                : " (no malware scanner configured: scanStatus " + scan + ")", o.latencySamples())
                + "| measure | value |\n|---|---|\n"
                + String.format(Locale.ROOT, "| upload + complete throughput | %.1f uploads/s |%n", rate)
                + String.format(Locale.ROOT, "| upload + complete latency p50 / p95 | %.0f ms / %.0f ms |%n", ms(upload, 0.50), ms(upload, 0.95))
                + String.format(Locale.ROOT, "| all %,d processed (ready) after the first upload started | %.1f s (%.1f images/s) |%n",
                        o.uploads(), drainSeconds, o.uploads() / drainSeconds)
                + String.format(Locale.ROOT, "| complete -> ready (thumbnails), one at a time, p50 / p95 / max | %.0f ms / %.0f ms / %.0f ms |%n",
                        ms(ready, 0.50), ms(ready, 0.95), ms(ready, 1.0));
        BenchmarkDoc.replaceSection(o.out(), SECTION, section);
        System.out.println("Wrote the media section of " + o.out());
    }

    private Sample upload(String token, String conversation, byte[] image) throws Exception {
        long t0 = System.nanoTime();
        JsonNode ticket = api.post("conversations/" + conversation + "/attachments/uploads", token,
                Map.of("fileName", "photo.jpg", "contentType", "image/jpeg", "size", image.length));
        String id = ticket.at("/attachment/id").asText();
        HttpResponse<Void> put = http.send(HttpRequest.newBuilder(URI.create(ticket.get("url").asText()))
                .header("Content-Type", "image/jpeg").timeout(Duration.ofSeconds(60))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(image)).build(), HttpResponse.BodyHandlers.discarding());
        if (put.statusCode() != 200) {
            throw new IllegalStateException("PUT answered " + put.statusCode());
        }
        api.post("attachments/" + id + "/complete", token, Map.of());
        long completed = System.nanoTime();
        return new Sample(id, completed - t0, completed, image.length);
    }

    /** Polls GET /attachments/{id} every 25 ms until it answers 200; returns its scanStatus. */
    private String awaitReady(String token, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (true) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "attachments/" + id))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return Api.JSON.readTree(r.body()).path("scanStatus").asText("?");
            }
            if (r.statusCode() != 409) {
                throw new IllegalStateException("GET attachment answered " + r.statusCode() + ": " + r.body());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("attachment " + id + " not ready within 10 minutes");
            }
            Thread.sleep(25);
        }
    }

    /** A photo-like JPEG: gradients and noise, different for each index. */
    static byte[] jpeg(int width, int height, int seed) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        Graphics2D g = image.createGraphics();
        for (int y = 0; y < height; y += 8) {
            g.setColor(new Color((y * 255 / height + seed) % 256, random.nextInt(256), (seed * 7) % 256));
            g.fillRect(0, y, width, 8);
        }
        for (int i = 0; i < 200; i++) {
            g.setColor(new Color(random.nextInt()));
            g.fillOval(random.nextInt(width), random.nextInt(height), 5 + random.nextInt(40), 5 + random.nextInt(40));
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    private static double ms(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(quantile * sorted.size()) - 1));
        return sorted.get(index) / 1e6;
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
