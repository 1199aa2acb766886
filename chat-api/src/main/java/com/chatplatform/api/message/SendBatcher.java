package com.chatplatform.api.message;

import static com.chatplatform.api.platform.NativeRows.uuid;

import com.chatplatform.api.event.EventCommitted;
import com.chatplatform.api.event.EventKind;
import com.chatplatform.api.event.EventLog;
import com.chatplatform.api.event.EventView;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.platform.RowSecurity;
import com.chatplatform.api.platform.TimeOrderedIds;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Group commit of new plain messages (ADR 0013): the sends that wait at a moment are stored by a writer thread in one
 * PostgreSQL transaction with set-based statements, one commit (one WAL flush) for all of them. Two writers by default
 * ({@code chat.message.group-commit.writers}): one gathers the next batch while the other writes its own, so a writer
 * waiting for the CPU or the database does not hold every send up; batches lock conversations in (tenant, id) order and a
 * conversation's sequence numbers follow its row lock, as for any writer of the conversation. Durability is unchanged:
 * nobody gets an acknowledgement, and nothing is pushed, before the transaction holding the message has committed.
 *
 * <p>Only the commonest send takes this path: a member's text with no attachments, no thread parent, no mentions (no
 * {@code @} in the text, no explicit list), outside any caller transaction. Everything else, and every send of a batch
 * that is not a plain new message of a member allowed to post (a retry of a stored client id, a ban, a block, an archived
 * conversation, not a member, two sends with one client id in a batch), is answered by {@link MessageService}'s
 * one-message path, which gives the same answers and errors as before. A batch that fails as a whole (a race on a client
 * id, a deadlock, a lost connection) is rolled back and each of its sends goes the one-message path too, so a batch never
 * loses or half-stores a send.
 *
 * <p>The rows written are those of {@code MessageService.store} for such a message: the conversation's next sequence
 * numbers (its row locked until commit, locked in id order), the message, the
 * {@code message.created} event, then the members and which of them blocked the sender, read under the lock. Tenancy:
 * each tenant's sends are written under that tenant's row-level security scope ({@link RowSecurity#set}) and every
 * statement also names the tenant. GroupCommitIT compares the rows with the one-message path's.
 */
@ApplicationScoped
public class SendBatcher {
    private static final Logger LOG = Logger.getLogger(SendBatcher.class.getName());
    /** How long a send waits for its batch before it is answered by the one-message path (which is idempotent). */
    private static final long WAIT_SECONDS = 10;

    @Resource(lookup = "java:app/jdbc/chat")
    DataSource dataSource;
    @Resource
    ManagedThreadFactory threads;
    @Resource
    TransactionSynchronizationRegistry transactions;

    @Inject
    @ConfigProperty(name = "chat.message.group-commit", defaultValue = "true")
    boolean enabled;
    @Inject
    @ConfigProperty(name = "chat.message.group-commit.max-batch", defaultValue = "256")
    int maxBatch;
    @Inject
    @ConfigProperty(name = "chat.message.group-commit.linger-micros", defaultValue = "3000")
    long lingerMicros;
    @Inject
    @ConfigProperty(name = "chat.message.group-commit.writers", defaultValue = "2")
    int writerCount;

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong passedOn = new AtomicLong();
    private volatile boolean running;
    private final List<Thread> writers = new ArrayList<>();

    /** A send waiting for its batch. */
    private record Pending(Caller caller, UUID conversationId, String clientId, String text, CompletableFuture<Optional<Stored>> result) {
    }

    /**
     * A message the batch committed: its view and rendering, and what the one-message path fires after commit (the
     * {@code message.created} event with its recipients and who of them blocked the sender).
     */
    record Stored(MessageView view, String json, String payload, String actorId, java.time.Instant createdAt, List<UUID> members,
                  Set<UUID> senderBlockers) {
        MessageCommitted messageCommitted(UUID tenantId) {
            return new MessageCommitted(tenantId, view, json, members, senderBlockers);
        }

        /** The event as pushed; its payload is parsed here, in the sender's thread, not in the writer's. */
        EventCommitted eventCommitted(UUID tenantId) {
            EventView event = new EventView(view.conversationId(), view.seq(), EventKind.MESSAGE_CREATED.wire(), actorId, createdAt,
                    EventLog.parse(payload));
            return new EventCommitted(tenantId, event, members, senderBlockers);
        }
    }

    /** Counters since start, for operators (GET /platform/health). */
    public record GroupCommitFigures(long batches, long messages, long passedOn) {
    }

    @PostConstruct
    void start() {
        if (!enabled) {
            return;
        }
        running = true;
        for (int i = 0; i < Math.max(1, writerCount); i++) {
            Thread writer = threads.newThread(this::writeLoop);
            writer.setName("chat-group-commit-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        writers.forEach(Thread::interrupt);
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.result().complete(Optional.empty()));
    }

    public GroupCommitFigures figures() {
        return new GroupCommitFigures(batches.get(), stored.get(), passedOn.get());
    }

    /** Whether this send may be group-committed (see the class comment); its input has been validated. */
    boolean accepts(Caller caller, List<UUID> attachmentIds, List<String> mentionIds, UUID parentId, String text) {
        return running && caller.kind() == Caller.Kind.USER && (attachmentIds == null || attachmentIds.isEmpty())
                && (mentionIds == null || mentionIds.isEmpty()) && parentId == null && Mentions.candidates(text).isEmpty()
                && transactions.getTransactionKey() == null;
    }

    /**
     * Stores the message in the next batch and waits for its commit. Empty: the batch passed it on (see the class
     * comment), and the caller answers it by the one-message path.
     */
    Optional<Stored> store(Caller caller, UUID conversationId, String clientId, String text) {
        Pending pending = new Pending(caller, conversationId, clientId, text, new CompletableFuture<>());
        queue.add(pending);
        try {
            return pending.result().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "A group-committed send did not finish in time; answering it by the one-message path", e);
            return Optional.empty();
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (running) {
            try {
                Pending first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                linger(batch);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Group commit failed; its sends are answered one by one", e);
            } finally {
                batch.forEach(p -> p.result().complete(Optional.empty())); // no-op for those already answered
                batch.clear();
            }
        }
    }

    /** Adds the sends that arrive within the linger time, until the batch is full (larger batches, less CPU per message). */
    private void linger(List<Pending> batch) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(lingerMicros);
        for (long left = until - System.nanoTime(); left > 0 && batch.size() < maxBatch; left = until - System.nanoTime()) {
            Pending more = queue.poll(left, TimeUnit.NANOSECONDS);
            if (more == null) {
                return;
            }
            batch.add(more);
            queue.drainTo(batch, maxBatch - batch.size());
        }
    }

    /** Writes one batch in one transaction; answers each send with its stored message, or empty (passed on). */
    private void write(List<Pending> batch) {
        // Tenants in id order, and each tenant's conversations in id order (reserve): concurrent batches of the writers
        // lock conversation rows in one global order, (tenant, conversation), so they never deadlock on each other (in
        // arrival order, two batches holding two tenants' rows each waited for the other's until PostgreSQL broke the
        // deadlock after a second and one batch was answered send by send; GroupCommitIT caught it)
        Map<UUID, List<Pending>> byTenant = new TreeMap<>();
        for (Pending p : batch) {
            byTenant.computeIfAbsent(p.caller().tenantId(), t -> new ArrayList<>()).add(p);
        }
        Map<Pending, Stored> done = new HashMap<>();
        boolean committed = false;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                for (Map.Entry<UUID, List<Pending>> tenant : byTenant.entrySet()) {
                    RowSecurity.setForTransaction(connection, tenant.getKey().toString(), ""); // ends with the transaction
                    writeTenant(connection, tenant.getKey(), tenant.getValue(), done);
                }
                connection.commit();
                committed = true;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                done.clear();
                LOG.log(isRace(e) ? Level.INFO : Level.WARNING, "A group commit of " + batch.size() + " sends was rolled back; "
                        + "they are answered one by one", e);
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            if (committed) { // the batch stands; only handing the connection back to the pool failed
                LOG.log(Level.WARNING, "Handing a connection back after a group commit failed", e);
            } else {
                done.clear();
                LOG.log(Level.WARNING, "Group commit could not use the database; its sends are answered one by one", e);
            }
        }
        batches.incrementAndGet();
        stored.addAndGet(done.size());
        passedOn.addAndGet(batch.size() - done.size());
        for (Pending p : batch) {
            p.result().complete(Optional.ofNullable(done.get(p)));
        }
    }

    /** A unique violation (a client id stored meanwhile by another path) or a deadlock: expected now and then. */
    private static boolean isRace(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql && ("23505".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** One tenant's sends of a batch, in the batch's transaction and the tenant's scope. */
    private void writeTenant(Connection connection, UUID tenantId, List<Pending> sends, Map<Pending, Stored> done) throws SQLException {
        List<Pending> accepted = allowed(connection, tenantId, sends);
        if (accepted.isEmpty()) {
            return;
        }
        // Sequence numbers: each conversation's count at once, in arrival order within the conversation.
        Map<UUID, Integer> counts = new LinkedHashMap<>();
        accepted.forEach(p -> counts.merge(p.conversationId(), 1, Integer::sum));
        Map<UUID, Long> lastSeq = reserve(connection, tenantId, counts);
        Map<UUID, Long> next = new HashMap<>();
        counts.forEach((conversation, n) -> next.put(conversation, lastSeq.get(conversation) - n + 1));

        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        List<Message> messages = new ArrayList<>(accepted.size());
        List<String> payloads = new ArrayList<>(accepted.size());
        List<MessageView> views = new ArrayList<>(accepted.size());
        List<String> jsons = new ArrayList<>(accepted.size());
        for (Pending p : accepted) {
            long seq = next.merge(p.conversationId(), 1L, Long::sum) - 1;
            Message m = new Message(TimeOrderedIds.next(), tenantId, p.conversationId(), seq, p.caller().principalId(), p.clientId(), p.text(), now,
                    Message.USER, null, null);
            MessageView view = MessageService.view(m, p.caller().userExternalId(), List.of(), List.of(), List.of(), null);
            String json = MessageJson.of(view);
            messages.add(m);
            views.add(view);
            jsons.add(json);
            payloads.add(MessageJson.payload(view, json));
        }
        Map<List<UUID>, Recipients> recipients = insert(connection, tenantId, accepted, messages, payloads, now);
        for (int i = 0; i < accepted.size(); i++) {
            Pending p = accepted.get(i);
            Recipients r = recipients.getOrDefault(List.of(p.conversationId(), p.caller().principalId()), Recipients.NONE);
            done.put(p, new Stored(views.get(i), jsons.get(i), payloads.get(i), p.caller().userExternalId(), now.toInstant(),
                    List.copyOf(r.members()), Set.copyOf(r.blockers())));
        }
    }

    /**
     * The sends that may be stored as new plain messages: the sender is a member, not banned, not blocked either way in
     * a direct conversation, the conversation exists in the tenant and is not archived, and the client id is new (also
     * within the batch). One query for all; the rest are passed on.
     */
    private List<Pending> allowed(Connection connection, UUID tenantId, List<Pending> sends) throws SQLException {
        boolean[] ok = new boolean[sends.size()];
        // Each check is a lateral probe of one index per send (LIMIT 1 keeps it a per-row lookup): as EXISTS subqueries
        // PostgreSQL hashed the membership check over a sequential scan of every tenant's members, evaluating the
        // row-level security filter on each row (26 ms at 24,000 members, growing with the platform). The conversation
        // is found by its id and its tenant compared in the result: as a join condition the tenant let PostgreSQL read
        // all the tenant's conversations through a tenant_id index whenever its statistics did not know the tenant yet
        // (V19); the other probes go by the conversation's or the sender's id for the same reason, row-level security
        // scoping every row.
        try (PreparedStatement ps = connection.prepareStatement("select i.ord, c.tenant_id is not distinct from t.id and c.archived_at is null "
                + "and member.ok is not null and ban.ok is null and block.ok is null and retry.ok is null "
                + "from unnest(?::uuid[], ?::uuid[], ?::text[]) with ordinality as i(conversation, sender, client, ord) "
                + "cross join (select ?::uuid as id) t "
                + "left join conversation c on c.id = i.conversation "
                + "left join lateral (select true as ok from conversation_member m where m.conversation_id = i.conversation "
                + "and m.user_id = i.sender and m.tenant_id = t.id limit 1) member on true "
                + "left join lateral (select true as ok from conversation_ban b where b.conversation_id = i.conversation "
                + "and b.user_id = i.sender and b.tenant_id = t.id and (b.expires_at is null or b.expires_at > now()) limit 1) ban on true "
                + "left join lateral (select true as ok from conversation_member o join user_block k on k.tenant_id = o.tenant_id "
                + "and ((k.blocker_id = i.sender and k.blocked_id = o.user_id) or (k.blocker_id = o.user_id and k.blocked_id = i.sender)) "
                + "where c.type = 'direct' and o.conversation_id = i.conversation and o.user_id <> i.sender limit 1) block on true "
                + "left join lateral (select true as ok from message x where x.sender_id = i.sender "
                + "and x.client_id = i.client limit 1) retry on true")) {
            ps.setArray(1, uuids(connection, sends.stream().map(Pending::conversationId).toList()));
            ps.setArray(2, uuids(connection, sends.stream().map(p -> p.caller().principalId()).toList()));
            ps.setArray(3, connection.createArrayOf("text", sends.stream().map(Pending::clientId).toArray()));
            ps.setObject(4, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ok[rs.getInt(1) - 1] = rs.getBoolean(2);
                }
            }
        }
        List<Pending> accepted = new ArrayList<>();
        Set<List<Object>> clientIds = new HashSet<>();
        for (int i = 0; i < sends.size(); i++) {
            Pending p = sends.get(i);
            // a second send of one client id in the batch: answered after the commit, as the retry it is
            if (ok[i] && clientIds.add(List.of(p.caller().principalId(), p.clientId()))) {
                accepted.add(p);
            }
        }
        return accepted;
    }

    /**
     * Takes {@code counts} sequence numbers of each conversation (last_seq, last activity and last message time, as
     * EventLog.reserve does for one), locking the rows in id order until commit; returns each conversation's new last_seq.
     */
    private static Map<UUID, Long> reserve(Connection connection, UUID tenantId, Map<UUID, Integer> counts) throws SQLException {
        Map<UUID, Long> last = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("with n as (select * from unnest(?::uuid[], ?::int[]) as n(id, k)), "
                // locked by primary key (allowed() checked that they are the tenant's; row-level security scopes the rows);
                // "no key update", as an update takes: it orders sequence numbers like any writer of the conversation but
                // does not wait for transactions that only hold a key-share lock on it (inserting a row that references
                // the conversation), which would stall a writer, and every send behind it, for their duration
                + "locked as (select c.id from conversation c join n on n.id = c.id order by c.id for no key update of c) "
                + "update conversation c set last_seq = c.last_seq + n.k, last_activity_at = now(), last_message_at = now() "
                + "from n where c.id = n.id and c.tenant_id = ? and c.id in (select id from locked) returning c.id, c.last_seq")) {
            ps.setArray(1, uuids(connection, List.copyOf(counts.keySet())));
            ps.setArray(2, connection.createArrayOf("int4", counts.values().toArray()));
            ps.setObject(3, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    last.put(uuid(rs.getObject(1)), rs.getLong(2));
                }
            }
        }
        if (!last.keySet().equals(counts.keySet())) {
            throw new IllegalStateException("A conversation of the batch disappeared before its sequence numbers were taken");
        }
        return last;
    }

    private record Recipients(List<UUID> members, Set<UUID> blockers) {
        static final Recipients NONE = new Recipients(List.of(), Set.of());
    }

    /**
     * The messages and their {@code message.created} events (search.SearchFeed indexes them, ADR 0015), and the members
     * of each (conversation, sender) with which of them have blocked the sender (ADR 0011), in one statement: its
     * snapshot is taken after {@link #reserve} locked the conversations, so it sees every membership change committed
     * before the lock and none can commit before this transaction does. A client id taken meanwhile (a send of the
     * one-message path that committed after the check) inserts nothing for that row: the whole batch then rolls back and
     * is answered one by one.
     */
    private static Map<List<UUID>, Recipients> insert(Connection connection, UUID tenantId, List<Pending> sends, List<Message> messages,
                                                      List<String> payloads, OffsetDateTime now) throws SQLException {
        Set<List<UUID>> pairs = new java.util.LinkedHashSet<>();
        sends.forEach(p -> pairs.add(List.of(p.conversationId(), p.caller().principalId())));
        Map<List<UUID>, Recipients> result = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("with t as (select * from unnest(?::uuid[], ?::uuid[], ?::int8[], "
                + "?::uuid[], ?::text[], ?::text[], ?::text[]) as t(id, conversation_id, seq, sender_id, client_id, text, payload)), "
                + "m as (insert into message (id, tenant_id, conversation_id, seq, sender_id, client_id, text, version, created_at, "
                + "deleted, hard_deleted, kind, system_event_seq, parent_id, reply_count) "
                + "select id, ?, conversation_id, seq, sender_id, client_id, text, 1, ?, false, false, ?, null, null, 0 from t "
                + "on conflict (sender_id, client_id) do nothing returning 1), "
                + "e as (insert into conversation_event (conversation_id, seq, tenant_id, kind, actor_id, payload, created_at) "
                + "select conversation_id, seq, ?, ?, sender_id, cast(payload as jsonb), ? from t) "
                + "select (select count(*) from m), p.conversation, p.sender, r.user_id, exists (select 1 from user_block b "
                + "where b.tenant_id = r.tenant_id and b.blocker_id = r.user_id and b.blocked_id = p.sender), r.tenant_id "
                + "from unnest(?::uuid[], ?::uuid[]) as p(conversation, sender) "
                // members by conversation id (primary key): the conversations were checked to be the tenant's, and a
                // tenant condition here let PostgreSQL read all the tenant's members whenever its statistics thought the
                // tenant small; row-level security still filters every row by the scope set for this batch
                + "cross join lateral (select x.user_id, x.tenant_id from conversation_member x where x.conversation_id = p.conversation) r")) {
            int i = 1;
            ps.setArray(i++, uuids(connection, messages.stream().map(Message::id).toList()));
            ps.setArray(i++, uuids(connection, messages.stream().map(Message::conversationId).toList()));
            ps.setArray(i++, connection.createArrayOf("int8", messages.stream().map(Message::seq).toArray()));
            ps.setArray(i++, uuids(connection, messages.stream().map(Message::senderId).toList()));
            ps.setArray(i++, connection.createArrayOf("text", messages.stream().map(Message::clientId).toArray()));
            ps.setArray(i++, connection.createArrayOf("text", messages.stream().map(Message::text).toArray()));
            ps.setArray(i++, connection.createArrayOf("text", payloads.toArray()));
            ps.setObject(i++, tenantId);
            ps.setObject(i++, now);
            ps.setString(i++, Message.USER);
            ps.setObject(i++, tenantId);
            ps.setString(i++, EventKind.MESSAGE_CREATED.wire());
            ps.setObject(i++, now);
            ps.setArray(i++, uuids(connection, pairs.stream().map(p -> p.get(0)).toList()));
            ps.setArray(i, uuids(connection, pairs.stream().map(p -> p.get(1)).toList()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getLong(1) != messages.size()) {
                        throw new SQLException("A client id of the batch was taken meanwhile", "23505");
                    }
                    if (!tenantId.equals(uuid(rs.getObject(6)))) {
                        throw new SQLException("A member row of another tenant in tenant " + tenantId + "'s batch");
                    }
                    Recipients r = result.computeIfAbsent(List.of(uuid(rs.getObject(2)), uuid(rs.getObject(3))),
                            k -> new Recipients(new ArrayList<>(), new HashSet<>()));
                    UUID member = uuid(rs.getObject(4));
                    r.members().add(member);
                    if (rs.getBoolean(5)) {
                        r.blockers().add(member);
                    }
                }
            }
        }
        if (result.isEmpty()) {
            // every sender is a member (checked), so there are rows; none means the statement saw no member at all
            throw new SQLException("No members read for tenant " + tenantId + "'s batch");
        }
        return result;
    }

    private static Array uuids(Connection connection, List<UUID> ids) throws SQLException {
        return connection.createArrayOf("uuid", ids.toArray());
    }
}
