package com.chatplatform.api.it;

import static com.chatplatform.api.it.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.chatplatform.api.it.TenantFixtures.TenantFixture;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The index lag (pending search outbox items, age of the oldest) rises in /metrics and in the readiness details while
 * Elasticsearch is stopped, and falls back to zero once it is back and the backlog is applied.
 */
class SearchLagIT extends ApiTestBase {

    record Lag(long pending, double ageSeconds) {
    }

    private Lag metrics() {
        HttpResponse<byte[]> r = api.fetch(api.base().resolve("../metrics"));
        assertEquals(200, r.statusCode());
        String text = new String(r.body(), StandardCharsets.UTF_8);
        return new Lag((long) gauge(text, "chat_search_outbox_pending"), gauge(text, "chat_search_index_lag_seconds"));
    }

    private static double gauge(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})?\\s+([0-9.eE+-]+)$").matcher(text);
        assertTrue(m.find(), () -> name + " missing from /metrics:\n" + text.lines().filter(l -> l.contains("chat")).toList());
        return Double.parseDouble(m.group(1));
    }

    private JsonNode searchCheck() {
        TestApi.Reply ready = api.get("../health/ready", null);
        for (JsonNode check : ready.body().get("checks")) {
            if ("search".equals(check.get("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no search check: " + ready.body());
    }

    @Test
    void lagRisesWhileElasticsearchIsStoppedAndFallsBackAfter() throws Exception {
        TenantFixture t = fixtures.newTenant("Lag " + UUID.randomUUID());
        String word = "lag" + UUID.randomUUID().toString().substring(0, 8);
        // Settled first: nothing pending.
        SearchIT.await(() -> metrics().pending() == 0 ? true : null);
        assertEquals(0.0, metrics().ageSeconds());

        ChatServices.stopElasticsearch();
        try {
            for (int i = 0; i < 3; i++) {
                TestApi.Reply sent = api.post("v1/conversations/" + t.conversationId() + "/messages", t.alice(),
                        json("clientId", "lag-" + i, "text", word + " " + i));
                assertEquals(200, sent.status(), () -> String.valueOf(sent.body()));
            }
            java.util.concurrent.atomic.AtomicReference<Lag> seen = new java.util.concurrent.atomic.AtomicReference<>();
            Lag risen = eventually(() -> {
                Lag lag = metrics();
                seen.set(lag);
                assertTrue(lag.pending() >= 3 && lag.ageSeconds() >= 2, () -> "lag seen: " + lag + ", readiness: " + searchCheck());
                return lag;
            });
            assertTrue(risen.pending() >= 3, risen::toString);
            JsonNode check = eventually(() -> {
                JsonNode c = searchCheck();
                return c.at("/data/outboxPending").asLong() >= 3 && c.at("/data/indexLagSeconds").asLong() >= 2 ? c : null;
            });
            assertEquals("DOWN", check.get("status").asText());
        } finally {
            ChatServices.startElasticsearch();
        }
        // The outbox retries with a backoff of up to 60 s: allow for it on a loaded machine.
        SearchIT.await(() -> {
            Lag lag = metrics();
            return lag.pending() == 0 && lag.ageSeconds() == 0.0 ? true : null;
        });
        JsonNode check = SearchIT.await(() -> {
            JsonNode c = searchCheck();
            return "UP".equals(c.get("status").asText()) && c.at("/data/outboxPending").asLong() == 0 ? c : null;
        });
        assertEquals(0, check.at("/data/indexLagSeconds").asLong());
        assertEquals(3, api.get("v1/search?q=" + word, t.bob()).body().get("items").size());
    }
}
