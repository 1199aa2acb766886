package com.chatplatform.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * ./chat bench: measures a running ./chat up through its public API, the way customers use it.
 * Open loop: each send has a scheduled time and latency is measured from that time, so a slow server
 * cannot hide its queueing (no coordinated omission). Prints the figures and writes docs/benchmarks.md.
 */
public final class Bench {
    private static final String[] WORDS = {"invoice", "meeting", "kangaroo", "deployment", "espresso", "saturn",
            "quarterly", "bicycle", "lighthouse", "marathon", "origami", "volcano"};

    private final Options o;
    private final Api api;
    private final StringBuilder report = new StringBuilder();
    /** Every WebSocket of the run: one reader thread for all (see LeanSockets). */
    private final LeanSockets clients = new LeanSockets();

    record Options(int port, Path data, int rate, int seconds, int pairs, int idle, int searches, Path out, int searchCorpus,
                   int groupMembers, int groupRate, int warmup) {
        static Options parse(String[] args) {
            int port = Integer.parseInt(System.getenv().getOrDefault("CHAT_PORT", "8080"));
            Path data = Path.of(".chat");
            int rate = 1000, seconds = 20, pairs = 50, idle = 2000, searches = 300, searchCorpus = 0;
            int groupMembers = 100, groupRate = 20, warmup = 10;
            Path out = Path.of("docs", "benchmarks.md");
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--port" -> { port = Integer.parseInt(v); i++; }
                    case "--data" -> { data = Path.of(v); i++; }
                    case "--rate" -> { rate = Integer.parseInt(v); i++; }
                    case "--seconds" -> { seconds = Integer.parseInt(v); i++; }
                    case "--pairs" -> { pairs = Integer.parseInt(v); i++; }
                    case "--idle" -> { idle = Integer.parseInt(v); i++; }
                    case "--searches" -> { searches = Integer.parseInt(v); i++; }
                    case "--out" -> { out = Path.of(v); i++; }
                    case "--search-corpus" -> { searchCorpus = Integer.parseInt(v); i++; }
                    case "--group-members" -> { groupMembers = Integer.parseInt(v); i++; }
                    case "--group-rate" -> { groupRate = Integer.parseInt(v); i++; }
                    case "--warmup" -> { warmup = Integer.parseInt(v); i++; }
                    default -> throw new IllegalArgumentException("Unknown option " + args[i]
                            + "; options: --port --data --rate --seconds --pairs --idle --searches --out --search-corpus"
                            + " --group-members --group-rate --warmup");
                }
            }
            if (groupMembers < 2 || groupMembers > 101) {
                throw new IllegalArgumentException("--group-members must be 2..101 (a group is created with at most 100 invitees)");
            }
            if (warmup < 1) {
                throw new IllegalArgumentException("--warmup must be at least 1 (seconds)");
            }
            return new Options(port, data, rate, seconds, pairs, idle, searches, out, searchCorpus, groupMembers, groupRate, warmup);
        }
    }

    private Bench(Options o) {
        this.o = o;
        this.api = new Api("http://localhost:" + o.port() + "/api/v1");
    }

    public static void main(String[] args) throws Exception {
        Options options = Api.optionsOrExit(args, Options::parse);
        if (options.searchCorpus() > 0) {
            // A separate scenario: its own Elasticsearch node, no running stack needed.
            new SearchCorpusBench(options.searchCorpus(), options.searches(), options.out()).run();
            return;
        }
        new Bench(options).run();
    }

    private record User(String id, String token) {
    }

    private void run() throws Exception {
        String key = api.newBenchTenant(o.data(), "bench");

        List<User> users = new ArrayList<>();
        for (int i = 0; i < o.pairs() * 2; i++) {
            String id = "u" + i;
            api.post("users", key, Map.of("id", id));
            users.add(new User(id, api.post("users/" + id + "/tokens", key, Map.of("ttlSeconds", 3600)).get("token").asText()));
        }
        List<String> conversations = new ArrayList<>();
        for (int p = 0; p < o.pairs(); p++) {
            conversations.add(api.post("conversations/direct", users.get(2 * p).token(), Map.of("userId", users.get(2 * p + 1).id()))
                    .get("id").asText());
        }

        Map<String, Long> scheduled = new ConcurrentHashMap<>();
        Histogram deliver = new ConcurrentHistogram(60_000_000L, 3);
        Histogram ack = new ConcurrentHistogram(60_000_000L, 3);
        AtomicLong delivered = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        // the slowest delivery of the sends scheduled in each second of the measured run: shows whether the tail is a
        // steady queue or a few bursts (a pause of one process delays every send of its moment)
        AtomicLongArray worstBySecond = new AtomicLongArray(o.seconds());
        List<LeanSockets.Connection> sockets = new ArrayList<>();
        URI ws = URI.create("ws://localhost:" + o.port() + "/api/v1/ws?v=3");
        for (User u : users) {
            sockets.add(clients.connect(ws, u.token(), frame -> onFrame(frame, u.id(), scheduled, deliver, ack, delivered, errors,
                    worstBySecond, o.rate())));
        }
        Thread.sleep(1000);

        // Warm-up (not measured): JIT, connection pools, caches; --warmup seconds (a freshly started server needs about
        // ten before the send path is compiled). Wait until the server has drained it.
        openLoop(sockets, conversations, Math.min(o.rate(), 500), o.warmup(), "w", scheduled);
        awaitPersisted(users, conversations, (long) Math.min(o.rate(), 500) * o.warmup());
        deliver.reset();
        ack.reset();
        delivered.set(0);

        Optional<ProcessHandleView> server = ProcessHandleView.find(o);
        double cpuBefore = server.map(ProcessHandleView::cpuSeconds).orElse(0.0);
        long total = (long) o.rate() * o.seconds();
        long started = System.nanoTime();
        long late = openLoop(sockets, conversations, o.rate(), o.seconds(), "m", scheduled);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (delivered.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        double cpuAfter = server.map(ProcessHandleView::cpuSeconds).orElse(0.0);
        long persisted = 0;
        for (int p = 0; p < o.pairs(); p++) {
            persisted += api.get("conversations/" + conversations.get(p), users.get(2 * p).token()).get("lastSeq").asLong();
        }
        long warmup = (long) Math.min(o.rate(), 500) * o.warmup();
        persisted -= warmup;

        section("1:1 messages, open loop");
        line("Target rate", o.rate() + " msgs/s for " + o.seconds() + " s over " + o.pairs() + " pairs (" + total + " messages)");
        line("Sends that left the generator late (> 10 ms behind schedule)", Long.toString(late));
        line("Persisted (sum of conversations' last sequence numbers, warm-up excluded)", persisted + " of " + total);
        line("Delivered live to the other member", delivered.get() + " of " + total + (errors.get() > 0 ? " (" + errors.get() + " error frames)" : ""));
        line("Achieved delivery rate", String.format(Locale.ROOT, "%.0f msgs/s", delivered.get() / elapsed));
        percentiles("Send to delivery latency (from scheduled send time)", deliver);
        percentiles("Send to ack latency (committed in PostgreSQL)", ack);
        StringBuilder worst = new StringBuilder();
        for (int s = 0; s < worstBySecond.length(); s++) {
            worst.append(s == 0 ? "" : " ").append(worstBySecond.get(s) / 1000);
        }
        line("Slowest delivery of the sends of each second of the run (ms)", worst.toString());
        if (server.isPresent()) {
            line("Server CPU time (Payara + PostgreSQL) per 1,000 messages",
                    String.format(Locale.ROOT, "%.2f s", (cpuAfter - cpuBefore) / Math.max(1, delivered.get()) * 1000));
        }

        searchLatency(users.get(0).token());
        idleConnections(users.get(0).token(), server);
        group(key, server);

        clients.close(); // the 1:1 sockets still open, and the reader thread
        writeReport();
        System.exit(0);
    }

    private void awaitPersisted(List<User> users, List<String> conversations, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            long persisted = 0;
            for (int p = 0; p < conversations.size(); p++) {
                persisted += api.get("conversations/" + conversations.get(p), users.get(2 * p).token()).get("lastSeq").asLong();
            }
            if (persisted >= expected) {
                return;
            }
            Thread.sleep(500);
        }
    }

    /** Sends rate*seconds messages at fixed scheduled times over the pairs; returns how many left more than 10 ms late. */
    private long openLoop(List<LeanSockets.Connection> sockets, List<String> conversations, int rate, int seconds, String prefix,
                          Map<String, Long> scheduled) {
        return paced(rate, seconds, (i, at) -> {
            int pair = (int) (i % conversations.size());
            int direction = (int) ((i / conversations.size()) % 2);
            String clientId = prefix + i;
            scheduled.put(clientId, at);
            String text = "bench message " + i + " about " + WORDS[(int) (i % WORDS.length)];
            sockets.get(2 * pair + direction).send(sendFrame(clientId, conversations.get(pair), text));
        });
    }

    /**
     * A send frame. Written directly, not through Jackson, as the generator shares the CPU with the server: its ids are
     * UUIDs and its client ids and texts plain ASCII words and digits, so nothing needs escaping.
     */
    static String sendFrame(String clientId, String conversationId, String text) {
        return "{\"type\":\"send\",\"clientId\":\"" + clientId + "\",\"conversationId\":\"" + conversationId + "\",\"text\":\""
                + text + "\"}";
    }

    /** What an open-loop generator sends as its i-th message, scheduled at {@code at} (System.nanoTime). */
    private interface Send {
        void send(long i, long at);
    }

    /** Calls send rate*seconds times at fixed scheduled times, never waiting for answers; returns how many were > 10 ms late. */
    private static long paced(int rate, int seconds, Send send) {
        long total = (long) rate * seconds;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        long late = 0;
        for (long i = 0; i < total; i++) {
            long at = start + i * 1_000_000_000L / rate;
            long wait;
            while ((wait = at - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait); // one wake-up per send; oversleeping is measured (latency from "at")
            }
            if (System.nanoTime() - at > 10_000_000) {
                late++;
            }
            send.send(i, at);
        }
        return late;
    }

    /**
     * A new message as protocols 2 and 3 push it: an event frame of kind message.created (the server writes "type" first and
     * "kind" before the data, so a prefix and a substring test spare the generator parsing every other frame).
     */
    private static boolean isNewMessage(String frame) {
        return frame.startsWith("{\"type\":\"event\"") && frame.contains("\"kind\":\"message.created\"");
    }

    /**
     * The string value of the first {@code "name":"..."} of a frame, or "" (the generator's own ids and client ids need
     * no unescaping). The generator shares the CPU with the server: it finds the few fields it measures instead of
     * parsing every frame into a tree.
     */
    static String field(String frame, String name) {
        String key = "\"" + name + "\":\"";
        int at = frame.indexOf(key);
        if (at < 0) {
            return "";
        }
        int from = at + key.length();
        int to = frame.indexOf('"', from);
        return to < 0 ? "" : frame.substring(from, to);
    }

    private static void onFrame(String frame, String me, Map<String, Long> scheduled, Histogram deliver, Histogram ack,
                                AtomicLong delivered, AtomicLong errors, AtomicLongArray worstBySecond, int rate) {
        long now = System.nanoTime();
        if (isNewMessage(frame)) {
            String clientId = field(frame, "clientId");
            // Protocol 3 does not push the sender's own message back to the sending socket; checked all the same.
            if (!me.equals(field(frame, "senderId")) && clientId.startsWith("m")) {
                Long at = scheduled.get(clientId);
                if (at != null) {
                    long micros = Math.max(0, (now - at) / 1000);
                    deliver.recordValue(micros);
                    delivered.incrementAndGet();
                    int second = (int) (Long.parseLong(clientId.substring(1)) / rate);
                    if (second < worstBySecond.length()) {
                        worstBySecond.accumulateAndGet(second, micros, Math::max);
                    }
                }
            }
        } else if (frame.startsWith("{\"type\":\"ack\"")) {
            String clientId = field(frame, "clientId");
            Long at = clientId.startsWith("m") ? scheduled.get(clientId) : null;
            if (at != null) {
                ack.recordValue(Math.max(0, (now - at) / 1000));
            }
        } else if (frame.contains("\"type\":\"error\"")) {
            errors.incrementAndGet();
        }
    }

    private void searchLatency(String token) throws InterruptedException {
        // Wait until the last messages are indexed (the outbox works asynchronously).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String probe = "search?q=" + WORDS[0] + "&limit=1";
        while (System.nanoTime() < deadline && api.get(probe, token).get("items").isEmpty()) {
            Thread.sleep(200);
        }
        Histogram h = new Histogram(60_000_000L, 3);
        for (int i = 0; i < o.searches(); i++) {
            String q = WORDS[ThreadLocalRandom.current().nextInt(WORDS.length)];
            long t0 = System.nanoTime();
            api.get("search?q=" + q + "&limit=20", token);
            h.recordValue((System.nanoTime() - t0) / 1000);
        }
        section("Search over REST (tenant + membership filters, highlight), one user, sequential");
        line("Queries", Integer.toString(o.searches()));
        percentiles("Latency", h);
    }

    private void idleConnections(String token, Optional<ProcessHandleView> server) throws InterruptedException {
        section("Idle WebSocket connections");
        if (server.isEmpty()) {
            line("Memory per idle connection", "not measured: the Payara Micro process was not found");
            return;
        }
        OptionalLong heapBefore = settledHeap(server.get());
        long before = server.get().payaraRss();
        List<LeanSockets.Connection> idle = new ArrayList<>();
        URI ws = URI.create("ws://localhost:" + o.port() + "/api/v1/ws?v=3");
        for (int i = 0; i < o.idle(); i++) {
            idle.add(clients.connect(ws, token, frame -> { }));
        }
        Thread.sleep(5000);
        OptionalLong heapAfter = settledHeap(server.get());
        long after = server.get().payaraRss();
        line("Connections opened", Integer.toString(o.idle()));
        if (heapBefore.isPresent() && heapAfter.isPresent()) {
            line("Payara Micro live heap after a full GC, before / after", mb(heapBefore.getAsLong()) + " / " + mb(heapAfter.getAsLong()));
            line("Heap per idle connection (live heap delta after full GCs, least of three readings each / connections)",
                    String.format(Locale.ROOT, "%.1f kB", (heapAfter.getAsLong() - heapBefore.getAsLong()) / 1024.0 / o.idle()));
        }
        line("Payara Micro RSS before / after", mb(before) + " / " + mb(after));
        line("RSS per idle connection (RSS delta / connections; heap, socket buffers and native memory)",
                String.format(Locale.ROOT, "%.1f kB", (after - before) / 1024.0 / o.idle()));
        for (LeanSockets.Connection s : idle) {
            s.close();
        }
    }

    /**
     * The smallest of three live-heap readings after full collections, 2 s apart: work still in flight from the
     * scenario before (search indexing of the last messages, a rollup batch) made a single reading swing by tens of MB,
     * once giving a negative figure per connection.
     */
    private static OptionalLong settledHeap(ProcessHandleView server) throws InterruptedException {
        OptionalLong least = OptionalLong.empty();
        for (int i = 0; i < 3; i++) {
            if (i > 0) {
                Thread.sleep(2000);
            }
            OptionalLong reading = ProcessStats.heapUsedAfterGc(server.payara());
            if (reading.isPresent() && (least.isEmpty() || reading.getAsLong() < least.getAsLong())) {
                least = reading;
            }
        }
        return least;
    }

    /**
     * One group of --group-members users, each connected over WebSocket; the members take turns sending at
     * --group-rate messages per second (open loop) and every other member must receive each message live.
     */
    private void group(String key, Optional<ProcessHandleView> server) throws Exception {
        int n = o.groupMembers();
        List<User> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "g" + i;
            api.post("users", key, Map.of("id", id));
            members.add(new User(id, api.post("users/" + id + "/tokens", key, Map.of("ttlSeconds", 3600)).get("token").asText()));
        }
        String conversation = api.post("conversations", members.get(0).token(), Map.of("type", "group", "name", "bench group",
                "members", members.subList(1, n).stream().map(User::id).toList())).get("id").asText();
        Map<String, Long> scheduled = new ConcurrentHashMap<>();
        Histogram deliver = new ConcurrentHistogram(60_000_000L, 3);
        AtomicLong delivered = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong lastDelivery = new AtomicLong();
        List<LeanSockets.Connection> sockets = new ArrayList<>();
        URI ws = URI.create("ws://localhost:" + o.port() + "/api/v1/ws?v=3");
        for (User u : members) {
            sockets.add(clients.connect(ws, u.token(), frame -> {
                long now = System.nanoTime();
                if (isNewMessage(frame)) {
                    Long at = u.id().equals(field(frame, "senderId")) ? null : scheduled.get(field(frame, "clientId"));
                    if (at != null) {
                        deliver.recordValue(Math.max(0, (now - at) / 1000));
                        delivered.incrementAndGet();
                        lastDelivery.accumulateAndGet(now, Math::max);
                    }
                } else if (frame.contains("\"type\":\"error\"")) {
                    errors.incrementAndGet(); // as in the 1:1 scenario: only what is measured is read
                }
            }));
        }
        Thread.sleep(1000);
        // Warm-up (not measured), then the measured run.
        groupLoop(sockets, conversation, o.groupRate(), o.warmup(), "gw", scheduled);
        Thread.sleep(3000);
        deliver.reset();
        delivered.set(0);
        scheduled.clear();
        double cpuBefore = server.map(ProcessHandleView::cpuSeconds).orElse(0.0);
        long messages = (long) o.groupRate() * o.seconds();
        long expected = messages * (n - 1);
        long started = System.nanoTime();
        long late = groupLoop(sockets, conversation, o.groupRate(), o.seconds(), "gm", scheduled);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (delivered.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        double elapsed = (Math.max(lastDelivery.get(), started + 1) - started) / 1e9;
        double cpuAfter = server.map(ProcessHandleView::cpuSeconds).orElse(0.0);

        section("Group fan-out");
        line("Group", n + " members, each connected over WebSocket");
        line("Target rate", o.groupRate() + " msgs/s for " + o.seconds() + " s (" + messages + " messages, "
                + (o.groupRate() * (n - 1)) + " deliveries/s offered)");
        line("Sends that left the generator late (> 10 ms behind schedule)", Long.toString(late));
        line("Delivered live to the other members", delivered.get() + " of " + expected
                + (errors.get() > 0 ? " (" + errors.get() + " error frames)" : ""));
        line("Achieved deliveries per second (first send to last delivery)", String.format(Locale.ROOT, "%.0f", delivered.get() / elapsed));
        percentiles("Send to delivery latency (from scheduled send time)", deliver);
        if (server.isPresent()) {
            line("Server CPU time (Payara + PostgreSQL) per 1,000 deliveries",
                    String.format(Locale.ROOT, "%.2f s", (cpuAfter - cpuBefore) / Math.max(1, delivered.get()) * 1000));
        }
        for (LeanSockets.Connection s : sockets) {
            s.close();
        }
    }

    /** The group's members take turns sending rate*seconds messages at fixed scheduled times; returns the late ones. */
    private static long groupLoop(List<LeanSockets.Connection> sockets, String conversation, int rate, int seconds, String prefix,
                                  Map<String, Long> scheduled) {
        return paced(rate, seconds, (i, at) -> {
            String clientId = prefix + i;
            scheduled.put(clientId, at);
            sockets.get((int) (i % sockets.size())).send(sendFrame(clientId, conversation, "group message " + i));
        });
    }

    private void section(String title) {
        report.append("\n### ").append(title).append("\n\n| measure | value |\n|---|---|\n");
        System.out.println("\n" + title);
    }

    private void line(String what, String value) {
        report.append("| ").append(what).append(" | ").append(value).append(" |\n");
        System.out.println("  " + what + ": " + value);
    }

    private void percentiles(String what, Histogram h) {
        line(what + " p50 / p99 / p99.9 / max", String.format(Locale.ROOT, "%.1f / %.1f / %.1f / %.1f ms (n=%d)",
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0,
                h.getMaxValue() / 1000.0, h.getTotalCount()));
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1024.0 / 1024.0);
    }

    private void writeReport() throws IOException {
        String header = "# Benchmarks\n\nWritten by `./chat bench` (infra/bench) against a running `./chat up`; everything on one machine:\n"
                + "the load generator, Payara Micro, PostgreSQL (durable commits: fsync and synchronous_commit on), Elasticsearch\n"
                + "and S3Proxy share " + Runtime.getRuntime().availableProcessors() + " cores. Java " + System.getProperty("java.version")
                + ", run " + Instant.now() + ", load average before the run " + loadAverage() + ".\n"
                + "Command: `./chat bench --rate " + o.rate() + " --seconds " + o.seconds() + " --pairs " + o.pairs()
                + " --idle " + o.idle() + " --searches " + o.searches() + " --group-members " + o.groupMembers()
                + " --group-rate " + o.groupRate() + " --warmup " + o.warmup() + "`.\n";
        Files.createDirectories(o.out().toAbsolutePath().getParent());
        // A hand-written "## Analysis" section (what the figures mean, what to do next) survives re-runs.
        String analysis = "";
        if (Files.exists(o.out())) {
            String previous = Files.readString(o.out());
            // The search-at-scale section (./chat bench --search-corpus) is kept as well.
            int search = previous.indexOf(SearchCorpusBench.SECTION);
            int at = previous.indexOf("\n## Analysis");
            analysis = search >= 0 ? previous.substring(search) : at >= 0 ? previous.substring(at) : "";
        }
        Files.writeString(o.out(), header + report + analysis);
        System.out.println("\nWrote " + o.out());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The server processes whose CPU and memory the benchmark reports. */
    private record ProcessHandleView(ProcessHandle payara, Path postgresData) {
        static Optional<ProcessHandleView> find(Options o) {
            return ProcessStats.payara(o.port()).map(p -> new ProcessHandleView(p, o.data().resolve("postgres")));
        }

        double cpuSeconds() {
            return ProcessStats.cpuSeconds(List.of(payara)) + ProcessStats.postgresCpuSeconds(postgresData);
        }

        long payaraRss() {
            return ProcessStats.rssBytes(payara);
        }
    }
}
