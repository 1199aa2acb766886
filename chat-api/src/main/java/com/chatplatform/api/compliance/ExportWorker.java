package com.chatplatform.api.compliance;

import static com.chatplatform.api.platform.JsonSupport.JSON;
import static com.chatplatform.api.platform.NativeRows.uuid;

import com.chatplatform.api.platform.NativeRows;
import com.chatplatform.api.audit.Actor;
import com.chatplatform.api.audit.AuditLog;
import com.chatplatform.api.media.MediaStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonGenerator;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Builds an export ZIP one S3 multipart part per batch: entries are appended to a bounded buffer until it holds a
 * part's worth of bytes (or the archive is complete), the part is uploaded, and then, in the job batch's transaction (JobRunner),
 * the part's ETag, the entries' central-directory facts and the cursor are saved. A restart resumes after the last
 * saved part; the archive is never held in memory as a whole.
 */
@ApplicationScoped
public class ExportWorker {
    private static final Logger LOG = Logger.getLogger(ExportWorker.class.getName());
    static final int SCHEMA_VERSION = 1;
    static final int CHUNK = 1000;
    static final String ZERO = "00000000-0000-0000-0000-000000000000";
    static final String MIN_PART = "5242880";

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    MediaStorage storage;
    @Inject
    ComplianceJobs jobs;
    @Inject
    AuditLog audit;
    @Inject
    ComplianceSettings settings;

    @Inject
    @ConfigProperty(name = "chat.compliance.export.part-bytes", defaultValue = "8388608")
    int partBytes;

    /** The bytes and entries of the part being built in this batch. */
    private static final class Part {
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        final List<ZipWriter.Entry> entries = new ArrayList<>();
        final long startOffset;
        final int firstOrdinal;

        Part(long startOffset, int firstOrdinal) {
            this.startOffset = startOffset;
            this.firstOrdinal = firstOrdinal;
        }

        long offset() {
            return startOffset + buffer.size();
        }
    }

