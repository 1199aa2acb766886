package com.chatplatform.api.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which nodes hold at least one socket of a user, so presence is right across nodes (ADR 0009): a user is online
 * while any node holds one of the user's sockets. Each node keeps its own sessions; this map (a Hazelcast IMap,
 * key "tenant:user", value the comma-separated member ids of the nodes holding sockets) only records which nodes
 * do. Entries of a node that leaves the cluster are removed by the remaining nodes. Only JDK types cross the
 * grid. Without a grid every answer is this node's own: {@link #arrived} and {@link #left} are always true.
 */
@ApplicationScoped
public class ClusterPresence {
    private static final Logger LOG = Logger.getLogger(ClusterPresence.class.getName());
    static final String MAP = "chat.presence";

    @Inject
    NodeBus nodes;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        HazelcastInstance grid = nodes.anyGrid();
        if (grid != null) {
            grid.getCluster().addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent event) {
                    // nothing: a new node registers its own users as they connect
                }

                @Override
                public void memberRemoved(MembershipEvent event) {
                    forget(event.getMember().getUuid().toString());
                }
            });
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

    /** Removes a node that left the cluster from every entry (each remaining node does it; it is idempotent). */
    private void forget(String member) {
        HazelcastInstance grid = nodes.anyGrid();
        if (grid == null) {
            return;
        }
        try {
            IMap<String, String> map = map(grid);
            for (String key : map.keySet()) {
                map.lock(key);
                try {
                    Set<String> holders = parse(map.get(key));
                    if (holders.remove(member)) {
                        if (holders.isEmpty()) {
                            map.delete(key);
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
