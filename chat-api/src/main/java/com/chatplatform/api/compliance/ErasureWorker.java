package com.chatplatform.api.compliance;

import static com.chatplatform.api.platform.JsonSupport.JSON;
import static com.chatplatform.api.platform.NativeRows.uuid;

import com.chatplatform.api.audit.Actor;
import com.chatplatform.api.audit.AuditLog;
import com.chatplatform.api.media.MediaStorage;
import com.chatplatform.api.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Erases one user, one batch per invocation: files, messages (anonymised or deleted by the tenant's policy), reactions,
 * the user's traces in the conversation event log, memberships, exports about the user, then the profile. Data
 * under a legal hold (the user, or a conversation) stays and is listed in the report. Every step selects what is
 * left to do, so a repeated or resumed batch does nothing twice.
 */
@ApplicationScoped
public class ErasureWorker {
    static final int BATCH = 500;
    /** Events re-attributed per statement in the set-based pass (each one a short update on an index range). */
    private static final int ACTOR_BATCH = 5000;
    private static final String NOT_HELD = " and conversation_id not in (select target_id from legal_hold where tenant_id = ?1 "
            + "and target_type = 'conversation' and lifted_at is null)";

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    ContentEraser eraser;
    @Inject
    ComplianceJobs jobs;
    @Inject
    ComplianceUsers users;
    @Inject
    LegalHolds holds;
    @Inject
    MediaStorage storage;
    @Inject
    AuditLog audit;
    @Inject
    Event<UserService.TokensRevoked> tokensRevoked;

    @Transactional(Transactional.TxType.MANDATORY)
    void runBatch(ComplianceJob job) {
        if (job.finished()) {
            return;
        }
        JsonObject user = job.subject.getJsonObject("user");
        UUID userId = UUID.fromString(user.getString("id"));
        String externalId = user.getString("externalId");
        UUID tenant = job.tenantId;
        if (ComplianceJob.QUEUED.equals(job.status)) {
            job.status = ComplianceJob.RUNNING;
            job.phase = "start";
        }
        boolean more = true;
        switch (job.phase) {
            case "start" -> {
                job.progress.put("startedAt", Instant.now().toEpochMilli());
                job.phase = holds.active(tenant, "user", userId).isPresent() ? "report" : "attachments";
            }
            case "attachments" -> {
                List<UUID> ids = ids(em.createNativeQuery("select id from attachment where tenant_id = ?1 and uploader_id = ?2" + NOT_HELD
                        + " order by id limit " + BATCH).setParameter(1, tenant).setParameter(2, userId).getResultList());
                if (ids.isEmpty()) {
                    job.phase = "messages";
                } else {
                    long[] removed = eraser.removeAttachments(tenant, ids);
                    job.count("pg.attachments", removed[0]);
                    job.count("s3.objects", removed[1]);
                }
            }
            case "messages" -> {
                List<UUID> ids = ids(em.createNativeQuery("select id from message where tenant_id = ?1 and sender_id = ?2" + NOT_HELD
                        + " limit " + BATCH).setParameter(1, tenant).setParameter(2, userId).getResultList());
                if (ids.isEmpty()) {
                    job.phase = "reactions";
                } else {
                    boolean delete = ComplianceSettings.DELETE.equals(job.subject.getString("policy"));
                    UUID placeholder = delete ? null : users.placeholder(tenant);
                    ContentEraser.Counts c = eraser.removeMessages(tenant, ids, delete ? ContentEraser.Mode.DELETE : ContentEraser.Mode.ANONYMISE, placeholder);
                    job.count(delete ? "pg.messagesDeleted" : "pg.messagesAnonymised", c.messages());
                    job.count("pg.messageEdits", c.edits());
                    job.count("pg.reactionsOnTheUsersMessages", c.reactions());
                    job.count("pg.attachments", c.attachments());
                    job.count("s3.objects", c.s3Objects());
                    job.count("es.messageDocuments", c.searchDocuments());
                    job.count("pg.eventPayloadsStripped", c.events());
                }
            }
            case "reactions" -> {
                int n = em.createNativeQuery("delete from message_reaction where (message_id, user_id, emoji) in (select r.message_id, r.user_id, r.emoji "
                                + "from message_reaction r join message m on m.id = r.message_id where r.tenant_id = ?1 and r.user_id = ?2 "
                                + "and m.conversation_id not in (select target_id from legal_hold where tenant_id = ?1 and target_type = 'conversation' "
                                + "and lifted_at is null) limit " + BATCH + ")")
                        .setParameter(1, tenant).setParameter(2, userId).executeUpdate();
                job.count("pg.reactions", n);
                if (n == 0) {
                    job.phase = "eventActors";
                }
            }
            case "eventActors" -> {
                // Set-based first: events that name the user only as their actor are re-attributed in bulk; the
                // row-by-row pass below then handles only payloads that name the user.
                int n = em.createNativeQuery("update conversation_event set actor_id = ?3 where (conversation_id, seq) in (select conversation_id, seq "
                                + "from conversation_event where tenant_id = ?1 and actor_id = ?2 and strpos(payload::text, ?4) = 0" + NOT_HELD
                                + " limit " + ACTOR_BATCH + ")")
                        .setParameter(1, tenant).setParameter(2, userId).setParameter(3, users.placeholder(tenant))
                        .setParameter(4, "\"" + externalId + "\"").executeUpdate();
                job.count("pg.eventsReattributed", n);
                if (n == 0) {
                    job.phase = "events";
                    job.cursor("after", ExportWorker.ZERO + ":-1");
                }
            }
            case "events" -> scrubEvents(job, userId, externalId);
            case "memberships" -> {
                int n = em.createNativeQuery("delete from conversation_member where tenant_id = ?1 and user_id = ?2" + NOT_HELD)
                        .setParameter(1, tenant).setParameter(2, userId).executeUpdate();
                job.count("pg.memberships", n);
                job.count("pg.mentions", em.createNativeQuery("delete from message_mention where tenant_id = ?1 and user_id = ?2" + NOT_HELD)
                        .setParameter(1, tenant).setParameter(2, userId).executeUpdate());
                int direct = em.createNativeQuery("update conversation set direct_key = null where tenant_id = ?1 and type = 'direct' "
                                + "and direct_key like ?2 and id not in (select target_id from legal_hold where tenant_id = ?1 "
                                + "and target_type = 'conversation' and lifted_at is null)")
                        .setParameter(1, tenant).setParameter(2, "%" + userId + "%").executeUpdate();
                job.count("pg.directConversationKeys", direct);
                eraseModeration(job, tenant, userId);
                job.phase = "exports";
            }
            case "exports" -> {
                removeExports(job, userId);
                job.phase = "profile";
            }
            case "profile" -> {
                long remaining = ((Number) em.createNativeQuery("select (select count(*) from message where tenant_id = ?1 and sender_id = ?2) "
                                + "+ (select count(*) from attachment where tenant_id = ?1 and uploader_id = ?2) "
                                + "+ (select count(*) from conversation_member where tenant_id = ?1 and user_id = ?2) "
                                + "+ (select count(*) from message_reaction where tenant_id = ?1 and user_id = ?2) "
                                + "+ (select count(*) from message_mention where tenant_id = ?1 and user_id = ?2) "
                                + "+ (select count(*) from conversation_event where tenant_id = ?1 and actor_id = ?2)")
                        .setParameter(1, tenant).setParameter(2, userId).getSingleResult()).longValue();
                if (remaining == 0) {
                    job.count("pg.activityDays", em.createNativeQuery("delete from analytics_user_day where tenant_id = ?1 and user_id = ?2")
                            .setParameter(1, tenant).setParameter(2, userId).executeUpdate());
                    job.count("pg.lastSeen", em.createNativeQuery("delete from user_presence where tenant_id = ?1 and user_id = ?2")
                            .setParameter(1, tenant).setParameter(2, userId).executeUpdate());
                    job.count("pg.profile", em.createNativeQuery("delete from chat_user where id = ?1 and tenant_id = ?2")
                            .setParameter(1, userId).setParameter(2, tenant).executeUpdate());
                    tokensRevoked.fire(new UserService.TokensRevoked(tenant, userId));
                } else {
                    job.progress.put("profileKeptForHeldData", 1L);
                }
                job.phase = "report";
            }
            case "report" -> {
                finish(job, userId, externalId);
                more = false;
            }
            default -> throw new IllegalStateException("Unknown erasure phase " + job.phase);
        }
        if (more) {
            jobs.continueLater(job);
        }
        jobs.save(job);
    }

    /**
     * The user in the event log: as actor (replaced by the placeholder) and by external id in payloads (member lists,
     * inviter, reactions of others' messages: replaced by the placeholder's id). Texts are not touched here: the user's
     * messages were stripped from the log with the messages.
     */
    /**
     * Moderation data of the user: blocks made by or against the user, bans of the user and moderation records about
     * the user (outside held conversations); the user's name is removed from records and bans the user made.
     * (Mutes are on the memberships removed just before.)
     */
    private void eraseModeration(ComplianceJob job, UUID tenant, UUID userId) {
        job.count("pg.blocks", em.createNativeQuery("delete from user_block where tenant_id = ?1 and (blocker_id = ?2 or blocked_id = ?2)")
                .setParameter(1, tenant).setParameter(2, userId).executeUpdate());
        job.count("pg.bans", em.createNativeQuery("delete from conversation_ban where tenant_id = ?1 and user_id = ?2" + NOT_HELD)
                .setParameter(1, tenant).setParameter(2, userId).executeUpdate());
        em.createNativeQuery("update conversation_ban set banned_by_id = null where tenant_id = ?1 and banned_by_kind = 'user' and banned_by_id = ?2")
                .setParameter(1, tenant).setParameter(2, userId.toString()).executeUpdate();
        job.count("pg.moderationRecords", em.createNativeQuery("delete from moderation_record where tenant_id = ?1 and subject_user_id = ?2 "
                        + "and (conversation_id is null or conversation_id not in (select target_id from legal_hold where tenant_id = ?1 "
                        + "and target_type = 'conversation' and lifted_at is null))")
                .setParameter(1, tenant).setParameter(2, userId).executeUpdate());
        em.createNativeQuery("update moderation_record set actor_user_id = null where tenant_id = ?1 and actor_user_id = ?2")
                .setParameter(1, tenant).setParameter(2, userId).executeUpdate();
        // Pins the user made stay (they are the conversation's), without the user's name.
        em.createNativeQuery("update message_pin set pinned_by = null where tenant_id = ?1 and pinned_by = ?2")
                .setParameter(1, tenant).setParameter(2, userId).executeUpdate();
    }

    private void scrubEvents(ComplianceJob job, UUID userId, String externalId) {
        String[] after = job.cursor("after").split(":");
        List<Object[]> rows = em.createNativeQuery("select conversation_id, seq, actor_id, payload::text from conversation_event "
                        + "where tenant_id = ?1 and (conversation_id, seq) > (?2, ?3) and (actor_id = ?4 or strpos(payload::text, ?5) > 0)"
                        + NOT_HELD + " order by conversation_id, seq limit " + BATCH)
                .setParameter(1, job.tenantId).setParameter(2, UUID.fromString(after[0])).setParameter(3, Long.parseLong(after[1]))
                .setParameter(4, userId).setParameter(5, "\"" + externalId + "\"").getResultList();
        if (rows.isEmpty()) {
            job.phase = "memberships";
            job.cursor("after", null);
            return;
        }
        UUID placeholder = users.placeholder(job.tenantId);
        for (Object[] r : rows) {
            JsonValue scrubbed = scrub(ComplianceJob.parse((String) r[3]), null, externalId);
            boolean actor = r[2] != null && uuid(r[2]).equals(userId);
            em.createNativeQuery("update conversation_event set payload = cast(?1 as jsonb), actor_id = case when actor_id = ?2 then ?3 else actor_id end "
                            + "where conversation_id = ?4 and seq = ?5 and tenant_id = ?6")
                    .setParameter(1, scrubbed.toString()).setParameter(2, userId).setParameter(3, placeholder)
                    .setParameter(4, uuid(r[0])).setParameter(5, ((Number) r[1]).longValue()).setParameter(6, job.tenantId).executeUpdate();
            job.count(actor ? "pg.eventsReattributed" : "pg.eventsScrubbed", 1);
        }
        Object[] last = rows.get(rows.size() - 1);
        job.cursor("after", uuid(last[0]) + ":" + ((Number) last[1]).longValue());
    }

    /**
     * Replaces the user's external id where a field names a user (keys ending in Id or Ids, and the actor fields
     * ending in By: invitedBy, removedBy, bannedBy, ...), recursively.
     */
    static JsonValue scrub(JsonValue value, String key, String externalId) {
        boolean idField = key != null && (key.endsWith("Id") || key.endsWith("Ids") || key.endsWith("By"));
        switch (value.getValueType()) {
            case OBJECT -> {
                JsonObjectBuilder b = JSON.createObjectBuilder();
                value.asJsonObject().forEach((k, v) -> b.add(k, scrub(v, k, externalId)));
                return b.build();
            }
            case ARRAY -> {
                JsonArrayBuilder b = JSON.createArrayBuilder();
                for (JsonValue v : value.asJsonArray()) {
                    b.add(scrub(v, key, externalId));
                }
                return b.build();
            }
            case STRING -> {
                return idField && ((JsonString) value).getString().equals(externalId)
                        ? JSON.createValue(ComplianceUsers.PLACEHOLDER_EXTERNAL_ID) : value;
            }
            default -> {
                return value;
            }
        }
    }

    /** Exports that contain the user: their files are deleted; exports of this user alone are removed entirely. */
    private void removeExports(ComplianceJob job, UUID userId) {
        List<Object[]> rows = em.createNativeQuery("select id, status, object_key, upload_id, subject::text from compliance_job where tenant_id = ?1 "
                        + "and kind = 'export' and (subject ->> 'scope' = 'tenant' or subject -> 'users' @> cast(?2 as jsonb))")
                .setParameter(1, job.tenantId).setParameter(2, "[{\"id\":\"" + userId + "\"}]").getResultList();
        for (Object[] r : rows) {
            UUID exportId = uuid(r[0]);
            String key = (String) r[2];
            if (r[3] != null) {
                storage.abortMultipart(key, (String) r[3]);
            }
            if (key != null && storage.size(key).isPresent()) {
                storage.delete(key);
                job.count("s3.exports", 1);
            }
            JsonObject subject = ComplianceJob.parse((String) r[4]);
            JsonArray users = subject.getJsonArray("users");
            if (users != null && users.size() == 1) {
                em.createNativeQuery("delete from compliance_job where id = ?1").setParameter(1, exportId).executeUpdate();
            } else {
                JsonObjectBuilder s = JSON.createObjectBuilder(subject);
                if (users != null) {
                    JsonArrayBuilder kept = JSON.createArrayBuilder();
                    users.forEach(u -> {
                        if (!((JsonObject) u).getString("id").equals(userId.toString())) {
                            kept.add(u);
                        }
                    });
                    s.add("users", kept);
                }
                em.createNativeQuery("update compliance_job set subject = cast(?1 as jsonb), upload_id = null, "
                                + "status = case when status in ('completed') then 'expired' when status in ('queued', 'running') then 'cancelled' else status end, "
                                + "finished_at = coalesce(finished_at, now()) where id = ?2")
                        .setParameter(1, s.build().toString()).setParameter(2, exportId).executeUpdate();
            }
            job.count("pg.exports", 1);
        }
    }

    private void finish(ComplianceJob job, UUID userId, String externalId) {
        JsonArrayBuilder held = JSON.createArrayBuilder();
        Optional<LegalHolds.Hold> userHold = holds.active(job.tenantId, "user", userId);
        userHold.ifPresent(h -> held.add(JSON.createObjectBuilder().add("holdId", h.id().toString()).add("targetType", "user")
                .add("target", externalId).add("reason", h.reason()).add("kept", "everything of the user (nothing was erased)")));
        List<Object[]> conversationHolds = em.createNativeQuery("select h.id, h.target_id, h.reason, "
                        + "(select count(*) from message m where m.tenant_id = ?1 and m.conversation_id = h.target_id and m.sender_id = ?2), "
                        + "(select count(*) from attachment a where a.tenant_id = ?1 and a.conversation_id = h.target_id and a.uploader_id = ?2), "
                        + "(select count(*) from conversation_member c where c.tenant_id = ?1 and c.conversation_id = h.target_id and c.user_id = ?2), "
                        + "(select count(*) from conversation_event e where e.tenant_id = ?1 and e.conversation_id = h.target_id and e.actor_id = ?2) "
                        + "from legal_hold h where h.tenant_id = ?1 and h.target_type = 'conversation' and h.lifted_at is null")
                .setParameter(1, job.tenantId).setParameter(2, userId).getResultList();
        if (userHold.isEmpty()) {
            for (Object[] r : conversationHolds) {
                long messages = ((Number) r[3]).longValue();
                long attachments = ((Number) r[4]).longValue();
                long memberships = ((Number) r[5]).longValue();
                long events = ((Number) r[6]).longValue();
                if (messages + attachments + memberships + events > 0) {
                    held.add(JSON.createObjectBuilder().add("holdId", uuid(r[0]).toString()).add("targetType", "conversation")
                            .add("target", uuid(r[1]).toString()).add("reason", (String) r[2])
                            .add("kept", JSON.createObjectBuilder().add("messages", messages).add("attachments", attachments)
                                    .add("memberships", memberships).add("events", events)));
                }
            }
        }
        JsonArray heldBack = held.build();
        Map<String, Long> p = job.progress;
        JsonObjectBuilder pg = JSON.createObjectBuilder();
        JsonObjectBuilder es = JSON.createObjectBuilder();
        JsonObjectBuilder s3 = JSON.createObjectBuilder();
        p.forEach((k, v) -> {
            if (k.startsWith("pg.")) {
                pg.add(k.substring(3), v);
            } else if (k.startsWith("es.")) {
                es.add(k.substring(3), v);
            } else if (k.startsWith("s3.")) {
                s3.add(k.substring(3), v);
            }
        });
        Instant completed = Instant.now();
        job.report = JSON.createObjectBuilder()
                .add("erasureId", job.id.toString())
                .add("user", externalId)
                .add("policy", job.subject.getString("policy"))
                .add("startedAt", Instant.ofEpochMilli(p.getOrDefault("startedAt", completed.toEpochMilli())).toString())
                .add("completedAt", completed.toString())
                .add("removed", JSON.createObjectBuilder().add("postgresql", pg).add("elasticsearch", es).add("s3", s3))
                .add("profileRemoved", p.getOrDefault("pg.profile", 0L) > 0)
                .add("heldBack", heldBack)
                .build();
        job.status = ComplianceJob.COMPLETED;
        job.finishedAt = completed;
        job.phase = "done";
        em.createNativeQuery("insert into compliance_event (tenant_id, kind, payload) values (?1, 'user.erased', cast(?2 as jsonb))")
                .setParameter(1, job.tenantId)
                .setParameter(2, JSON.createObjectBuilder().add("erasureId", job.id.toString()).add("userId", externalId)
                        .add("policy", job.subject.getString("policy")).add("completedAt", completed.toString())
                        .add("complete", heldBack.isEmpty()).build().toString())
                .executeUpdate();
        audit.success(new Actor(job.requestedByKind, job.requestedById), job.tenantId, "compliance.erasure_completed", "user", externalId,
                JSON.createObjectBuilder().add("report", job.report).build());
    }

    private static List<UUID> ids(List<?> rows) {
        return rows.stream().map(o -> uuid(o)).toList();
    }
}