    /** Runs one batch of the export (inside the job batch's transaction); schedules the next unless finished. */
    @Transactional(Transactional.TxType.MANDATORY)
    void runBatch(ComplianceJob job) {
        if (job.finished()) {
            return;
        }
        if (ComplianceJob.QUEUED.equals(job.status)) {
            job.status = ComplianceJob.RUNNING;
            job.objectKey = "tenants/" + job.tenantId + "/exports/" + job.id + ".zip";
            job.uploadId = storage.startMultipart(job.objectKey, "application/zip");
            job.phase = "user";
            job.cursor("ordinal", 0);
        }
        Part part = new Part(job.bytesWritten, Integer.parseInt(job.cursor("ordinal")));
        int target = Math.max(partBytes, Integer.parseInt(MIN_PART));
        boolean done = false;
        while (!done && part.buffer.size() < target) {
            done = step(job, part);
        }
        // S3 first, then the database: a failure before the commit repeats this part from the saved cursor.
        String etag = null;
        if (part.buffer.size() > 0) {
            etag = storage.uploadPart(job.objectKey, job.uploadId, job.parts + 1, part.buffer.toByteArray(), part.buffer.size());
        }
        int ordinal = part.firstOrdinal;
        for (ZipWriter.Entry e : part.entries) {
            em.createNativeQuery("insert into compliance_export_entry (job_id, ordinal, name, crc32, compressed_size, size, local_offset, method) "
                            + "values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                    .setParameter(1, job.id).setParameter(2, ordinal++).setParameter(3, e.name()).setParameter(4, e.crc32())
                    .setParameter(5, e.compressedSize()).setParameter(6, e.size()).setParameter(7, e.localOffset()).setParameter(8, e.method())
                    .executeUpdate();
        }
        if (etag != null) {
            job.parts++;
            em.createNativeQuery("insert into compliance_export_part (job_id, part_number, etag, size_bytes) values (?1, ?2, ?3, ?4)")
                    .setParameter(1, job.id).setParameter(2, job.parts).setParameter(3, etag).setParameter(4, (long) part.buffer.size())
                    .executeUpdate();
            job.bytesWritten += part.buffer.size();
        }
        job.progress.put("bytes", job.bytesWritten);
        if (done) {
            complete(job);
        } else {
            jobs.continueLater(job);
        }
        jobs.save(job);
    }

    private void complete(ComplianceJob job) {
        TreeMap<Integer, String> parts = new TreeMap<>();
        List<Object[]> rows = em.createNativeQuery("select part_number, etag from compliance_export_part where job_id = ?1 order by part_number")
                .setParameter(1, job.id).getResultList();
        rows.forEach(r -> parts.put(((Number) r[0]).intValue(), (String) r[1]));
        storage.completeMultipart(job.objectKey, job.uploadId, parts);
        job.uploadId = null;
        job.status = ComplianceJob.COMPLETED;
        job.finishedAt = Instant.now();
        job.expiresAt = job.finishedAt.plus(Duration.ofSeconds(settings.get(job.tenantId).exportTtlSeconds()));
        job.phase = "done";
        em.createNativeQuery("delete from compliance_export_entry where job_id = ?1").setParameter(1, job.id).executeUpdate();
        em.createNativeQuery("delete from compliance_export_part where job_id = ?1").setParameter(1, job.id).executeUpdate();
        audit.success(new Actor(job.requestedByKind, job.requestedById), job.tenantId, "compliance.export_completed", "export", job.id,
                AuditLog.detail("bytes", job.bytesWritten, "users", job.counted("users"), "messages", job.counted("messages"),
                        "attachments", job.counted("attachmentFiles"), "expiresAt", job.expiresAt));
    }

    /** Appends the next unit of the archive; returns true once the archive is complete. */
    private boolean step(ComplianceJob job, Part part) {
        switch (job.phase) {
            case "user" -> nextUser(job, part);
            case "profile" -> profile(job, part);
            case "conversations" -> conversations(job, part);
            case "messages" -> messages(job, part);
            case "reactions" -> reactions(job, part);
            case "mentions" -> mentions(job, part);
            case "activity" -> activity(job, part);
            case "events" -> events(job, part);
            case "attachments" -> attachmentsMeta(job, part);
            case "files" -> files(job, part);
            case "moderation" -> moderation(job, part);
            case "audit" -> auditEntries(job, part);
            case "manifest" -> manifest(job, part);
            case "central" -> central(job, part);
            case "end" -> {
                long cdOffset = Long.parseLong(job.cursor("cdOffset"));
                ZipWriter.writeEnd(part.buffer, Long.parseLong(job.cursor("ordinal")), cdOffset, part.offset() - cdOffset);
                return true;
            }
            default -> throw new IllegalStateException("Unknown export phase " + job.phase);
        }
        return false;
    }

    private void add(ComplianceJob job, Part part, String name, byte[] data, boolean compress) {
        part.entries.add(ZipWriter.writeEntry(part.buffer, part.offset(), name, data, compress));
        job.cursor("ordinal", Integer.parseInt(job.cursor("ordinal")) + 1);
        job.count("files", 1);
    }

    private String userDir(ComplianceJob job) {
        return "users/" + job.cursor("userExternalId") + "/";
    }

    private UUID user(ComplianceJob job) {
        return UUID.fromString(job.cursor("userId"));
    }

    private void nextUser(ComplianceJob job, Part part) {
        Optional<String[]> next;
        if ("tenant".equals(job.subject.getString("scope"))) {
            List<Object[]> rows = em.createNativeQuery("select id, external_id from chat_user where tenant_id = ?1 and id > ?2 "
                            + "and external_id not like '~%' order by id limit 1")
                    .setParameter(1, job.tenantId).setParameter(2, UUID.fromString(job.cursor.getOrDefault("lastUserId", ZERO)))
                    .getResultList();
            next = rows.stream().findFirst().map(r -> new String[] {uuid(r[0]).toString(), (String) r[1]});
        } else {
            JsonArray users = job.subject.getJsonArray("users");
            int index = Integer.parseInt(job.cursor.getOrDefault("userIndex", "0"));
            next = index < users.size()
                    ? Optional.of(new String[] {users.getJsonObject(index).getString("id"), users.getJsonObject(index).getString("externalId")})
                    : Optional.empty();
            job.cursor("userIndex", index + 1);
        }
        if (next.isEmpty()) {
            job.phase = "manifest";
            return;
        }
        job.cursor("lastUserId", next.get()[0]);
        job.cursor("userId", next.get()[0]);
        job.cursor("userExternalId", next.get()[1]);
        job.cursor("chunk", 0);
        job.phase = "profile";
    }

    private void profile(ComplianceJob job, Part part) {
        List<Object[]> rows = em.createNativeQuery("select u.id, u.external_id, u.display_name, u.created_at, u.tokens_valid_after, "
                        + "u.avatar_url, u.custom_data, u.role, p.last_seen_at from chat_user u "
                        + "left join user_presence p on p.user_id = u.id and p.tenant_id = u.tenant_id where u.id = ?1 and u.tenant_id = ?2")
                .setParameter(1, user(job)).setParameter(2, job.tenantId).getResultList();
        if (!rows.isEmpty()) {
            Object[] r = rows.get(0);
            add(job, part, userDir(job) + "profile.json", json(g -> {
                g.writeStartObject();
                g.write("id", uuid(r[0]).toString());
                g.write("externalId", (String) r[1]);
                g.write("displayName", (String) r[2]);
                writeTime(g, "createdAt", r[3]);
                writeTime(g, "tokensValidAfter", r[4]);
                writeString(g, "avatarUrl", r[5]);
                writeCustomData(g, r[6]);
                writeString(g, "role", r[7]);
                writeTime(g, "lastSeenAt", r[8]);
                g.writeEnd();
            }), true);
            job.count("users", 1);
        }
        job.phase = "conversations";
        job.cursor("after", ZERO);
    }

    private void conversations(ComplianceJob job, Part part) {
        List<Object[]> rows = em.createNativeQuery("select c.id, c.type, c.name, c.topic, c.custom_data, m.role, m.joined_at, m.read_seq, "
                        + "c.last_seq, c.created_at, m.delivered_seq from conversation_member m join conversation c on c.id = m.conversation_id "
                        + "where m.tenant_id = ?1 and m.user_id = ?2 and m.conversation_id > ?3 order by m.conversation_id limit ?4")
                .setParameter(1, job.tenantId).setParameter(2, user(job)).setParameter(3, UUID.fromString(job.cursor("after")))
                .setParameter(4, CHUNK).getResultList();
        if (rows.isEmpty()) {
            nextPhase(job, "messages", ZERO + ":-1");
            return;
        }
        add(job, part, chunkName(job, "conversations"), json(g -> {
            g.writeStartArray();
            for (Object[] r : rows) {
                g.writeStartObject();
                g.write("conversationId", uuid(r[0]).toString());
                g.write("type", (String) r[1]);
                writeString(g, "name", r[2]);
                writeString(g, "topic", r[3]);
                writeCustomData(g, r[4]);
                g.write("role", (String) r[5]);
                writeTime(g, "joinedAt", r[6]);
                g.write("readSeq", ((Number) r[7]).longValue());
                g.write("deliveredSeq", ((Number) r[10]).longValue());
                g.write("lastSeq", ((Number) r[8]).longValue());
                writeTime(g, "conversationCreatedAt", r[9]);
                g.writeEnd();
            }
            g.writeEnd();
        }), true);
        job.count("conversations", rows.size());
        job.cursor("after", uuid(rows.get(rows.size() - 1)[0]));
    }

    private void messages(ComplianceJob job, Part part) {
        String[] after = job.cursor("after").split(":");
        UUID afterConversation = UUID.fromString(after[0]);
        long afterSeq = Long.parseLong(after[1]);
        List<Object[]> rows = em.createNativeQuery("select id, conversation_id, seq, client_id, text, version, created_at, edited_at, deleted "
                        + "from message where tenant_id = ?1 and sender_id = ?2 and (conversation_id, seq) > (?3, ?4) "
                        + "order by conversation_id, seq limit ?5")
                .setParameter(1, job.tenantId).setParameter(2, user(job)).setParameter(3, afterConversation).setParameter(4, afterSeq)
                .setParameter(5, CHUNK).getResultList();
        if (rows.isEmpty()) {
            nextPhase(job, "reactions", ZERO + ":");
            return;
        }
        Object[] last = rows.get(rows.size() - 1);
        // Related rows of exactly these messages: the same keyset range.
        String range = " m.tenant_id = ?1 and m.sender_id = ?2 and (m.conversation_id, m.seq) > (?3, ?4) and (m.conversation_id, m.seq) <= (?5, ?6)";
        Map<UUID, List<Object[]>> edits = group(rangeQuery("select e.message_id, e.version, e.previous_text, e.edited_at from message_edit e "
                + "join message m on m.id = e.message_id where" + range + " order by e.message_id, e.version", job, afterConversation, afterSeq, last));
        Map<UUID, List<Object[]>> files = group(rangeQuery("select a.message_id, a.id, a.file_name, a.content_type, a.size_bytes from attachment a "
                + "join message m on m.id = a.message_id where" + range + " order by a.message_id, a.id", job, afterConversation, afterSeq, last));
        Map<UUID, List<Object[]>> reactions = group(rangeQuery("select r.message_id, r.emoji, count(*) from message_reaction r "
                + "join message m on m.id = r.message_id where" + range + " group by r.message_id, r.emoji order by r.message_id, r.emoji",
                job, afterConversation, afterSeq, last));
        long[] editCount = {0};
        add(job, part, chunkName(job, "messages"), json(g -> {
            g.writeStartArray();
            for (Object[] r : rows) {
                UUID id = uuid(r[0]);
                g.writeStartObject();
                g.write("id", id.toString());
                g.write("conversationId", uuid(r[1]).toString());
                g.write("seq", ((Number) r[2]).longValue());
                g.write("clientId", (String) r[3]);
                g.write("text", (String) r[4]);
                g.write("version", ((Number) r[5]).longValue());
                writeTime(g, "createdAt", r[6]);
                writeTime(g, "editedAt", r[7]);
                g.write("deleted", (Boolean) r[8]);
                g.writeStartArray("editHistory");
                for (Object[] e : edits.getOrDefault(id, List.of())) {
                    g.writeStartObject().write("version", ((Number) e[1]).longValue()).write("previousText", (String) e[2]);
                    writeTime(g, "editedAt", e[3]);
                    g.writeEnd();
                    editCount[0]++;
                }
                g.writeEnd();
                g.writeStartArray("attachments");
                for (Object[] a : files.getOrDefault(id, List.of())) {
                    g.writeStartObject().write("id", uuid(a[1]).toString()).write("fileName", (String) a[2])
                            .write("contentType", (String) a[3]).write("sizeBytes", ((Number) a[4]).longValue()).writeEnd();
                }
                g.writeEnd();
                g.writeStartArray("reactionsReceived");
                for (Object[] x : reactions.getOrDefault(id, List.of())) {
                    g.writeStartObject().write("emoji", (String) x[1]).write("count", ((Number) x[2]).longValue()).writeEnd();
                }
                g.writeEnd();
                g.writeEnd();
            }
            g.writeEnd();
        }), true);
        job.count("messages", rows.size());
        job.count("edits", editCount[0]);
        job.cursor("after", uuid(last[1]) + ":" + ((Number) last[2]).longValue());
    }

    private List<Object[]> rangeQuery(String sql, ComplianceJob job, UUID afterConversation, long afterSeq, Object[] last) {
        return em.createNativeQuery(sql).setParameter(1, job.tenantId).setParameter(2, user(job)).setParameter(3, afterConversation)
                .setParameter(4, afterSeq).setParameter(5, uuid(last[1])).setParameter(6, ((Number) last[2]).longValue()).getResultList();
    }

    private static Map<UUID, List<Object[]>> group(List<Object[]> rows) {
        Map<UUID, List<Object[]>> grouped = new java.util.HashMap<>();
        rows.forEach(r -> grouped.computeIfAbsent(uuid(r[0]), k -> new ArrayList<>()).add(r));
        return grouped;
    }

    private void reactions(ComplianceJob job, Part part) {
        String after = job.cursor("after");
        int sep = after.indexOf(':');
        List<Object[]> rows = em.createNativeQuery("select r.message_id, r.emoji, r.created_at, m.conversation_id from message_reaction r "
                        + "join message m on m.id = r.message_id where r.tenant_id = ?1 and r.user_id = ?2 and (r.message_id, r.emoji) > (?3, ?4) "
                        + "order by r.message_id, r.emoji limit ?5")
                .setParameter(1, job.tenantId).setParameter(2, user(job)).setParameter(3, UUID.fromString(after.substring(0, sep)))
                .setParameter(4, after.substring(sep + 1)).setParameter(5, CHUNK).getResultList();
        if (rows.isEmpty()) {
            nextPhase(job, "mentions", ZERO);
            return;
        }
        add(job, part, chunkName(job, "reactions"), json(g -> {
            g.writeStartArray();
            for (Object[] r : rows) {
                g.writeStartObject().write("messageId", uuid(r[0]).toString()).write("conversationId", uuid(r[3]).toString())
                        .write("emoji", (String) r[1]);
                writeTime(g, "createdAt", r[2]);
                g.writeEnd();
            }
            g.writeEnd();
        }), true);
        job.count("reactions", rows.size());
        Object[] last = rows.get(rows.size() - 1);
        job.cursor("after", uuid(last[0]) + ":" + last[1]);
    }

    /** Messages that mention the user (table message_mention). */
    private void mentions(ComplianceJob job, Part part) {
        List<Object[]> rows = em.createNativeQuery("select message_id, conversation_id, created_at from message_mention "
                        + "where tenant_id = ?1 and user_id = ?2 and message_id > ?3 order by message_id limit ?4")
                .setParameter(1, job.tenantId).setParameter(2, user(job)).setParameter(3, UUID.fromString(job.cursor("after")))
                .setParameter(4, CHUNK).getResultList();
        if (rows.isEmpty()) {
            nextPhase(job, "activity", "1970-01-01");
            return;
        }
        add(job, part, chunkName(job, "mentions"), json(g -> {
            g.writeStartArray();
            for (Object[] r : rows) {
                g.writeStartObject().write("messageId", uuid(r[0]).toString()).write("conversationId", uuid(r[1]).toString());
                writeTime(g, "createdAt", r[2]);
                g.writeEnd();
            }
            g.writeEnd();
        }), true);
        job.count("mentions", rows.size());
        job.cursor("after", uuid(rows.get(rows.size() - 1)[0]));
    }

    /** The user's daily activity figures (table analytics_user_day). */
    private void activity(ComplianceJob job, Part part) {
        List<Object[]> rows = em.createNativeQuery("select cast(day as varchar), messages from analytics_user_day "
                        + "where tenant_id = ?1 and user_id = ?2 and day > cast(?3 as date) order by day limit ?4")
                .setParameter(1, job.tenantId).setParameter(2, user(job)).setParameter(3, job.cursor("after"))
                .setParameter(4, CHUNK).getResultList();
        if (rows.isEmpty()) {
            nextPhase(job, "events", ZERO + ":-1");
            return;
        }
        add(job, part, chunkName(job, "activity"), json(g -> {
            g.writeStartArray();
            for (Object[] r : rows) {
                g.writeStartObject().write("day", (String) r[0]).write("messages", ((Number) r[1]).longValue()).writeEnd();
            }
            g.writeEnd();
        }), true);
        job.count("activityDays", rows.size());
        job.cursor("after", (String) rows.get(rows.size() - 1)[0]);
    }

    private void events(ComplianceJob job, Part part) {
        String[] after = job.cursor("after").split(":");
        List<Object[]> rows = em.createNativeQuery("select conversation_id, seq, kind, created_at, payload::text from conversation_event "
                        + "where tenant_id = ?1 and actor_id = ?2 and (conversation_id, seq) > (?3, ?4) order by conversation_id, seq limit ?5")
                .setParameter(1, job.tenantId).setParameter(2, user(job)).setParameter(3, UUID.fromString(after[0]))
                .setParameter(4, Long.parseLong(after[1])).setParameter(5, CHUNK).getResultList();
        if (rows.isEmpty()) {
            nextPhase(job, "attachments", ZERO);
            return;
        }
        add(job, part, chunkName(job, "events"), json(g -> {
            g.writeStartArray();
            for (Object[] r : rows) {
                g.writeStartObject().write("conversationId", uuid(r[0]).toString()).write("seq", ((Number) r[1]).longValue())
                        .write("kind", (String) r[2]);
                writeTime(g, "createdAt", r[3]);
                g.write("payload", ComplianceJob.parse((String) r[4]));
                g.writeEnd();
            }
            g.writeEnd();
        }), true);
        job.count("events", rows.size());
        Object[] last = rows.get(rows.size() - 1);
        job.cursor("after", uuid(last[0]) + ":" + ((Number) last[1]).longValue());
    }

    private static final String ATTACHMENT_COLUMNS = "id, conversation_id, message_id, file_name, content_type, size_bytes, sha256, status, "
            + "created_at, width, height, storage_key";

    private List<Object[]> attachmentsAfter(ComplianceJob job, int limit) {
        return em.createNativeQuery("select " + ATTACHMENT_COLUMNS + " from attachment where tenant_id = ?1 and uploader_id = ?2 and id > ?3 "
                        + "order by id limit ?4")
                .setParameter(1, job.tenantId).setParameter(2, user(job)).setParameter(3, UUID.fromString(job.cursor("after")))
                .setParameter(4, limit).getResultList();
    }

    private void attachmentsMeta(ComplianceJob job, Part part) {
        List<Object[]> rows = attachmentsAfter(job, CHUNK);
        if (rows.isEmpty()) {
            nextPhase(job, "files", ZERO);
            return;
        }
        add(job, part, chunkName(job, "attachments"), json(g -> {
            g.writeStartArray();
            for (Object[] r : rows) {
                g.writeStartObject().write("id", uuid(r[0]).toString()).write("conversationId", uuid(r[1]).toString());
                writeString(g, "messageId", r[2] == null ? null : uuid(r[2]).toString());
                g.write("fileName", (String) r[3]).write("contentType", (String) r[4]).write("sizeBytes", ((Number) r[5]).longValue())
                        .write("sha256", (String) r[6]).write("status", (String) r[7]);
                writeTime(g, "createdAt", r[8]);
                if (r[9] != null) {
                    g.write("width", ((Number) r[9]).intValue()).write("height", ((Number) r[10]).intValue());
                }
                writeString(g, "file", hasFile((String) r[7]) ? fileName(job, r) : null);
                g.writeEnd();
            }
            g.writeEnd();
        }), true);
        job.count("attachments", rows.size());
        job.cursor("after", uuid(rows.get(rows.size() - 1)[0]));
    }

    private static boolean hasFile(String status) {
        return "ready".equals(status) || "processing".equals(status);
    }

    private String fileName(ComplianceJob job, Object[] r) {
        return userDir(job) + "attachments/" + uuid(r[0]) + "/" + r[3];
    }

    private void files(ComplianceJob job, Part part) {
        List<Object[]> rows = attachmentsAfter(job, 1);
        if (rows.isEmpty()) {
            nextPhase(job, "moderation", "0");
            return;
        }
        Object[] r = rows.get(0);
        job.cursor("after", uuid(r[0]));
        if (!hasFile((String) r[7])) {
            return;
        }
        try {
            byte[] bytes = storage.read((String) r[11]);
            String type = (String) r[4];
            boolean compress = !(type.startsWith("image/") || type.startsWith("video/") || type.startsWith("audio/") || type.contains("zip"));
            add(job, part, fileName(job, r), bytes, compress);
            job.count("attachmentFiles", 1);
            job.count("attachmentBytes", bytes.length);
        } catch (NoSuchKeyException e) {
            LOG.warning(() -> "Export " + job.id + ": attachment object " + r[11] + " is missing");
            job.count("attachmentFilesMissing", 1);
        }
    }

    /**
     * Moderation data of the user (tables user_block, conversation_member.muted, conversation_ban, moderation_record):
     * the blocks the user made, the user's mutes, the bans of the user and the moderation records about the user or
     * made by the user. One file: blocks are capped per user, bans and records are few per user.
     */
    private void moderation(ComplianceJob job, Part part) {
        UUID user = user(job);
        List<Object[]> blocks = em.createNativeQuery("select u.external_id, b.created_at from user_block b join chat_user u on u.id = b.blocked_id "
                        + "where b.tenant_id = ?1 and b.blocker_id = ?2 order by u.external_id")
                .setParameter(1, job.tenantId).setParameter(2, user).getResultList();
        List<Object[]> mutes = em.createNativeQuery("select conversation_id, muted_until from conversation_member "
                        + "where tenant_id = ?1 and user_id = ?2 and muted order by conversation_id")
                .setParameter(1, job.tenantId).setParameter(2, user).getResultList();
        List<Object[]> bans = em.createNativeQuery("select conversation_id, reason, created_at, expires_at from conversation_ban "
                        + "where tenant_id = ?1 and user_id = ?2 order by conversation_id")
                .setParameter(1, job.tenantId).setParameter(2, user).getResultList();
        List<Object[]> records = em.createNativeQuery("select id, action, conversation_id, message_id, "
                        + "case when subject_user_id = ?2 then 'subject' else 'actor' end, reason, expires_at, created_at from moderation_record "
                        + "where tenant_id = ?1 and (subject_user_id = ?2 or actor_user_id = ?2) order by created_at, id")
                .setParameter(1, job.tenantId).setParameter(2, user).getResultList();
        List<Object[]> pins = em.createNativeQuery("select conversation_id, message_id, pinned_at from message_pin "
                        + "where tenant_id = ?1 and pinned_by = ?2 order by pinned_at, message_id")
                .setParameter(1, job.tenantId).setParameter(2, user).getResultList();
        add(job, part, userDir(job) + "moderation.json", json(g -> {
            g.writeStartObject();
            g.writeStartArray("pins"); // messages the user pinned (table message_pin)
            for (Object[] r : pins) {
                g.writeStartObject().write("conversationId", uuid(r[0]).toString()).write("messageId", uuid(r[1]).toString());
                writeTime(g, "pinnedAt", r[2]);
                g.writeEnd();
            }
            g.writeEnd();
            g.writeStartArray("blocks");
            for (Object[] r : blocks) {
                g.writeStartObject().write("userId", (String) r[0]);
                writeTime(g, "createdAt", r[1]);
                g.writeEnd();
            }
            g.writeEnd();
            g.writeStartArray("mutes");
            for (Object[] r : mutes) {
                g.writeStartObject().write("conversationId", uuid(r[0]).toString());
                writeTime(g, "mutedUntil", r[1]);
                g.writeEnd();
            }
            g.writeEnd();
            g.writeStartArray("bans");
            for (Object[] r : bans) {
                g.writeStartObject().write("conversationId", uuid(r[0]).toString());
                writeString(g, "reason", r[1]);
                writeTime(g, "createdAt", r[2]);
                writeTime(g, "expiresAt", r[3]);
                g.writeEnd();
            }
            g.writeEnd();
            g.writeStartArray("moderationRecords");
            for (Object[] r : records) {
                g.writeStartObject().write("id", uuid(r[0]).toString()).write("action", (String) r[1]);
                writeString(g, "conversationId", r[2] == null ? null : uuid(r[2]));
                writeString(g, "messageId", r[3] == null ? null : uuid(r[3]));
                g.write("userIs", (String) r[4]);
                writeString(g, "reason", r[5]);
                writeTime(g, "expiresAt", r[6]);
                writeTime(g, "createdAt", r[7]);
                g.writeEnd();
            }
            g.writeEnd();
            g.writeEnd();
        }), true);
        job.count("blocks", blocks.size());
        job.count("mutes", mutes.size());
        job.count("bans", bans.size());
        job.count("moderationRecords", records.size());
        job.count("pins", pins.size());
        nextPhase(job, "audit", "0");
    }

    private void auditEntries(ComplianceJob job, Part part) {
        List<Object[]> rows = em.createNativeQuery("select id, occurred_at, actor_kind, actor_id, action, target_type, target_id, outcome, detail::text "
                        + "from audit_event where tenant_id = ?1 and id > ?2 and ((target_type = 'user' and target_id in (?3, ?4)) "
                        + "or (actor_kind = 'user' and actor_id = ?4)) order by id limit ?5")
                .setParameter(1, job.tenantId).setParameter(2, Long.parseLong(job.cursor("after")))
                .setParameter(3, job.cursor("userExternalId")).setParameter(4, job.cursor("userId")).setParameter(5, CHUNK)
                .getResultList();
        if (rows.isEmpty()) {
            job.phase = "user";
            job.cursor("after", null);
            return;
        }
        add(job, part, chunkName(job, "audit"), json(g -> {
            g.writeStartArray();
            for (Object[] r : rows) {
                g.writeStartObject().write("id", ((Number) r[0]).longValue());
                writeTime(g, "occurredAt", r[1]);
                g.write("actorKind", (String) r[2]);
                writeString(g, "actorId", r[3]);
                g.write("action", (String) r[4]);
                writeString(g, "targetType", r[5]);
                writeString(g, "targetId", r[6]);
                g.write("outcome", (String) r[7]);
                g.write("detail", ComplianceJob.parse((String) r[8]));
                g.writeEnd();
            }
            g.writeEnd();
        }), true);
        job.count("auditEntries", rows.size());
        job.cursor("after", ((Number) rows.get(rows.size() - 1)[0]).longValue());
    }

    private static final List<String> COUNTERS = List.of("users", "conversations", "messages", "edits", "reactions", "mentions", "activityDays", "events",
            "attachments", "attachmentFiles", "attachmentBytes", "attachmentFilesMissing", "blocks", "mutes", "bans", "moderationRecords",
            "pins", "auditEntries");

    static final List<String> NOT_STORED = List.of("devices", "pushRegistrations");

    private void manifest(ComplianceJob job, Part part) {
        Instant now = Instant.now();
        add(job, part, "export.json", json(g -> {
            g.writeStartObject();
            g.write("schema", "chat-platform-export").write("schemaVersion", SCHEMA_VERSION).write("exportId", job.id.toString())
                    .write("tenantId", job.tenantId.toString()).write("generatedAt", now.toString())
                    .write("scope", job.subject.getString("scope"));
            if (job.subject.containsKey("users")) {
                g.writeStartArray("users");
                job.subject.getJsonArray("users").forEach(u -> g.write(((JsonObject) u).getString("externalId")));
                g.writeEnd();
            }
            g.writeStartObject("counts");
            COUNTERS.forEach(c -> g.write(c, job.counted(c)));
            g.writeEnd();
            g.writeStartArray("notStoredByThePlatform");
            NOT_STORED.forEach(g::write);
            g.writeEnd();
            g.writeStartObject("layout")
                    .write("users/<externalId>/profile.json", "the user's profile")
                    .write("users/<externalId>/conversations-NNNNNN.json", "memberships with role, joinedAt and read state (readSeq)")
                    .write("users/<externalId>/messages-NNNNNN.json", "every message the user wrote, with its edit history")
                    .write("users/<externalId>/reactions-NNNNNN.json", "reactions the user gave")
                    .write("users/<externalId>/mentions-NNNNNN.json", "messages that mention the user")
                    .write("users/<externalId>/activity-NNNNNN.json", "messages sent per day (analytics)")
                    .write("users/<externalId>/events-NNNNNN.json", "conversation events the user caused (messages, edits, reactions, read markers, membership changes)")
                    .write("users/<externalId>/attachments-NNNNNN.json", "metadata of every file the user uploaded")
                    .write("users/<externalId>/attachments/<id>/<fileName>", "the files themselves")
                    .write("users/<externalId>/moderation.json", "blocks the user made, the user's mutes, bans of the user, moderation records about or by the user, and the messages the user pinned")
                    .write("users/<externalId>/audit-NNNNNN.json", "audit entries about the user")
                    .write("summary.txt", "a short human-readable summary");
            g.writeEnd();
            g.writeEnd();
        }), true);
        StringBuilder s = new StringBuilder();
        s.append("Personal data export\n====================\n\n");
        s.append("Export ").append(job.id).append(" of tenant ").append(job.tenantId).append(", generated ").append(now).append(".\n");
        if (job.subject.containsKey("users")) {
            s.append("Requested for: ");
            List<String> names = new ArrayList<>();
            job.subject.getJsonArray("users").forEach(u -> names.add(((JsonObject) u).getString("externalId")));
            s.append(String.join(", ", names)).append(".\n\n");
        } else {
            s.append("Requested for: every user of the tenant.\n\n");
        }
        s.append("Contents\n");
        s.append("- ").append(job.counted("users")).append(" user profile(s)\n");
        s.append("- ").append(job.counted("conversations")).append(" conversation membership(s), with read positions\n");
        s.append("- ").append(job.counted("messages")).append(" message(s) written, with ").append(job.counted("edits")).append(" earlier version(s)\n");
        s.append("- ").append(job.counted("reactions")).append(" reaction(s) given\n");
        s.append("- ").append(job.counted("mentions")).append(" mention(s) of the user in messages\n");
        s.append("- ").append(job.counted("activityDays")).append(" day(s) of activity figures\n");
        s.append("- ").append(job.counted("events")).append(" conversation event(s) caused by the user(s)\n");
        s.append("- ").append(job.counted("attachments")).append(" attachment(s) uploaded; ").append(job.counted("attachmentFiles"))
                .append(" file(s) included (").append(job.counted("attachmentBytes")).append(" bytes)");
        if (job.counted("attachmentFilesMissing") > 0) {
            s.append("; ").append(job.counted("attachmentFilesMissing")).append(" file(s) missing from storage");
        }
        s.append("\n- ").append(job.counted("blocks")).append(" block(s) made, ").append(job.counted("mutes")).append(" mute(s), ")
                .append(job.counted("bans")).append(" ban(s) and ").append(job.counted("moderationRecords")).append(" moderation record(s)");
        s.append("\n- ").append(job.counted("pins")).append(" pinned message(s)");
        s.append("\n- ").append(job.counted("auditEntries")).append(" audit log entr(y/ies) about the user(s)\n\n");
        s.append("The platform stores no devices or push registrations, so there are none here.\n");
        s.append("Machine-readable data: export.json and the JSON files under users/ (schema chat-platform-export, version ")
                .append(SCHEMA_VERSION).append(", documented in docs/compliance.md).\n");
        add(job, part, "summary.txt", s.toString().getBytes(StandardCharsets.UTF_8), true);
        job.phase = "central";
        job.cursor("cd", 0);
        job.cursor("cdOffset", part.offset());
    }

    private void central(ComplianceJob job, Part part) {
        int from = Integer.parseInt(job.cursor("cd"));
        List<ZipWriter.Entry> batch = new ArrayList<>();
        List<Object[]> rows = em.createNativeQuery("select name, crc32, compressed_size, size, local_offset, method from compliance_export_entry "
                        + "where job_id = ?1 and ordinal >= ?2 and ordinal < ?3 order by ordinal limit ?4")
                .setParameter(1, job.id).setParameter(2, from).setParameter(3, part.firstOrdinal).setParameter(4, CHUNK).getResultList();
        rows.forEach(r -> batch.add(new ZipWriter.Entry((String) r[0], ((Number) r[1]).longValue(), ((Number) r[2]).longValue(),
                ((Number) r[3]).longValue(), ((Number) r[4]).longValue(), ((Number) r[5]).intValue())));
        // Entries written in this batch are not in the table yet.
        for (int i = Math.max(0, from + batch.size() - part.firstOrdinal); i < part.entries.size() && batch.size() < CHUNK; i++) {
            batch.add(part.entries.get(i));
        }
        if (batch.isEmpty()) {
            job.phase = "end";
            return;
        }
        batch.forEach(e -> ZipWriter.writeCentral(part.buffer, e));
        job.cursor("cd", from + batch.size());
    }

    private void nextPhase(ComplianceJob job, String phase, String after) {
        job.phase = phase;
        job.cursor("after", after);
        job.cursor("chunk", 0);
    }

    private String chunkName(ComplianceJob job, String what) {
        int chunk = Integer.parseInt(job.cursor.getOrDefault("chunk", "0")) + 1;
        job.cursor("chunk", chunk);
        return userDir(job) + what + "-" + String.format("%06d", chunk) + ".json";
    }

    private static byte[] json(java.util.function.Consumer<JsonGenerator> writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGeneratorFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true)).createGenerator(out, StandardCharsets.UTF_8)) {
            writer.accept(g);
        }
        return out.toByteArray();
    }

    private static void writeTime(JsonGenerator g, String name, Object value) {
        Instant i = NativeRows.instant(value);
        if (i == null) {
            g.writeNull(name);
        } else {
            g.write(name, i.toString());
        }
    }

    /** Custom data stored as JSON text, written as a JSON object (null when absent). */
    private static void writeCustomData(JsonGenerator g, Object text) {
        if (text == null) {
            g.writeNull("customData");
        } else {
            g.write("customData", ComplianceJob.parse((String) text));
        }
    }

    private static void writeString(JsonGenerator g, String name, Object value) {
        if (value == null) {
            g.writeNull(name);
        } else {
            g.write(name, value.toString());
        }
    }
}
