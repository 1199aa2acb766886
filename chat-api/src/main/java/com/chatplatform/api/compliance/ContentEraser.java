package com.chatplatform.api.compliance;

import static com.chatplatform.api.platform.NativeRows.uuid;

import com.chatplatform.api.media.MediaStorage;
import com.chatplatform.api.plan.UsageService;
import com.chatplatform.api.search.SearchGateway;
import com.chatplatform.search.message.BulkItemResult;
import com.chatplatform.search.message.BulkResult;
import com.chatplatform.search.message.DocumentRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Removes message content and files from every store, for erasure and retention. Each call works on one batch and
 * touches the external stores (S3, Elasticsearch) before PostgreSQL, so a failure before commit is simply repeated:
 * deleting a missing object or document succeeds.
 */
@ApplicationScoped
public class ContentEraser {
    /** What happens to the message rows. */
    public enum Mode {
        /** Retention: the row stays as a deleted message of its sender (id and seq stay for sync), its content goes. */
        SOFT_DELETE,
        /** Erasure, policy anonymise: as SOFT_DELETE, and the sender becomes the tenant's "deleted user". */
        ANONYMISE,
        /** Erasure, policy delete: the rows are removed. */
        DELETE
    }

    public record Counts(long messages, long edits, long reactions, long attachments, long s3Objects, long searchDocuments, long events) {
    }

    @PersistenceContext(unitName = "chat")
    EntityManager em;
    @Inject
    MediaStorage storage;
    @Inject
    SearchGateway search;
    @Inject
    UsageService usage;
    @Inject
    com.chatplatform.api.message.ThreadCounts threadCounts;
    @Inject
    com.chatplatform.api.event.EventLog eventLog;

    /** Deletes attachments (rows and S3 objects with their thumbnails); returns {rows, objects}. */
    @Transactional(Transactional.TxType.MANDATORY)
    long[] removeAttachments(UUID tenantId, List<UUID> attachmentIds) {
        if (attachmentIds.isEmpty()) {
            return new long[] {0, 0};
        }
        Query q = em.createNativeQuery("select id, storage_key, thumbnail_keys, status from attachment where tenant_id = ?1 and id in ("
                + params(2, attachmentIds.size()) + ")").setParameter(1, tenantId);
        bind(q, 2, attachmentIds);
        List<Object[]> rows = q.getResultList();
        long objects = 0;
        for (Object[] r : rows) {
            List<String> keys = new ArrayList<>();
            keys.add((String) r[1]);
            String thumbs = (String) r[2];
            if (thumbs != null && !thumbs.isBlank()) {
                for (String entry : thumbs.split(",")) {
                    keys.add(entry.split("=", 2)[1]);
                }
            }
            for (String key : keys) {
                if (storage.size(key).isPresent()) {
                    storage.delete(key);
                    objects++;
                }
            }
        }
        usage.releaseAttachments(tenantId, attachmentIds); // the tenant's storage counter gives back their charge
        Query d = em.createNativeQuery("delete from attachment where tenant_id = ?1 and id in (" + params(2, attachmentIds.size()) + ")")
                .setParameter(1, tenantId);
        bind(d, 2, attachmentIds);
        return new long[] {d.executeUpdate(), objects};
    }

    /**
     * Removes the content of these messages everywhere: their attachments (S3 and rows), the search documents, the edit
     * history, the reactions on them and their text in the conversation event log; then soft-deletes, anonymises or
     * deletes the rows.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Counts removeMessages(UUID tenantId, List<UUID> messageIds, Mode mode, UUID placeholder) {
        if (messageIds.isEmpty()) {
            return new Counts(0, 0, 0, 0, 0, 0, 0);
        }
        String in = params(2, messageIds.size());
        Query attachmentsQuery = em.createNativeQuery("select id from attachment where tenant_id = ?1 and message_id in (" + in + ")")
                .setParameter(1, tenantId);
        bind(attachmentsQuery, 2, messageIds);
        List<UUID> attachmentIds = ((List<?>) attachmentsQuery.getResultList()).stream().map(o -> uuid(o)).toList();
        long[] removedFiles = removeAttachments(tenantId, attachmentIds);

        Query versions = em.createNativeQuery("select id, conversation_id, version from message where tenant_id = ?1 and id in (" + in + ")")
                .setParameter(1, tenantId);
        bind(versions, 2, messageIds);
        List<Object[]> rows = versions.getResultList();
        List<DocumentRef> deletes = new ArrayList<>();
        for (Object[] r : rows) {
            // One above the last indexed version: a late index request of an older version then loses.
            deletes.add(new DocumentRef(tenantId.toString(), uuid(r[0]).toString(), ((Number) r[2]).longValue() + 1));
        }
        BulkResult result = search.apply(List.of(), deletes);
        long documents = result.items().stream().filter(i -> i.outcome() == BulkItemResult.Outcome.APPLIED).count();

        // Replies among them: their roots' conversations are locked before any row changes, the counts recounted after.
        List<UUID> roots = threadCounts.rootsOf(tenantId, messageIds);
        threadCounts.lockConversations(tenantId, roots);
        long edits = exec("delete from message_edit where tenant_id = ?1 and message_id in (" + in + ")", tenantId, messageIds);
        long reactions = exec("delete from message_reaction where tenant_id = ?1 and message_id in (" + in + ")", tenantId, messageIds);
        exec("delete from message_mention where tenant_id = ?1 and message_id in (" + in + ")", tenantId, messageIds);
        long events = 0;
        for (Object[] r : rows) {
            events += eventLog.forgetMessageContent(tenantId, uuid(r[1]), uuid(r[0]));
        }
        long messages = switch (mode) {
            case SOFT_DELETE -> exec("update message set text = '', deleted = true, version = version + 1, edited_at = null "
                    + "where tenant_id = ?1 and id in (" + in + ")", tenantId, messageIds);
            case ANONYMISE -> {
                Query q = em.createNativeQuery("update message set text = '', deleted = true, version = version + 1, edited_at = null, "
                        + "client_id = id::text, sender_id = ?" + (messageIds.size() + 2) + " where tenant_id = ?1 and id in (" + in + ")")
                        .setParameter(1, tenantId).setParameter(messageIds.size() + 2, placeholder);
                bind(q, 2, messageIds);
                yield q.executeUpdate();
            }
            case DELETE -> exec("delete from message where tenant_id = ?1 and id in (" + in + ")", tenantId, messageIds);
        };
        threadCounts.recount(tenantId, roots); // a deleted root is gone (its replies' parent_id is set null): nothing to count
        return new Counts(messages, edits, reactions, removedFiles[0], removedFiles[1], documents, events);
    }

    private long exec(String sql, UUID tenantId, List<UUID> ids) {
        Query q = em.createNativeQuery(sql).setParameter(1, tenantId);
        bind(q, 2, ids);
        return q.executeUpdate();
    }

    static String params(int first, int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append(i == 0 ? "" : ", ").append('?').append(first + i);
        }
        return b.toString();
    }

    static void bind(Query q, int first, List<UUID> ids) {
        for (int i = 0; i < ids.size(); i++) {
            q.setParameter(first + i, ids.get(i));
        }
    }
}
