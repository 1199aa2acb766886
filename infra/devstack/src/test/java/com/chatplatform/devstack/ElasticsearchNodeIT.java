package com.chatplatform.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starts the real node assembled by infra/es-node, indexes and searches over plain HTTP, stops it. */
class ElasticsearchNodeIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Path esHome() {
        String configured = System.getProperty("chat.es.home");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("CHAT_ES_HOME");
        }
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        // Failsafe runs in infra/devstack.
        return Path.of("../../infra/es-node/target/es-home").toAbsolutePath().normalize();
    }

    @Test
    void indexesSearchesStopsCleanlyAndKeepsItsDataAcrossRestarts() throws Exception {
        Path data = tmp.resolve("elasticsearch");
        int port = Ports.freePort();
        long pid;
        try (ElasticsearchNode es = ElasticsearchNode.start(esHome(), data, port, TIMEOUT)) {
            pid = es.pid();
            assertEquals("http://127.0.0.1:" + port, es.url());
            assertNotEquals(port, es.transportPort());
            long rssKb = rssKb(pid);
            System.out.printf("Elasticsearch pid %d ready on %s in %d ms, RSS %d MB, log %s%n",
                pid, es.url(), es.startupTime().toMillis(), rssKb / 1024, es.logFile());

            String health = send("GET", es.url() + "/_cluster/health", null, 200);
            assertTrue(health.contains("\"cluster_name\":\"chat-" + port + "\""), health);

            send("PUT", es.url() + "/it-messages", """
                {"mappings":{"properties":{
                  "tenantId":{"type":"keyword"},
                  "body":{"type":"text","analyzer":"standard"},
                  "sentAt":{"type":"date"}}}}""", 200);
            send("PUT", es.url() + "/it-messages/_doc/m1?refresh=true", """
                {"tenantId":"t1","body":"Hello from the real Elasticsearch node","sentAt":"2026-11-27T22:00:00Z"}""", 201);
            send("PUT", es.url() + "/it-messages/_doc/m2?refresh=true", """
                {"tenantId":"t2","body":"Hello from another tenant","sentAt":"2026-11-27T22:00:01Z"}""", 201);

            String found = send("POST", es.url() + "/it-messages/_search", """
                {"query":{"bool":{"must":{"match":{"body":"hello elasticsearch"}},
                                  "filter":{"term":{"tenantId":"t1"}}}},
                 "highlight":{"fields":{"body":{}}}}""", 200);
            assertEquals(1, totalHits(found), found);
            assertTrue(found.contains("\"_id\":\"m1\""), found);
            assertTrue(found.contains("<em>Elasticsearch</em>"), found);

            es.stop();
            assertFalse(es.isAlive());
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the node process is gone");
        assertTrue(Ports.isFree(port), "the HTTP port is released");
        assertTrue(Files.readString(data.resolveSibling("elasticsearch.log")).contains("stopped"),
            "the node stopped cleanly (its log says so)");

        int secondPort = Ports.freePort();
        try (ElasticsearchNode es = ElasticsearchNode.start(esHome(), data, secondPort, TIMEOUT)) {
            System.out.printf("Restart on existing data ready in %d ms%n", es.startupTime().toMillis());
            send("GET", es.url() + "/_cluster/health/it-messages?wait_for_status=yellow&timeout=30s", null, 200);
            String all = send("POST", es.url() + "/it-messages/_search", "{\"query\":{\"match_all\":{}}}", 200);
            assertEquals(2, totalHits(all), all);
        }
    }

    @Test
    void refusesAPortThatIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            assertFalse(Ports.isFree(port));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ElasticsearchNode.start(esHome(), tmp.resolve("es"), port, TIMEOUT));
            assertTrue(e.getMessage().contains("Port " + port) && e.getMessage().contains("already in use"),
                e.getMessage());
        }
    }

    @Test
    void saysHowToBuildAMissingHome() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> ElasticsearchNode.start(tmp.resolve("no-such-home"), tmp.resolve("es"), Ports.freePort(), TIMEOUT));
        assertTrue(e.getMessage().contains("run ./mvnw package first"), e.getMessage());
    }

    private String send(String method, String url, String json, int expectedStatus)
        throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, response.statusCode(), method + " " + url + " answered " + response.body());
        return response.body();
    }

    private static long totalHits(String searchResponse) {
        Matcher m = Pattern.compile("\"total\":\\{\"value\":(\\d+)").matcher(searchResponse);
        assertTrue(m.find(), searchResponse);
        return Long.parseLong(m.group(1));
    }

    /** Resident set size of a process in kB, from /proc (Linux), or -1. */
    private static long rssKb(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            Optional<String> line = Files.readAllLines(status).stream().filter(l -> l.startsWith("VmRSS:")).findFirst();
            return line.map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(-1L);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
