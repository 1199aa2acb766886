package com.chatplatform.api.presence;

import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.CallerContextHolder;
import com.chatplatform.api.platform.ErrorCode;
import com.chatplatform.api.realtime.Frames;
import com.chatplatform.api.realtime.RealtimeHub;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Presence across devices: a user is online while at least one of its sockets is open on any node (each node's
 * registry, {@link RealtimeHub}, and the cluster's record of which nodes hold the user's sockets,
 * {@link com.chatplatform.api.cluster.ClusterPresence}); when the last one closes, the time is stored as last seen. Each online/offline transition is
 * pushed as a {@code presence} frame to the user's co-members (users sharing a conversation with it). Only co-members
 * and the user itself see a user's presence; anyone else is answered "unknown", exactly as for an id that does not
 * exist, so nothing leaks.
 */
@ApplicationScoped
public class PresenceService {
    private static final Logger LOG = Logger.getLogger(PresenceService.class.getName());
    public static final int MAX_USERS = 100;

    @Inject
    PresenceStore store;
    @Inject
    RealtimeHub hub;
    @Resource
    ManagedExecutorService executor;

    public record PresenceView(String userId, String status, Instant lastSeenAt) {
    }

    public record PresencePage(List<PresenceView> items) {
    }

    /**
     * Called by the registry when a user's first socket opened ({@code online}) or last socket closed. The work
     * (storing last seen, finding co-members, pushing frames) runs on an executor thread in the user's tenant scope,
     * not on the container thread that may be inside another transaction's completion (suspension, revocation).
     * A transition that is already superseded when it runs (the user came back) is dropped.
     */
    public void transition(Caller caller, boolean online) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Runnable work = () -> {
            CallerContextHolder.enterTenant(caller.tenantId());
            try {
                if (hub.isOnlineAnywhere(caller.tenantId(), caller.principalId()) != online) {
                    return;
                }
                if (!online) {
                    store.saveLastSeen(caller.tenantId(), caller.principalId(), at);
                }
                hub.push(caller.tenantId(), store.coMembers(caller.tenantId(), caller.principalId()),
                        Frames.presence(caller.userExternalId(), online, at));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Presence transition failed for tenant " + caller.tenantId(), e);
            } finally {
                CallerContextHolder.clear();
            }
        };
        try {
            executor.execute(work);
        } catch (RejectedExecutionException | NullPointerException e) {
            LOG.log(Level.FINE, "Presence transition not scheduled (shutting down)", e);
        }
    }

    /**
     * A node of the cluster died or left with users whose only sockets were on it (ClusterPresence: the oldest surviving
     * node fires this once): each is now offline everywhere, so their last seen is stored and their co-members get an
     * "offline" frame, as when a last socket closes.
     */
    void nodeLeft(@jakarta.enterprise.event.Observes com.chatplatform.api.cluster.ClusterPresence.NodeLeft left) {
        for (com.chatplatform.api.cluster.ClusterPresence.UserRef user : left.offline()) {
            try {
                executor.execute(() -> {
                    CallerContextHolder.enterTenant(user.tenantId());
                    try {
                        store.externalId(user.tenantId(), user.userId()).ifPresent(external ->
                                transition(new Caller(Caller.Kind.USER, user.tenantId(), user.userId(), null, external), false));
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "Presence of a user of a departed node not updated (tenant " + user.tenantId() + ")", e);
                    } finally {
                        CallerContextHolder.clear();
                    }
                });
            } catch (RejectedExecutionException | NullPointerException e) {
                LOG.log(Level.FINE, "Presence of a departed node's users not scheduled (shutting down)", e);
            }
        }
    }

    /** GET /presence?userIds=a,b: at most 100 ids; the caller itself and its co-members are answered, others "unknown". */
    public PresencePage presence(Caller caller, String userIds) {
        UUID me = caller.requireUser();
        UUID tenantId = caller.requireTenant();
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        if (userIds != null) {
            for (String id : userIds.split(",")) {
                if (!id.isBlank()) {
                    ids.add(id.strip());
                }
            }
        }
        if (ids.isEmpty()) {
            throw ApiException.invalid("\"userIds\" is required: a comma-separated list of user ids.");
        }
        if (ids.size() > MAX_USERS) {
            throw new ApiException(ErrorCode.PRESENCE_TOO_MANY_USERS, "Asked for " + ids.size() + " users; at most " + MAX_USERS + ".");
        }
        Map<String, PresenceStore.Visible> visible = store.visible(tenantId, me, List.copyOf(ids)).stream()
                .collect(Collectors.toMap(PresenceStore.Visible::externalId, Function.identity(), (a, b) -> a));
        List<PresenceView> items = new ArrayList<>();
        for (String id : ids) {
            PresenceStore.Visible v = visible.get(id);
            if (v == null) {
                items.add(new PresenceView(id, "unknown", null));
            } else if (hub.isOnlineAnywhere(tenantId, v.userId())) {
                items.add(new PresenceView(id, "online", null));
            } else {
                items.add(new PresenceView(id, "offline", v.lastSeenAt()));
            }
        }
        return new PresencePage(items);
    }
}
