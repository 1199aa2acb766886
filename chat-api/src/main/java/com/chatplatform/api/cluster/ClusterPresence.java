package com.chatplatform.api.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which nodes hold at least one socket of a user, so presence is right across nodes (ADR 0009): a user is online
 * while any node holds one of the user's sockets. Each node keeps its own sessions; this map (a Hazelcast IMap,
 * key "tenant:user", value the comma-separated member ids of the nodes holding sockets) only records which nodes
 * do. When a node leaves the cluster (stopped, or crashed: Hazelcast's failure detector removes it), one surviving
 * node, the oldest member, removes the departed node from every entry and fires {@link NodeLeft} with the users who
 * are now offline everywhere, so their co-members get an "offline" presence frame and their last seen is stored
 * (PresenceService). The removal is per key under the key's lock, so a repeat (or a second node doing it) finds
 * nothing left to remove. Only JDK types cross the grid. Without a grid every answer is this node's own:
 * {@link #arrived} and {@link #left} are always true.
 */
@ApplicationScoped
public class ClusterPresence {
    private static final Logger LOG = Logger.getLogger(ClusterPresence.class.getName());
    static final String MAP = "chat.presence";

    @Inject
    NodeBus nodes;
    @Inject
    jakarta.enterprise.event.Event<NodeLeft> nodeLeft;

    /** A user of a tenant. */
    public record UserRef(UUID tenantId, UUID userId) {
    }

    /** A node left the cluster; {@code offline}: the users whose only sockets were on it (offline everywhere now). */
    public record NodeLeft(String member, List<UserRef> offline) {
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        HazelcastInstance grid = nodes.connect(); // NodeBus's own start observer may not have run yet
        if (grid != null) {
            grid.getCluster().addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent event) {
                    // nothing: a new node registers its own users as they connect
                }

                @Override
                public void memberRemoved(MembershipEvent event) {
                    departed(event.getMember().getUuid().toString());
                }
            });
            LOG.info("Cluster presence: watching for nodes that leave the cluster");
        }
    }

    /** This node now holds a socket of the user; true when no node held one before (the user comes online). */
    public boolean arrived(UUID tenantId, UUID userId) {
        return update(tenantId, userId, true);
    }

    /** This node holds no socket of the user any more; true when no node holds one now (the user goes offline). */
    public boolean left(UUID tenantId, UUID userId) {
        return update(tenantId, userId, false);
    }

    /** Whether a node other than this one holds a socket of the user. */
    public boolean onOtherNode(UUID tenantId, UUID userId) {
        HazelcastInstance grid = nodes.clusterGrid();
        if (grid == null) {
            return false;
        }
        try {
            String self = grid.getCluster().getLocalMember().getUuid().toString();
            String holders = map(grid).get(key(tenantId, userId));
            return holders != null && parse(holders).stream().anyMatch(h -> !h.equals(self));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Presence of other nodes unknown", e);
            return false;
        }
    }

    private boolean update(UUID tenantId, UUID userId, boolean add) {
        HazelcastInstance grid = nodes.anyGrid();
        if (grid == null) {
            return true;
        }
        String key = key(tenantId, userId);
        try {
            IMap<String, String> map = map(grid);
            String self = grid.getCluster().getLocalMember().getUuid().toString();
            map.lock(key);
            try {
                Set<String> holders = parse(map.get(key));
                boolean wasEmpty = holders.isEmpty();
                if (add) {
                    holders.add(self);
                } else {
                    holders.remove(self);
                }
                if (holders.isEmpty()) {
                    map.delete(key);
                } else {
                    map.set(key, String.join(",", holders));
                }
                return add ? wasEmpty : holders.isEmpty();
            } finally {
                map.unlock(key);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cluster presence could not be updated; answering for this node only", e);
            return true;
        }
    }

    /**
     * A node left the cluster: the oldest surviving member (the first of Hazelcast's member list, the same on every node)
     * removes it from every entry and announces the users it leaves offline. Runs on Hazelcast's event thread.
     */
    void departed(String member) {
        HazelcastInstance grid = nodes.anyGrid();
        if (grid == null || !oldest(grid)) {
            return;
        }
        List<UserRef> offline = forget(grid, member);
        LOG.info(() -> "Node " + member + " left the cluster: removed from cluster presence, " + offline.size() + " user(s) now offline");
        if (!offline.isEmpty()) {
            try {
                nodeLeft.fire(new NodeLeft(member, offline));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not announce the users a departed node left offline", e);
            }
        }
    }

    private static boolean oldest(HazelcastInstance grid) {
        try {
            var members = grid.getCluster().getMembers().iterator();
            return members.hasNext() && members.next().localMember();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Removes a node that left the cluster from every entry (idempotent: per key under its lock); returns the users
     * for whom it was the last holder.
     */
    static List<UserRef> forget(HazelcastInstance grid, String member) {
        List<UserRef> offline = new ArrayList<>();
        try {
            IMap<String, String> map = map(grid);
            for (String key : map.keySet()) {
                map.lock(key);
                try {
                    Set<String> holders = parse(map.get(key));
                    if (holders.remove(member)) {
                        if (holders.isEmpty()) {
                            map.delete(key);
                            userOf(key).ifPresent(offline::add);
                        } else {
                            map.set(key, String.join(",", holders));
                        }
                    }
                } finally {
                    map.unlock(key);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not remove a departed node from cluster presence", e);
        }
        return offline;
    }

    private static java.util.Optional<UserRef> userOf(String key) {
        String[] parts = key.split(":", 2);
        try {
            return java.util.Optional.of(new UserRef(UUID.fromString(parts[0]), UUID.fromString(parts[1])));
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static IMap<String, String> map(HazelcastInstance grid) {
        return grid.getMap(MAP);
    }

    private static String key(UUID tenantId, UUID userId) {
        return tenantId + ":" + userId;
    }

    private static Set<String> parse(String holders) {
        Set<String> set = new LinkedHashSet<>();
        if (holders != null && !holders.isBlank()) {
            set.addAll(Arrays.asList(holders.split(",")));
        }
        return set;
    }
}
