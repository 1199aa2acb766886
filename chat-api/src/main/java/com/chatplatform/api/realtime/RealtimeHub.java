package com.chatplatform.api.realtime;

import com.chatplatform.api.cluster.NodeBus;
import com.chatplatform.api.cluster.NodeSignal;
import com.chatplatform.api.event.EventCommitted;
import com.chatplatform.api.event.EventKind;
import com.chatplatform.api.event.EventView;
import com.chatplatform.api.cluster.ClusterPresence;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.presence.PresenceService;
import com.chatplatform.api.message.MessageCommitted;
import com.chatplatform.api.platform.ErrorCode;
import com.chatplatform.api.tenant.TenantSuspended;
import com.chatplatform.api.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Live sessions of this node, by user. Delivery happens only after the message's transaction commits,
 * and re-checks for every session that it belongs to the message's tenant and to one of its members.
 * This path may drop a frame under faults; clients recover through history ("after seq N").
 *
 * <p>Every push and every forced close is also published to the other nodes of the cluster ({@link NodeBus},
 * ADR 0009), which apply it to their own sessions with the same checks.
 */
@ApplicationScoped
public class RealtimeHub {
    private static final Logger LOG = Logger.getLogger(RealtimeHub.class.getName());
    /** The session's entry in the registry ({@link Live}), so its frames, unregistering and the ready frame find it. */
    private static final String LIVE = "chat.live";

    /**
     * A registered session with what every push checks, read from fields: reading them from the session's property map
     * (three map reads per delivery) was 9 % of the server's CPU in the group fan-out benchmark. Compared by identity.
     */
    private static final class Live {
        final Session session;
        final Caller caller;
        final Gate gate;
        final int version;

        Live(Session session, Caller caller, Gate gate, int version) {
            this.session = session;
            this.caller = caller;
            this.gate = gate;
            this.version = version;
        }
    }

    /**
     * The socket whose {@code send} this thread is storing, when it speaks protocol 3: the message's
     * {@code message.created} event is not pushed back to it, its ack stands for the event (docs/protocol.md). Set by
     * {@link #sending}; the event is fired in the sending thread on both send paths (after the group commit, or by the
     * one-message path's after-commit observer).
     */
    private static final ThreadLocal<Live> SENDING = new ThreadLocal<>();

    private final Map<UUID, Set<Live>> sessionsByUser = new ConcurrentHashMap<>();
    /** Striped locks that order a user's first-socket and last-socket transitions with the cluster's record of them. */
    private final Object[] userLocks = new Object[64];

    {
        for (int i = 0; i < userLocks.length; i++) {
            userLocks[i] = new Object();
        }
    }

    @Inject
    NodeBus nodes;
    @Inject
    ClusterPresence clusterPresence;
    @Inject
    PresenceService presence;
    @Inject
    com.chatplatform.api.moderation.BlockedSenders blockedSenders;

    /**
     * Registers a socket speaking protocol {@code version}; the user's first open socket on this node, when no other
     * node holds one either, makes the user online (presence frames).
     */
    void register(Caller caller, Session session, int version) {
        Live live = new Live(session, caller, new Gate(), version);
        session.getUserProperties().put(LIVE, live);
        synchronized (lockOf(caller.principalId())) {
            boolean[] first = {false};
            sessionsByUser.compute(caller.principalId(), (k, set) -> {
                Set<Live> s = set == null ? ConcurrentHashMap.newKeySet() : set;
                first[0] = s.isEmpty();
                s.add(live);
                return s;
            });
            if (first[0] && clusterPresence.arrived(caller.tenantId(), caller.principalId())) {
                presence.transition(caller, true);
            }
        }
    }

    private Object lockOf(UUID userId) {
        return userLocks[Math.floorMod(userId.hashCode(), userLocks.length)];
    }

    /**
     * Unregisters a socket (idempotent); closing the user's last socket, when no other node holds one either, makes
     * the user offline and records last seen.
     */
    void unregister(Session session) {
        if (session.getUserProperties().get(LIVE) instanceof Live live) {
            Caller caller = live.caller;
            synchronized (lockOf(caller.principalId())) {
                boolean[] last = {false};
                sessionsByUser.computeIfPresent(caller.principalId(), (k, set) -> {
                    last[0] = set.remove(live) && set.isEmpty();
                    return set.isEmpty() ? null : set;
                });
                if (last[0] && clusterPresence.left(caller.tenantId(), caller.principalId())) {
                    presence.transition(caller, false);
                }
            }
        }
    }

    /** Whether the user has an open socket on this node or on another node of the cluster. */
    public boolean isOnlineAnywhere(UUID tenantId, UUID userId) {
        return isOnline(tenantId, userId) || clusterPresence.onOtherNode(tenantId, userId);
    }

