package com.chatplatform.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.chatplatform.devstack.ElasticsearchNode;
import com.chatplatform.devstack.Ports;
import com.chatplatform.search.SearchClientFactory;
import com.chatplatform.search.message.MessageDocument;
import com.chatplatform.search.message.MessageSearchQuery;
import com.chatplatform.search.message.MessageSearcher;
import com.chatplatform.search.message.SearchIndexAdmin;
import com.chatplatform.search.message.SearchIndexNames;
import com.chatplatform.search.message.SearchIndexer;
import com.chatplatform.search.message.SearchResults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * ./chat bench --search-corpus N: starts its own Elasticsearch node (the dev node of infra/es-node, heap
 * {@code chat.es.heap}, default 512m), bulk-indexes N synthetic messages of many tenants and conversations through
 * chat-search's SearchIndexer (the production indexer: one bulk request per batch, external versions, tenant routing,
 * Java folding), then measures query latency through MessageSearcher (the one query builder: tenant filter, tenant
 * routing, readable-conversations filter, highlight). Writes the "## Search index at scale" section of
 * docs/benchmarks.md and keeps every other section. Deterministic corpus (fixed seed).
 */
final class SearchCorpusBench {
    static final String SECTION = "\n## Search index at scale";
    private static final int BATCH = 2_000;
    private static final int THREADS = 2;

    private final int corpus;
    private final int queries;
    private final Path out;
    private final StringBuilder report = new StringBuilder();

    /** A tenant: how many conversations and members it has; sizes are skewed (a few large tenants, many small). */
    private record Tenant(String id, int conversations, int users, long firstDoc, long docs) {
    }

    SearchCorpusBench(int corpus, int queries, Path out) {
        this.corpus = corpus;
        this.queries = queries;
        this.out = out;
    }

