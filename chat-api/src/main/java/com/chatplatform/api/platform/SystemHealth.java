package com.chatplatform.api.platform;

import com.chatplatform.api.media.MediaStorage;
import com.chatplatform.api.cluster.NodeBus;
import com.chatplatform.api.realtime.RealtimeHub;
import com.chatplatform.api.search.SearchGateway;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The platform admins' view of the system: each backing service (database, search, storage) checked now with
 * the time it took, and this API node (id, start, uptime, open WebSocket connections). The same checks as
 * /health/ready, with latency and without the MicroProfile Health format.
 */
@ApplicationScoped
public class SystemHealth {
    private static final Logger LOG = Logger.getLogger(SystemHealth.class.getName());
    public static final String UP = "up";
    public static final String DOWN = "down";

    @Resource(lookup = "java:app/jdbc/chat")
    DataSource dataSource;
    @Inject
    SearchGateway search;
    @Inject
    MediaStorage storage;
    @Inject
    RealtimeHub hub;
    @Inject
    NodeBus nodes;
    @Inject
    com.chatplatform.api.message.SendBatcher groupCommit;

    /** One backing service: {@code status} up or down, {@code latencyMillis} the time the check took. */
    public record Component(String name, String status, long latencyMillis, String detail) {
    }

    /**
     * The node that answered: {@code id} is the JVM's pid@host; {@code clusterMembers} the data grid addresses of
     * every node of its cluster, its own first (just its own when it runs alone, started with --nocluster);
     * {@code groupCommit}: since start, how many batches the group commit of new messages wrote, how many messages they
     * stored, and how many sends they passed on to the one-message path (ADR 0013).
     */
    public record Node(String id, Instant startedAt, long uptimeSeconds, int connections, String javaVersion,
                       List<String> clusterMembers, com.chatplatform.api.message.SendBatcher.GroupCommitFigures groupCommit) {
    }

    public record Report(String status, Instant checkedAt, List<Component> components, Node node) {
    }

    public Report check() {
        List<Component> components = List.of(
                timed("database", this::databaseUp),
                timed("search", search::isHealthy),
                timed("storage", storage::isHealthy));
        boolean allUp = components.stream().allMatch(c -> UP.equals(c.status()));
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        Node node = new Node(runtime.getName(), Instant.ofEpochMilli(runtime.getStartTime()), runtime.getUptime() / 1000,
                hub.connectedSessions(), Runtime.version().toString(), nodes.memberAddresses(), groupCommit.figures());
        return new Report(allUp ? UP : DOWN, Instant.now(), components, node);
    }

    private boolean databaseUp() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static Component timed(String name, BooleanSupplier check) {
        long start = System.nanoTime();
        boolean up;
        String detail = null;
        try {
            up = check.getAsBoolean();
            if (!up) {
                detail = "The check failed.";
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Health check " + name + " failed", e);
            up = false;
            detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Component(name, up ? UP : DOWN, millis, detail);
    }
}