    /** Whether the user has an open socket on this node (the per-node presence registry). */
    public boolean isOnline(UUID tenantId, UUID userId) {
        for (Live live : sessionsByUser.getOrDefault(userId, Set.of())) {
            if (tenantId.equals(live.caller.tenantId()) && live.session.isOpen()) {
                return true;
            }
        }
        return false;
    }

    /** Delivered and read receipts, pushed to the conversation's members after commit (on every node). */
    void onReceipt(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReceiptService.ReceiptCommitted receipt) {
        push(receipt.tenantId(), receipt.memberUserIds(), Frames.receipt(receipt.conversationId(), receipt.userId(), receipt.kind(), receipt.seq()));
    }

    public int connectedSessions() {
        return sessionsByUser.values().stream().mapToInt(Set::size).sum();
    }

    /** Open sessions of one tenant on this node (the analytics "connections now"). */
    public int connectedSessions(UUID tenantId) {
        int n = 0;
        for (Set<Live> set : sessionsByUser.values()) {
            for (Live live : set) {
                if (tenantId.equals(live.caller.tenantId())) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Runs a socket's send: a protocol-3 socket does not get the {@code message.created} event of the message it sends
     * (its other sockets and the other members do). One frame fewer per message for the server to write and the client
     * to read.
     */
    static <T> T sending(Session session, java.util.function.Supplier<T> send) {
        if (!(session.getUserProperties().get(LIVE) instanceof Live live) || live.version < 3) {
            return send.get();
        }
        SENDING.set(live);
        try {
            return send.get();
        } finally {
            SENDING.remove();
        }
    }

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) MessageCommitted event) {
        // The message frame exists for protocol 1 only (2 has the message.created event alone, half the frames);
        // less who blocked the sender.
        List<UUID> recipients = blockedSenders.messageRecipients(event);
        String frame = Frames.message(event.messageJson());
        deliver(event.tenantId(), recipients, frame, true, null);
        nodes.publish(NodeSignal.pushVersion1(event.tenantId(), recipients, frame));
    }

    /** Every event of the log, pushed to the members (and a member who just left or was removed). */
    void onEvent(@Observes(during = TransactionPhase.AFTER_SUCCESS) EventCommitted event) {
        EventView e = event.event();
        push(event.tenantId(), blockedSenders.eventRecipients(event), Frames.event(e), // blockers: a content-less copy
                EventKind.MESSAGE_CREATED.wire().equals(e.kind()) ? SENDING.get() : null);
        if ("read".equals(e.kind()) && e.data() != null && e.data().get("seq") instanceof jakarta.json.JsonNumber seq) {
            // The read receipt, in the same shape as a delivered one (the read event itself was pushed just above).
            push(event.tenantId(), event.recipientUserIds(), Frames.receipt(e.conversationId(), e.actorId(), "read", seq.longValue()));
        }
    }

    /**
     * Delivers a frame to the users' sessions on this node and on every other node of the cluster (messages, events,
     * receipts, presence, typing).
     */
    public void push(UUID tenantId, List<UUID> recipients, String frame) {
        push(tenantId, recipients, frame, null);
    }

    /** {@code sender}: the protocol-3 socket whose own message this frame's event is, left out on this node; or null. */
    private void push(UUID tenantId, List<UUID> recipients, String frame, Live sender) {
        deliver(tenantId, recipients, frame, false, sender);
        nodes.publish(NodeSignal.push(tenantId, recipients, frame));
    }

    /** The caller of a registered session; null before it is registered (nothing it sends is processed then). */
    static Caller callerOf(Session session) {
        return session.getUserProperties().get(LIVE) instanceof Live live ? live.caller : null;
    }

    /** A push or a forced close published by another node: applied to this node's sessions only. */
    void onOtherNode(@Observes NodeBus.Inbound inbound) {
        NodeSignal signal = inbound.signal();
        switch (signal.kind()) {
            case NodeSignal.PUSH -> deliver(signal.tenantId(), signal.userIds(), signal.frame(), Boolean.TRUE.equals(signal.version1Only()), null);
            case NodeSignal.CLOSE_TENANT -> closeTenantSessions(signal.tenantId(), ErrorCode.valueOf(signal.code()), signal.detail());
            case NodeSignal.CLOSE_USERS -> {
                for (UUID user : signal.userIds()) {
                    closeUserSessions(signal.tenantId(), user, ErrorCode.valueOf(signal.code()), signal.detail());
                }
            }
            default -> LOG.warning(() -> "Unknown signal from another node: " + signal.kind());
        }
    }

    /**
     * {@code version1Only}: a frame of protocol 1 alone (the message frame), not for sessions that speak 2 or 3;
     * {@code sender}: the protocol-3 socket that sent the message of this {@code message.created} event, or null.
     */
    private void deliver(UUID tenantId, Iterable<UUID> recipients, String frame, boolean version1Only, Live sender) {
        for (UUID member : recipients) {
            for (Live live : sessionsByUser.getOrDefault(member, Set.of())) {
                if (tenantId.equals(live.caller.tenantId()) && member.equals(live.caller.principalId()) && live.session.isOpen()
                        && (!version1Only || live.version == 1) && live != sender) {
                    sendOrHold(live.session, live.gate, frame);
                }
            }
        }
    }

    void onTenantSuspended(@Observes(during = TransactionPhase.AFTER_SUCCESS) TenantSuspended event) {
        String detail = "The tenant has been suspended.";
        int closed = closeTenantSessions(event.tenantId(), ErrorCode.TENANT_SUSPENDED, detail);
        nodes.publish(NodeSignal.closeTenant(event.tenantId(), ErrorCode.TENANT_SUSPENDED.name(), detail));
        LOG.info(() -> "Tenant " + event.tenantId() + " suspended: closed " + closed + " live sessions on this node");
    }

    void onTokensRevoked(@Observes(during = TransactionPhase.AFTER_SUCCESS) UserService.TokensRevoked event) {
        String detail = "The user's tokens have been revoked.";
        closeUserSessions(event.tenantId(), event.userId(), ErrorCode.AUTH_TOKEN_REVOKED, detail);
        nodes.publish(NodeSignal.closeUsers(event.tenantId(), List.of(event.userId()), ErrorCode.AUTH_TOKEN_REVOKED.name(), detail));
    }

    /** Closes one user's sessions of a tenant on this node: an {@code error} frame, then close code 4401. */
    private void closeUserSessions(UUID tenantId, UUID userId, ErrorCode code, String detail) {
        String frame = Frames.error(code, detail, null);
        for (Live live : List.copyOf(sessionsByUser.getOrDefault(userId, Set.of()))) {
            if (tenantId.equals(live.caller.tenantId())) {
                close(live.session, frame, new CloseReason(ChatEndpoint.AUTH_FAILED, code.code()));
                unregister(live.session);
            }
        }
    }

    /**
     * Closes every live session of a tenant on this node: one {@code error} frame with the code, then the
     * close code 4403 with the code as reason. Returns how many sessions it closed.
     */
    public int closeTenantSessions(UUID tenantId, ErrorCode code, String detail) {
        List<Session> sessions = new ArrayList<>();
        for (Set<Live> set : sessionsByUser.values()) {
            for (Live live : set) {
                if (tenantId.equals(live.caller.tenantId())) {
                    sessions.add(live.session);
                }
            }
        }
        String frame = Frames.error(code, detail, null);
        for (Session session : sessions) {
            close(session, frame, new CloseReason(ChatEndpoint.FORBIDDEN, code.code()));
            unregister(session);
        }
        return sessions.size();
    }

    /** Sends a last frame (waiting briefly for it to be written) and closes the session. */
    static void close(Session session, String lastFrame, CloseReason reason) {
        if (!session.isOpen()) {
            return;
        }
        try {
            session.getAsyncRemote().sendText(lastFrame).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.log(Level.FINE, "Could not send the last frame before closing", e);
        }
        try {
            session.close(reason);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Closing a session failed", e);
        }
    }

    /** Until the ready frame is out, a registered session's pushes wait here (guarded by the gate itself). */
    private static final class Gate {
        private final List<String> held = new ArrayList<>();
        /** Set once, under the gate's lock, after the held frames went out; read without it on every push afterwards. */
        private volatile boolean open;
    }

    /**
     * Sends the session's {@code ready} frame, then what was pushed to it since it was registered, in order: the
     * ready frame is always a session's first frame, and nothing pushed in between is lost.
     */
    void ready(Session session, String readyFrame) throws IOException {
        if (!(session.getUserProperties().get(LIVE) instanceof Live live)) {
            session.getBasicRemote().sendText(readyFrame);
            return;
        }
        Gate gate = live.gate;
        synchronized (gate) {
            session.getBasicRemote().sendText(readyFrame);
            gate.held.forEach(frame -> send(session, frame));
            gate.held.clear();
            gate.open = true;
        }
    }

    private static void sendOrHold(Session session, Gate gate, String frame) {
        if (!gate.open) {
            synchronized (gate) {
                if (!gate.open) {
                    gate.held.add(frame);
                    return;
                }
            }
        }
        send(session, frame);
    }

    static void send(Session session, String frame) {
        try {
            session.getAsyncRemote().sendText(frame);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Dropped a frame to a closing session", e);
        }
    }
}
