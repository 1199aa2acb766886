package com.chatplatform.api.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The other nodes of the cluster, for what only live sessions need: pushes after commit and closing sessions on
 * suspension or token revocation (ADR 0009). It uses the data grid Payara Micro embeds (a Hazelcast topic found
 * at JNDI {@code payara/Hazelcast}); a node started with {@code --nocluster} is a cluster of one and publishes nothing.
 *
 * <p>Signals from other nodes are fired as local CDI events of type {@link Inbound}; a node never receives its
 * own. Delivery over the topic is best effort, like a local push: a client that missed a frame catches up with
 * the sync API, which reads PostgreSQL.
 */
@ApplicationScoped
public class NodeBus {
    private static final Logger LOG = Logger.getLogger(NodeBus.class.getName());
    static final String TOPIC = "chat.realtime";
    private static final Jsonb JSONB = JsonbBuilder.create();

    /** A signal another node published. */
    public record Inbound(NodeSignal signal) {
    }

    @Inject
    Event<Inbound> inbound;

    private volatile HazelcastInstance grid;
    private volatile ITopic<String> topic;
    private volatile UUID listener;
    private boolean connected;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        connect();
    }

    /**
     * Finds the data grid and subscribes to the topic, once (the observers of application start run in no fixed
     * order, so {@link ClusterPresence} calls this too before it asks for the grid). Returns the grid or null.
     */
    synchronized HazelcastInstance connect() {
        if (connected) {
            return grid;
        }
        connected = true;
        HazelcastInstance found = lookup();
        if (found == null) {
            LOG.info("No data grid: live pushes reach this node's sessions only");
            return null;
        }
        grid = found;
        topic = found.getTopic(TOPIC);
        listener = topic.addMessageListener(message -> {
            if (message.getPublishingMember() != null && message.getPublishingMember().localMember()) {
                return;
            }
            try {
                inbound.fire(new Inbound(JSONB.fromJson(message.getMessageObject(), NodeSignal.class)));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A signal from another node could not be applied", e);
            }
        });
        LOG.info(() -> "Cluster fan-out on topic " + TOPIC + " with " + members() + " member(s)");
        return found;
    }

    private static HazelcastInstance lookup() {
        try {
            Object o = new InitialContext().lookup("payara/Hazelcast");
            if (o instanceof HazelcastInstance h && h.getLifecycleService().isRunning()) {
                return h;
            }
        } catch (NamingException | RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, "No Hazelcast instance in JNDI", e);
        }
        return null;
    }

    /** Sends the signal to every other node (asynchronously; failures are logged, the sync path covers them). */
    public void publish(NodeSignal signal) {
        ITopic<String> t = topic;
        if (t == null || members() < 2) {
            return;
        }
        try {
            t.publishAsync(JSONB.toJson(signal)).exceptionally(e -> {
                LOG.log(Level.FINE, "Publishing a signal to the other nodes failed", e);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Publishing a signal to the other nodes failed", e);
        }
    }

    /** The running data grid when this node is in a cluster of two or more, else null. */
    HazelcastInstance clusterGrid() {
        return members() > 1 ? grid : null;
    }

    /** The running data grid (a cluster of one included), else null. */
    HazelcastInstance anyGrid() {
        HazelcastInstance g = grid;
        return g != null && g.getLifecycleService().isRunning() ? g : null;
    }

    /** How many nodes are in the cluster, this one included (1 when there is no data grid). */
    public int members() {
        HazelcastInstance g = grid;
        try {
            return g == null || !g.getLifecycleService().isRunning() ? 1 : g.getCluster().getMembers().size();
        } catch (RuntimeException e) {
            return 1;
        }
    }

    /** The members' addresses (host:port of the data grid), this node's own first; empty without a grid. */
    public List<String> memberAddresses() {
        HazelcastInstance g = grid;
        if (g == null) {
            return List.of();
        }
        try {
            return g.getCluster().getMembers().stream()
                    .sorted((a, b) -> Boolean.compare(b.localMember(), a.localMember()))
                    .map(Member::getAddress).map(a -> a.getHost() + ":" + a.getPort()).toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    @PreDestroy
    void stop() {
        ITopic<String> t = topic;
        UUID id = listener;
        if (t != null && id != null) {
            try {
                t.removeMessageListener(id);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Removing the topic listener failed", e);
            }
        }
    }
}
