package com.chatplatform.api.realtime;

import com.chatplatform.api.event.EventCommitted;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.message.MessageCommitted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.websocket.Session;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Live sessions of this node, by user. Delivery happens only after the message's transaction commits,
 * and re-checks for every session that it belongs to the message's tenant and to one of its members.
 * This path may drop a frame under faults; clients recover through history ("after seq N").
 */
@ApplicationScoped
public class RealtimeHub {
    private static final Logger LOG = Logger.getLogger(RealtimeHub.class.getName());
    static final String CALLER = "chat.caller";

    private final Map<UUID, Set<Session>> sessionsByUser = new ConcurrentHashMap<>();

    void register(Caller caller, Session session) {
        session.getUserProperties().put(CALLER, caller);
        sessionsByUser.computeIfAbsent(caller.principalId(), k -> ConcurrentHashMap.newKeySet()).add(session);
    }

    void unregister(Session session) {
        if (session.getUserProperties().get(CALLER) instanceof Caller caller) {
            sessionsByUser.computeIfPresent(caller.principalId(), (k, set) -> {
                set.remove(session);
                return set.isEmpty() ? null : set;
            });
        }
    }

    public int connectedSessions() {
        return sessionsByUser.values().stream().mapToInt(Set::size).sum();
    }

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) MessageCommitted event) {
        deliver(event.tenantId(), event.memberUserIds(), Frames.message(event.message()));
    }

    /** Every event of the log, pushed to the members (and a member who just left or was removed). */
    void onEvent(@Observes(during = TransactionPhase.AFTER_SUCCESS) EventCommitted event) {
        deliver(event.tenantId(), event.recipientUserIds(), Frames.event(event.event()));
    }

    private void deliver(UUID tenantId, Iterable<UUID> recipients, String frame) {
        for (UUID member : recipients) {
            for (Session session : sessionsByUser.getOrDefault(member, Set.of())) {
                if (session.getUserProperties().get(CALLER) instanceof Caller caller
                        && tenantId.equals(caller.tenantId()) && member.equals(caller.principalId()) && session.isOpen()) {
                    send(session, frame);
                }
            }
        }
    }

    static void send(Session session, String frame) {
        try {
            session.getAsyncRemote().sendText(frame);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Dropped a frame to a closing session", e);
        }
    }
}
