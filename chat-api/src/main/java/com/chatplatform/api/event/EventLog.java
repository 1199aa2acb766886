package com.chatplatform.api.event;

import static com.chatplatform.api.platform.NativeRows.uuid;
import static com.chatplatform.api.platform.JsonSupport.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Writes the per-conversation event log. Every change of a conversation, in the transaction that makes it:
 * {@link #reserve} takes the next sequence number (the conversation row stays locked until commit, so
 * writers of one conversation are serialised and numbers are gapless: a rolled-back change gives its
 * number back), the change is made, then {@link #record} stores the event and schedules its push.
 */
@ApplicationScoped
public class EventLog {
    private static final Jsonb JSONB = JsonbBuilder.create();

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    Event<EventCommitted> committed;

    /**
     * Locks the conversation row (as {@link #reserve} would) before a change decides whether it changes
     * anything; returns the current last sequence number.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long lock(UUID tenantId, UUID conversationId) {
        Object value = em.createNativeQuery("select last_seq from conversation where id = ?1 and tenant_id = ?2 for update")
                .setParameter(1, conversationId).setParameter(2, tenantId).getSingleResult();
        return ((Number) value).longValue();
    }

    /** Takes the next sequence number of the conversation and locks it until the transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long reserve(UUID tenantId, UUID conversationId, EventKind kind) {
        String activity = kind.isActivity() ? ", last_activity_at = now()" : "";
        String lastMessage = kind == EventKind.MESSAGE_CREATED ? ", last_message_at = now()" : "";
        Object value = em.createNativeQuery("update conversation set last_seq = last_seq + 1" + activity + lastMessage
                        + " where id = ?1 and tenant_id = ?2 returning last_seq")
                .setParameter(1, conversationId).setParameter(2, tenantId).getSingleResult();
        return ((Number) value).longValue();
    }

    /**
     * Stores the event with the number {@link #reserve} returned and fires {@link EventCommitted} for
     * delivery after commit to the members (and {@code alsoNotify}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public EventView record(UUID tenantId, UUID conversationId, long seq, EventKind kind, UUID actorId, String actorExternalId,
                            Map<String, ?> data, Collection<UUID> alsoNotify) {
        return recordJson(tenantId, conversationId, seq, kind, actorId, actorExternalId, JSONB.toJson(data), alsoNotify).event();
    }

    /** An event as stored, the members it is pushed to after commit, and which of them have blocked the actor. */
    public record Recorded(EventView event, List<UUID> recipients, Set<UUID> actorBlockers) {
    }

    /**
     * {@link #record} with the payload already rendered as a JSON object text (the send path renders a new message once
     * for the payload and the frames); also answers the recipients, so the caller need not read the members again.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Recorded recordJson(UUID tenantId, UUID conversationId, long seq, EventKind kind, UUID actorId, String actorExternalId,
                               String payload, Collection<UUID> alsoNotify) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        em.createNativeQuery("insert into conversation_event (conversation_id, seq, tenant_id, kind, actor_id, payload, created_at) "
                        + "values (?1, ?2, ?3, ?4, ?5, cast(?6 as jsonb), ?7)")
                .setParameter(1, conversationId).setParameter(2, seq).setParameter(3, tenantId).setParameter(4, kind.wire())
                .setParameter(5, actorId).setParameter(6, payload).setParameter(7, now)
                .executeUpdate();
        EventView view = new EventView(conversationId, seq, kind.wire(), actorExternalId, now.toInstant(), parse(payload));
        // The members, and which of them have blocked the actor (ADR 0011), in the one round trip.
        var members = em.createNativeQuery("select m.user_id, " + (actorId == null ? "false" : "exists (select 1 from user_block b "
                        + "where b.tenant_id = m.tenant_id and b.blocker_id = m.user_id and b.blocked_id = ?3)")
                        + " from conversation_member m where m.conversation_id = ?1 and m.tenant_id = ?2")
                .setParameter(1, conversationId).setParameter(2, tenantId);
        if (actorId != null) {
            members.setParameter(3, actorId);
        }
        List<Object[]> memberRows = members.getResultList();
        LinkedHashSet<UUID> recipients = new LinkedHashSet<>();
        Set<UUID> actorBlockers = new HashSet<>();
        for (Object[] row : memberRows) {
            recipients.add(uuid(row[0]));
            if (Boolean.TRUE.equals(row[1])) {
                actorBlockers.add(uuid(row[0]));
            }
        }
        List<UUID> memberIds = List.copyOf(recipients);
        recipients.addAll(alsoNotify);
        committed.fire(new EventCommitted(tenantId, view, new ArrayList<>(recipients), Set.copyOf(actorBlockers)));
        return new Recorded(view, memberIds, Set.copyOf(actorBlockers));
    }

    /**
     * Removes a message's content from the events that carried it (its creation and edits), when the message is
     * deleted or erased: the log then refers to the message by id and readers see its current state. Returns how many
     * events changed. The creation event is found by its position, the message's {@code seq} (V22: the index by message
     * id leaves creation events out, one index entry fewer per message sent); the message row must still exist.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int forgetMessageContent(UUID tenantId, UUID conversationId, UUID messageId) {
        return em.createNativeQuery("update conversation_event e set payload = e.payload - 'message' "
                        + "where e.conversation_id = ?1 and e.tenant_id = ?2 and e.payload -> 'message' is not null "
                        + "and ((e.kind = ?3 and e.seq = (select m.seq from message m where m.id = ?4 and m.conversation_id = ?1)) "
                        + "or (e.kind <> ?3 and e.payload ->> 'messageId' = ?5))")
                .setParameter(1, conversationId).setParameter(2, tenantId).setParameter(3, EventKind.MESSAGE_CREATED.wire())
                .setParameter(4, messageId).setParameter(5, messageId.toString())
                .executeUpdate();
    }

    public static JsonObject parse(String json) {
        try (var reader = JSON.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
