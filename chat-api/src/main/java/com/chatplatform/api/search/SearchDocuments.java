package com.chatplatform.api.search;

import static com.chatplatform.api.platform.NativeRows.instant;
import static com.chatplatform.api.platform.NativeRows.uuid;

import com.chatplatform.api.message.Message;
import com.chatplatform.search.message.DocumentRef;
import com.chatplatform.search.message.MessageDocument;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Messages as the search index sees them, read in one statement per batch: the row, the sender's external id, the
 * attachments' types and names and the mentioned users, nothing else. Live indexing (the feed of new messages and the
 * outbox of changes) and the full reindex read through here; the message views the API returns carry reactions, edit
 * state and thread figures the index never holds, and building them for every indexed message was a sixth of the
 * server's Java time at 1,500 messages/s.
 */
@ApplicationScoped
public class SearchDocuments {

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    /**
     * A message's state for the index: a document to write (present, a user's message), a delete (soft-deleted; the
     * delete carries the deleted version, so an older write arriving later loses), or nothing (a system message).
     */
    public record Current(UUID tenantId, UUID id, long version, boolean deleted, boolean system, MessageDocument document) {
    }

    /**
     * The current state of these messages, in commit order ((created_xid, id)); ids of messages that no longer exist are
     * left out. By primary key: the rows say their tenant, and row-level security scopes them to the caller's.
     */
    public List<Current> load(Collection<UUID> messageIds) {
        if (messageIds.isEmpty()) {
            return List.of();
        }
        String ids = messageIds.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select m.id, m.tenant_id, m.conversation_id, m.seq, u.external_id, m.text, "
                        + "m.created_at, m.version, m.deleted, m.kind, "
                        + "(select json_agg(json_build_array(a.content_type, a.file_name) order by a.created_at, a.id) "
                        + "from attachment a where a.message_id = m.id)::text, "
                        + "(select json_agg(mu.external_id order by mu.external_id) from message_mention mm "
                        + "join chat_user mu on mu.id = mm.user_id where mm.message_id = m.id)::text "
                        + "from message m left join chat_user u on u.id = m.sender_id "
                        + "where m.id = any(cast(?1 as uuid[])) order by m.created_xid, m.id")
                .setParameter(1, ids).getResultList();
        List<Current> result = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            UUID id = uuid(r[0]);
            UUID tenantId = uuid(r[1]);
            long version = ((Number) r[7]).longValue();
            boolean deleted = (Boolean) r[8];
            boolean system = Message.SYSTEM.equals(r[9]);
            MessageDocument document = null;
            // a user message always has a sender; one without (never seen) is left out rather than failing the batch
            if (!deleted && !system && r[4] != null) {
                List<String> types = new ArrayList<>();
                List<String> names = new ArrayList<>();
                for (JsonArray file : array((String) r[10]).getValuesAs(JsonArray.class)) {
                    types.add(file.getString(0));
                    names.add(file.getString(1));
                }
                List<String> mentions = array((String) r[11]).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
                document = new MessageDocument(tenantId.toString(), uuid(r[2]).toString(), id.toString(), ((Number) r[3]).longValue(),
                        (String) r[4], (String) r[5], instant(r[6]), types, names, mentions, version);
            }
            result.add(new Current(tenantId, id, version, deleted, system, document));
        }
        return result;
    }

    /** {@link #load} of messages each expected in a tenant: a row of another tenant is left out. */
    public List<Current> load(Map<UUID, UUID> tenantById) {
        return load(tenantById.keySet()).stream().filter(c -> c.tenantId().equals(tenantById.get(c.id()))).toList();
    }

    /** The documents to write. */
    public static List<MessageDocument> writes(List<Current> current) {
        return current.stream().map(Current::document).filter(Objects::nonNull).toList();
    }

    /** The deletes: soft-deleted user messages, each with its deleted version. */
    public static List<DocumentRef> deletes(List<Current> current) {
        return current.stream().filter(c -> c.deleted() && !c.system())
                .map(c -> new DocumentRef(c.tenantId().toString(), c.id().toString(), c.version())).toList();
    }

    private static JsonArray array(String json) {
        if (json == null) {
            return JsonArray.EMPTY_JSON_ARRAY;
        }
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readArray();
        }
    }
}