    /** Deterministic pseudo-words: a vocabulary of 20,000 words, plus common ones. */
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "po", "qua", "fer",
            "dol", "mar", "tin", "bex", "cor", "lun", "pra", "sei", "vok", "gra", "hum", "jol"};
    private static final String[] COMMON = {"the", "meeting", "invoice", "tomorrow", "deploy", "coffee", "report", "ticket",
            "release", "customer", "lunch", "review", "budget", "design", "café", "naïve", "résumé", "Zürich"};

    private static String vocab(int i) {
        StringBuilder b = new StringBuilder();
        int n = i;
        do {
            b.append(SYLLABLES[n % SYLLABLES.length]);
            n /= SYLLABLES.length;
        } while (n > 0);
        return b.toString();
    }

    private static final int VOCABULARY = 20_000;

    /** Zipf-like word choice: frequent words are frequent. */
    private static String word(SplittableRandom r) {
        if (r.nextInt(4) == 0) {
            return COMMON[r.nextInt(COMMON.length)];
        }
        double u = r.nextDouble();
        int i = (int) Math.min(VOCABULARY - 1, Math.floor(Math.pow(VOCABULARY, u)) - 1);
        return vocab(Math.max(0, i));
    }

    private List<Tenant> tenants() {
        // 2,000 tenants; tenant k gets a share proportional to 1/(k+1)^0.8 (the largest has a few percent).
        int count = Math.max(10, Math.min(2_000, corpus / 200));
        double[] weights = new double[count];
        double sum = 0;
        for (int k = 0; k < count; k++) {
            weights[k] = 1 / Math.pow(k + 1, 0.8);
            sum += weights[k];
        }
        List<Tenant> result = new ArrayList<>();
        long first = 0;
        for (int k = 0; k < count; k++) {
            long docs = k == count - 1 ? corpus - first : Math.max(1, Math.round(corpus * weights[k] / sum));
            docs = Math.min(docs, corpus - first);
            int conversations = (int) Math.max(2, Math.min(5_000, docs / 100));
            int users = Math.max(4, conversations / 2);
            result.add(new Tenant(String.format(Locale.ROOT, "00000000-0000-4000-8000-%012d", k), conversations, users, first, docs));
            first += docs;
        }
        return result;
    }

    private static String conversationId(Tenant t, int c) {
        return t.id().substring(0, 24) + String.format(Locale.ROOT, "%06d%06d", Integer.parseInt(t.id().substring(30)) % 1_000_000, c);
    }

    /** Members of a conversation: user u is in conversation c when c % users is in u's window (about 20 each). */
    private static List<String> readable(Tenant t, int user, SplittableRandom r) {
        int n = Math.min(t.conversations(), 5 + r.nextInt(40));
        List<String> ids = new ArrayList<>(n);
        int start = (user * 7) % t.conversations();
        for (int i = 0; i < n; i++) {
            ids.add(conversationId(t, (start + i) % t.conversations()));
        }
        return ids;
    }

    private MessageDocument document(Tenant t, long doc, Instant base) {
        SplittableRandom r = new SplittableRandom(doc * 31 + 7);
        int c = (int) (doc % t.conversations());
        int words = 4 + r.nextInt(16);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words; i++) {
            text.append(i == 0 ? "" : " ").append(word(r));
        }
        boolean file = r.nextInt(20) == 0;
        return new MessageDocument(t.id(), conversationId(t, c), String.format(Locale.ROOT, "m%011d", doc), doc - t.firstDoc() + 1,
                "user" + r.nextInt(t.users()), text.toString(), base.plusSeconds(doc % 10_000_000),
                file ? List.of("application/pdf") : List.of(), file ? List.of(word(r) + "-" + word(r) + ".pdf") : List.of(),
                r.nextInt(10) == 0 ? List.of("user" + r.nextInt(t.users())) : List.of(), 1);
    }

    void run() throws Exception {
        Path esHome = Path.of("infra", "es-node", "target", "es-home");
        if (!Files.isDirectory(esHome)) {
            System.err.println("No " + esHome + ": build it first with ./mvnw -pl infra/es-node -am package -DskipTests.");
            System.exit(1);
        }
        Path data = Path.of("infra", "bench", "target", "search-corpus-es");
        deleteRecursively(data);
        int port = Ports.freePort();
        String heap = System.getProperty(ElasticsearchNode.HEAP_PROPERTY, "1g");
        System.out.println("Starting an Elasticsearch node (heap " + heap + ") on port " + port + " ...");
        double load = loadAverage();
        try (ElasticsearchNode node = ElasticsearchNode.start(esHome, data, port, Duration.ofMinutes(5), heap)) {
            ElasticsearchClient es = SearchClientFactory.create(node.url());
            try {
                SearchIndexNames names = SearchIndexNames.of("bench");
                SearchIndexAdmin admin = new SearchIndexAdmin(es, names);
                admin.ensureIndex();
                List<Tenant> tenants = tenants();
                indexCorpus(new SearchIndexer(es, names), tenants);
                admin.refresh();
                long count = admin.count();
                line("Documents in the index", String.format(Locale.ROOT, "%,d (%d tenants, %,d conversations)", count,
                        tenants.size(), tenants.stream().mapToLong(Tenant::conversations).sum()));
                measureQueries(new MessageSearcher(es, names), tenants);
            } finally {
                SearchClientFactory.close(es);
            }
        } finally {
            deleteRecursively(data);
        }
        write(load);
    }

    private void indexCorpus(SearchIndexer indexer, List<Tenant> tenants) throws Exception {
        Instant base = Instant.parse("2025-01-01T00:00:00Z");
        AtomicLong indexed = new AtomicLong();
        long started = System.nanoTime();
        Histogram bulkMillis = new Histogram(600_000L, 3);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                int me = thread;
                futures.add(pool.submit(() -> {
                    List<MessageDocument> batch = new ArrayList<>(BATCH);
                    long batchNo = 0;
                    for (Tenant t : tenants) {
                        for (long d = t.firstDoc(); d < t.firstDoc() + t.docs(); d++) {
                            if ((d / BATCH) % THREADS != me) {
                                continue;
                            }
                            batch.add(document(t, d, base));
                            if (batch.size() == BATCH) {
                                flush(indexer, batch, bulkMillis, indexed, started);
                                batchNo++;
                            }
                        }
                    }
                    flush(indexer, batch, bulkMillis, indexed, started);
                    return batchNo;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        line("Bulk indexing", String.format(Locale.ROOT, "%,d documents in %.0f s: %,.0f docs/s (%d threads, %,d per bulk request, "
                + "external versions, tenant routing, Java folding)", indexed.get(), seconds, indexed.get() / seconds, THREADS, BATCH));
        line("Bulk request latency p50 / p95 / p99 / max", String.format(Locale.ROOT, "%d / %d / %d / %d ms (n=%d)",
                bulkMillis.getValueAtPercentile(50), bulkMillis.getValueAtPercentile(95), bulkMillis.getValueAtPercentile(99),
                bulkMillis.getMaxValue(), bulkMillis.getTotalCount()));
    }

    private static void flush(SearchIndexer indexer, List<MessageDocument> batch, Histogram bulkMillis, AtomicLong indexed, long started) {
        if (batch.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                indexer.index(batch);
                break;
            } catch (RuntimeException e) {
                if (attempt >= 5) {
                    throw e;
                }
                sleep(1000L * attempt);
            }
        }
        synchronized (bulkMillis) {
            bulkMillis.recordValue(Math.min(600_000L, (System.nanoTime() - t0) / 1_000_000));
        }
        long done = indexed.addAndGet(batch.size());
        if (done % 100_000 < batch.size()) {
            System.out.printf(Locale.ROOT, "  indexed %,d (%.0f docs/s)%n", done, done / ((System.nanoTime() - started) / 1e9));
        }
        batch.clear();
    }

    private void measureQueries(MessageSearcher searcher, List<Tenant> tenants) {
        SplittableRandom r = new SplittableRandom(42);
        // Tenants are picked in proportion to their size (busy tenants search more), users and their conversations at random.
        long total = tenants.stream().mapToLong(Tenant::docs).sum();
        Histogram all = new Histogram(60_000_000L, 3);
        Histogram large = new Histogram(60_000_000L, 3);
        long hits = 0;
        int warmUp = Math.min(500, queries / 4);
        for (int i = 0; i < warmUp + queries; i++) {
            long pick = r.nextLong(total);
            Tenant t = tenants.stream().filter(x -> pick >= x.firstDoc() && pick < x.firstDoc() + x.docs()).findFirst().orElseThrow();
            List<String> readable = readable(t, r.nextInt(t.users()), r);
            String text = switch (r.nextInt(4)) {
                case 0 -> word(r) + " " + word(r);
                case 1 -> "\"" + word(r) + " " + word(r) + "\"";
                case 2 -> {
                    String w = word(r);
                    yield w.substring(0, Math.min(3, w.length()));
                }
                default -> word(r);
            };
            long t0 = System.nanoTime();
            SearchResults results = searcher.search(MessageSearchQuery.forTenant(t.id()).readableConversations(readable)
                    .text(text).limit(20).build());
            long micros = (System.nanoTime() - t0) / 1000;
            if (i >= warmUp) {
                all.recordValue(Math.min(micros, 60_000_000L));
                if (t.docs() >= 10_000) {
                    large.recordValue(Math.min(micros, 60_000_000L));
                }
                hits += results.hits().size();
            }
        }
        latency("Query latency, all tenants (tenant + membership filters, words / phrase / prefix, highlight, 20 hits)", all);
        latency("Query latency, tenants with >= 10,000 messages", large);
        line("Average hits returned per query", String.format(Locale.ROOT, "%.1f", hits / (double) queries));
    }

    private void latency(String what, Histogram h) {
        line(what + " p50 / p95 / p99 / max", String.format(Locale.ROOT, "%.1f / %.1f / %.1f / %.1f ms (n=%d, after a warm-up)",
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(95) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getMaxValue() / 1000.0, h.getTotalCount()));
    }

    private void line(String what, String value) {
        report.append("| ").append(what).append(" | ").append(value).append(" |\n");
        System.out.println(what + ": " + value);
    }

    private void write(double loadBefore) throws IOException {
        String section = SECTION + "\n\nWritten by `./chat bench --search-corpus " + corpus + " --searches " + queries
                + "` (infra/bench `SearchCorpusBench`): a fresh Elasticsearch dev node (one shard, heap "
                + System.getProperty(ElasticsearchNode.HEAP_PROPERTY, "1g") + ") started by the benchmark, filled through chat-search's "
                + "`SearchIndexer` and queried through `MessageSearcher` (no HTTP API, no PostgreSQL in the path), same "
                + Runtime.getRuntime().availableProcessors() + " cores for the generator and the node. Synthetic corpus: skewed tenant "
                + "sizes, 4-20 words per message from a Zipf-like 20,000-word vocabulary, 5 % with a PDF attachment, 10 % with a mention; "
                + "each query is for a random user of a tenant picked in proportion to its size, with 5-44 readable conversations. "
                + "Run " + Instant.now() + ", load average before the run " + String.format(Locale.ROOT, "%.2f", loadBefore)
                + ". Goal: p95 <= 50 ms.\n\n| measure | value |\n|---|---|\n" + report;
        String previous = Files.exists(out) ? Files.readString(out) : "# Benchmarks\n";
        int at = previous.indexOf(SECTION);
        String before;
        String after;
        if (at >= 0) {
            before = previous.substring(0, at);
            int next = previous.indexOf("\n## ", at + SECTION.length());
            after = next >= 0 ? previous.substring(next) : "";
        } else {
            int analysis = previous.indexOf("\n## Analysis");
            before = analysis >= 0 ? previous.substring(0, analysis) : previous;
            after = analysis >= 0 ? previous.substring(analysis) : "";
        }
        Files.writeString(out, before.stripTrailing() + "\n" + section + after);
        System.out.println("\nWrote " + out);
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
