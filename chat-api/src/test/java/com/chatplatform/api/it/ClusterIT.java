package com.chatplatform.api.it;

import static com.chatplatform.api.it.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.chatplatform.devstack.PayaraMicroProcess;
import com.chatplatform.devstack.Ports;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two API nodes in one cluster (Payara Micro's data grid on loopback, a cluster name of their own) on the shared
 * PostgreSQL, Elasticsearch and S3: a user connected to node B gets live what was done through node A (messages,
 * events, presence, typing), presence is right across nodes (online while any node holds a socket), and a
 * suspension or token revocation handled by node A closes the sessions held by node B (ADR 0009). Without the
 * cross-node signals none of these frames would reach node B's sessions.
 */
class ClusterIT extends ApiTestBase {
    private static final List<PayaraMicroProcess> NODES = new ArrayList<>();
    private static TestApi nodeA;
    private static TestApi nodeB;

    @BeforeAll
    static void startTwoClusteredNodes() throws Exception {
        ChatServices.api(); // the shared services (and the shared node, which stays outside the cluster)
        int gridA = Ports.freePort();
        int gridB = Ports.freePort();
        List<String> cluster = List.of("--clustername", "chat-it-" + UUID.randomUUID(),
                "--clustermode", "tcpip:127.0.0.1:" + gridA + ",127.0.0.1:" + gridB, "--interfaces", "127.0.0.1");
        int httpA = Ports.freePort();
        int httpB = Ports.freePort();
        CompletableFuture<PayaraMicroProcess> a = CompletableFuture.supplyAsync(() -> start("node-a", httpA, cluster, gridA));
        CompletableFuture<PayaraMicroProcess> b = CompletableFuture.supplyAsync(() -> start("node-b", httpB, cluster, gridB));
        CompletableFuture.allOf(a, b).exceptionally(e -> null).join();
        for (CompletableFuture<PayaraMicroProcess> f : List.of(a, b)) {
            if (!f.isCompletedExceptionally()) {
                NODES.add(f.join());
            }
        }
        a.join();
        b.join();
        nodeA = new TestApi(URI.create(NODES.get(0).url() + "/api/").toURL());
        nodeB = new TestApi(URI.create(NODES.get(1).url() + "/api/").toURL());
    }

    private static PayaraMicroProcess start(String name, int http, List<String> cluster, int gridPort) {
        List<String> args = new ArrayList<>(cluster);
        args.add("--startport");
        args.add(Integer.toString(gridPort));
        try {
            // Hazelcast's failure detector: a member that stops answering heartbeats (a crashed node) is removed after
            // 10 s instead of the default 60 s, so the crash test below does not wait a minute.
            return ChatServices.startNode(name, http, args, List.of("-Dhazelcast.heartbeat.interval.seconds=1",
                    "-Dhazelcast.max.no.heartbeat.seconds=10"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopNodes() {
        NODES.forEach(PayaraMicroProcess::close);
    }

    @Test
    void livePushesAndForcedClosesReachTheSessionsOfTheOtherNode() throws Exception {
        String admin = fixtures.adminToken();
        for (TestApi node : List.of(nodeA, nodeB)) {
            JsonNode members = eventually(() -> {
                JsonNode m = node.get("v1/platform/health", admin).body().at("/node/clusterMembers");
                return m.size() == 2 ? m : null;
            });
            assertEquals(2, members.size(), members::toString);
        }
        TenantFixtures.TenantFixture t = fixtures.newTenant("Cluster " + UUID.randomUUID());
        TenantFixtures.TenantFixture other = fixtures.newTenant("Cluster other " + UUID.randomUUID());

        // A message sent through node A reaches Bob's socket on node B, with the sequence number of the ack.
        TestApi.Socket bobOnB = nodeB.connect(t.bob());
        bobOnB.next("ready");
        TestApi.Socket outsiderOnB = nodeB.connect(other.bob());
        outsiderOnB.next("ready");
        TestApi.Reply sent = nodeA.post("v1/conversations/" + t.conversationId() + "/messages", t.alice(),
                json("clientId", "across", "text", "sent through node A"));
        assertEquals(200, sent.status(), () -> String.valueOf(sent.body()));
        JsonNode pushed = bobOnB.next("message");
        assertEquals("sent through node A", pushed.at("/message/text").asText(), pushed::toString);
        assertEquals(sent.body().get("seq").asLong(), pushed.at("/message/seq").asLong(), pushed::toString);
        // An event of the log (a reaction) too.
        String message = "v1/conversations/" + t.conversationId() + "/messages/" + sent.body().get("id").asText();
        assertEquals(200, nodeA.put(message + "/reactions/%F0%9F%91%8D", t.alice()).status());
        JsonNode event = bobOnB.next("event");
        assertTrue(event.toString().contains("reaction"), event::toString);
        // The other tenant's user on node B got nothing of it (the receiving node re-checks tenant and user).
        Thread.sleep(1000);
        assertTrue(outsiderOnB.frames.stream().noneMatch(f -> List.of("message", "event").contains(f.path("type").asText())),
                () -> "leaked to another tenant: " + outsiderOnB.frames);

        // Presence across nodes: Alice comes online on node A (Bob, on node B, is told); she also connects to node B,
        // then leaves node A: she is still online (node A answers so from the cluster's record), and Bob is not told
        // she went offline. Her typing on node A reaches Bob on node B.
        TestApi.Socket aliceOnA = nodeA.connect(t.alice());
        aliceOnA.next("ready");
        JsonNode online = bobOnB.next("presence");
        assertEquals("alice", online.get("userId").asText(), online::toString);
        assertEquals("online", online.get("status").asText(), online::toString);
        aliceOnA.send(json("type", "typing", "conversationId", t.conversationId()));
        JsonNode typing = bobOnB.next("typing");
        assertEquals("alice", typing.get("userId").asText(), typing::toString);
        TestApi.Socket aliceOnB = nodeB.connect(t.alice());
        aliceOnB.next("ready");
        aliceOnA.close();
        aliceOnA.closed().get(10, TimeUnit.SECONDS);
        Thread.sleep(1000); // node A has unregistered her socket: she has none there any more
        assertEquals("online", nodeA.get("v1/presence?userIds=alice", t.bob()).body().at("/items/0/status").asText());
        assertTrue(bobOnB.frames.stream().noneMatch(f -> "presence".equals(f.path("type").asText())),
                () -> "Alice is still connected to node B, yet: " + bobOnB.frames);

        // Revoking Alice's tokens through node A closes her socket on node B; now she is offline everywhere.
        Thread.sleep(1100); // token times have one-second precision
        assertEquals(200, nodeA.post("v1/users/alice/revoke-tokens", t.apiKey(), json()).status());
        assertEquals("auth.token_revoked", aliceOnB.next("error").get("code").asText());
        assertEquals(4401, aliceOnB.closed().get(10, TimeUnit.SECONDS).intValue());
        JsonNode offline = bobOnB.next("presence");
        assertEquals("offline", offline.get("status").asText(), offline::toString);
        JsonNode seen = eventually(() -> {
            JsonNode p = nodeA.get("v1/presence?userIds=alice", t.bob()).body().at("/items/0");
            return "offline".equals(p.path("status").asText()) ? p : null;
        });
        assertTrue(seen.hasNonNull("lastSeenAt"), seen::toString);

        // Suspending the tenant through node A closes Bob's socket on node B; the other tenant's socket stays open.
        String tenantPath = "v1/platform/tenants/" + t.tenantId();
        assertEquals(200, nodeA.post(tenantPath + "/suspend", admin, json()).status());
        assertEquals("tenant.suspended", bobOnB.next("error").get("code").asText());
        assertEquals(4403, bobOnB.closed().get(10, TimeUnit.SECONDS).intValue());
        assertEquals("tenant.suspended", bobOnB.closeReason().get(10, TimeUnit.SECONDS));
        assertTrue(!outsiderOnB.closed().isDone(), "the other tenant's socket must stay open");
        assertEquals(200, nodeA.post(tenantPath + "/reactivate", admin, json()).status());
        outsiderOnB.close();

        // Node B dies (SIGKILL) while Alice is connected only to it: node A, the survivor, removes B's entries from the
        // cluster's record, stores Alice's last seen and tells her co-member Bob (on node A) she is offline; GET /presence
        // on node A answers offline with lastSeenAt. Another tenant's user on node A hears nothing of it.
        TenantFixtures.TenantFixture u = fixtures.newTenant("Cluster crash " + UUID.randomUUID());
        TestApi.Socket bobOfOtherOnA = nodeA.connect(other.bob());
        bobOfOtherOnA.next("ready");
        TestApi.Socket bobOnA = nodeA.connect(u.bob());
        bobOnA.next("ready");
        TestApi.Socket aliceOnlyOnB = nodeB.connect(u.alice());
        aliceOnlyOnB.next("ready");
        JsonNode up = bobOnA.next("presence");
        assertEquals("alice", up.get("userId").asText(), up::toString);
        assertEquals("online", up.get("status").asText(), up::toString);
        assertEquals("online", nodeA.get("v1/presence?userIds=alice", u.bob()).body().at("/items/0/status").asText());
        assertTrue(nodeA.get("v1/presence?userIds=alice", u.bob()).body().at("/items/0/lastSeenAt").isMissingNode(), "never seen offline");
        java.time.Instant crashedAt = java.time.Instant.now();
        NODES.get(1).crash();
        JsonNode down = nextWithin(bobOnA, "presence", 120);
        assertEquals("alice", down.get("userId").asText(), down::toString);
        assertEquals("offline", down.get("status").asText(), down::toString);
        assertTrue(!java.time.Instant.parse(down.get("lastSeenAt").asText()).isBefore(crashedAt.minusSeconds(1)), down::toString);
        JsonNode afterCrash = nodeA.get("v1/presence?userIds=alice", u.bob()).body().at("/items/0");
        assertEquals("offline", afterCrash.path("status").asText(), afterCrash::toString);
        assertTrue(afterCrash.hasNonNull("lastSeenAt"), afterCrash::toString);
        assertEquals(1, nodeA.get("v1/platform/health", admin).body().at("/node/clusterMembers").size(), "node B left the cluster");
        assertTrue(bobOfOtherOnA.frames.stream().noneMatch(f -> "presence".equals(f.path("type").asText())),
                () -> "another tenant heard of it: " + bobOfOtherOnA.frames);
        bobOnA.close();
        bobOfOtherOnA.close();
    }

    /** The next frame of a type within {@code seconds} (a crashed node is noticed by the failure detector, not at once). */
    private static JsonNode nextWithin(TestApi.Socket socket, String type, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            JsonNode f = socket.frames.poll(1, TimeUnit.SECONDS);
            if (f != null && type.equals(f.path("type").asText())) {
                return f;
            }
        }
        throw new AssertionError("No " + type + " frame within " + seconds + " s");
    }
}
