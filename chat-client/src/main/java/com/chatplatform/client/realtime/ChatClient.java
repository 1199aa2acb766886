package com.chatplatform.client.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The end-user client of the realtime API (docs/protocol.md): one WebSocket per client, with
 * <ul>
 * <li><b>sends that never duplicate</b>: {@link #send} picks a {@code clientId} once and retries with it (over a new
 * connection if needed) until the server acknowledges; the server answers a repeated clientId with the original
 * message;</li>
 * <li><b>events exactly once and in order</b>: conversation events (messages, edits, reactions, membership, read)
 * are handed to the {@link #onEvent event listeners} strictly in {@code seq} order per conversation, each once. A
 * pushed event that is already handed over is dropped, one after a gap makes the client fetch
 * {@code GET /conversations/{id}/events?after=} first;</li>
 * <li><b>automatic reconnection</b> with exponential backoff (and jitter) when the connection drops, after which the
 * client syncs every conversation from its {@link CursorStore} position ({@code GET /sync}, then {@code events?after=}),
 * so nothing sent while it was away is missed.</li>
 * </ul>
 * Every frame received (ready, ack, error, receipt, presence, typing, event; no message frames: the client speaks
 * protocol version 3, where a new message is its message.created event, and the ack of a message this connection sent
 * stands for that event: the client hands the event it stands for to the event listeners) also goes to the
 * {@link #onFrame frame listeners}, as received. Listeners run on the client's one event thread, in order.
 * Authentication failures (close codes 4401, 4403) and an unsupported protocol version (4406) stop reconnecting.
 */
public final class ChatClient implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ChatClient.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The protocol version this SDK speaks (asked for with ?v= on the WebSocket URL): 3, new messages as events only, and
     * a send's ack instead of its own message.created event.
     */
    public static final int PROTOCOL_VERSION = 3;
    private static final Set<Integer> FINAL_CLOSE_CODES = Set.of(4401, 4403, 4406);

    private final URI apiBase;
    private final String token;
    private final CursorStore cursors;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration ackTimeout;
    private final int maxSendAttempts;
    /** HTTP/1.1: asking for an h2c upgrade on plain HTTP makes the server keep the connection's memory (ADR 0018). */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final List<Consumer<JsonNode>> eventListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<JsonNode>> frameListeners = new CopyOnWriteArrayList<>();
    /** The one thread that handles frames, syncs and listeners: events are applied in one order. */
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chat-client");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private volatile ChatSocket socket;
    private volatile CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    private volatile boolean wanted;
    private volatile boolean stopped;
    private volatile int attempt;

    private ChatClient(Builder b) {
        String base = b.apiBase.toString();
        this.apiBase = URI.create(base.endsWith("/") ? base : base + "/");
        this.token = b.token;
        this.cursors = b.cursors;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.ackTimeout = b.ackTimeout;
        this.maxSendAttempts = b.maxSendAttempts;
    }

    /** @param apiBase the API root, e.g. http://localhost:8080/api/ ; @param token the user's token */
    public static Builder builder(URI apiBase, String token) {
        return new Builder(apiBase, token);
    }

    public static final class Builder {
        private final URI apiBase;
        private final String token;
        private CursorStore cursors = CursorStore.inMemory();
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration ackTimeout = Duration.ofSeconds(10);
        private int maxSendAttempts = 5;

        private Builder(URI apiBase, String token) {
            this.apiBase = Objects.requireNonNull(apiBase);
            this.token = Objects.requireNonNull(token);
        }

        public Builder cursorStore(CursorStore store) {
            this.cursors = Objects.requireNonNull(store);
            return this;
        }

        /** Reconnect delays: initial, doubling up to max, each with up to 50 % random reduction. */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /** How long a send waits for its ack before retrying with the same clientId. */
        public Builder ackTimeout(Duration timeout) {
            this.ackTimeout = timeout;
            return this;
        }

        public Builder maxSendAttempts(int attempts) {
            this.maxSendAttempts = attempts;
            return this;
        }

        public ChatClient build() {
            return new ChatClient(this);
        }
    }

    /** Conversation events, in seq order per conversation, each exactly once (the {@code event} object of the frame). */
    public ChatClient onEvent(Consumer<JsonNode> listener) {
        eventListeners.add(listener);
        return this;
    }

    /** Every frame as received (the whole frame). */
    public ChatClient onFrame(Consumer<JsonNode> listener) {
        frameListeners.add(listener);
        return this;
    }

    public CursorStore cursors() {
        return cursors;
    }

    /**
     * Connects and waits for the server's ready frame and the first sync; returns the ready frame.
     * Reconnects by itself afterwards until {@link #disconnect} or {@link #close}.
     */
    public JsonNode connect() {
        if (stopped) {
            throw new IllegalStateException("closed");
        }
        wanted = true;
        attempt = 0;
        loop.execute(this::open); // the loop thread opens, so no frame is handled before the socket is recorded
        return awaitReady(Duration.ofSeconds(30));
    }

    /** Closes the connection and stays away (no reconnect) until {@link #connect} is called again. */
    public void disconnect() {
        wanted = false;
        ChatSocket s = socket;
        socket = null;
        ready = new CompletableFuture<>();
        if (s != null) {
            s.close();
        }
    }

    /** Drops the connection abruptly, as a lost network would; the client reconnects by itself (for tests and demos). */
    public void dropConnection() {
        ChatSocket s = socket;
        if (s != null) {
            s.abort();
        }
    }

    /** Whether a connection is open and ready. */
    public boolean isConnected() {
        return socket != null && ready.isDone() && !ready.isCompletedExceptionally();
    }

    /**
     * Sends a message and returns it as stored (with its seq), retrying with the same clientId over new connections
     * until acknowledged (never a duplicate). A refusal (e.g. conversation.not_member) throws with its code;
     * rate.limited waits the time the server asks and tries again.
     */
    public JsonNode send(String conversationId, String text) {
        String clientId = "sdk-" + UUID.randomUUID();
        ObjectNode frame = JSON.createObjectNode().put("type", "send").put("clientId", clientId)
                .put("conversationId", conversationId).put("text", text);
        return request(clientId, frame).path("message");
    }

    /** Moves the caller's delivered position; answers the ack ({@code changed}, {@code receipt}). */
    public JsonNode delivered(String conversationId, long seq) {
        String ref = "d-" + UUID.randomUUID();
        return request(ref, JSON.createObjectNode().put("type", "delivered").put("ref", ref)
                .put("conversationId", conversationId).put("seq", seq));
    }

    /** Moves the caller's read position; answers the ack. */
    public JsonNode read(String conversationId, long seq) {
        String ref = "r-" + UUID.randomUUID();
        return request(ref, JSON.createObjectNode().put("type", "read").put("ref", ref)
                .put("conversationId", conversationId).put("seq", seq));
    }

    /** Says the user is typing (no answer when accepted; an error frame, to the frame listeners, when refused). */
    public void typing(String conversationId) {
        sendRaw(JSON.createObjectNode().put("type", "typing").put("conversationId", conversationId));
    }

    /** Sends one frame as is over the current connection (fails when not connected). */
    public void sendRaw(JsonNode frame) {
        ChatSocket s = socket;
        if (s == null) {
            throw new ChatClientException("not.connected", "The client is not connected.");
        }
        s.send(frame.toString());
    }

    /** Sends a frame that is answered by an ack or error with the same ref (clientId), retrying until answered. */
    private JsonNode request(String ref, ObjectNode frame) {
        ChatClientException last = null;
        for (int i = 1; i <= maxSendAttempts; i++) {
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            pending.put(ref, answer);
            try {
                awaitReady(ackTimeout.multipliedBy(3));
                sendRaw(frame);
                JsonNode reply = answer.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
                if ("ack".equals(reply.path("type").asText())) {
                    return reply;
                }
                String code = reply.path("code").asText();
                if ("rate.limited".equals(code)) {
                    last = new ChatClientException(code, reply.path("message").asText());
                    Thread.sleep(Math.max(10, reply.path("retryAfterMs").asLong(100)));
                    continue;
                }
                throw new ChatClientException(code, reply.path("message").asText());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChatClientException("interrupted", e);
            } catch (TimeoutException | ExecutionException | RuntimeException e) {
                if (e instanceof ChatClientException c && c.code() != null && !"not.connected".equals(c.code())) {
                    throw c;
                }
                last = new ChatClientException("No answer to " + ref + " (attempt " + i + ")", e);
                LOG.log(Level.FINE, "Retrying " + ref, e);
            } finally {
                pending.remove(ref, answer);
            }
        }
        throw last != null ? last : new ChatClientException("gave up", (Throwable) null);
    }

    private JsonNode awaitReady(Duration timeout) {
        try {
            return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatClientException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof ChatClientException c ? c : new ChatClientException("Could not connect", cause);
        } catch (TimeoutException e) {
            throw new ChatClientException("not.connected", "Not connected within " + timeout);
        }
    }

    // ------------------------------------------------------------------ connection

    private void open() {
        if (!wanted || stopped) {
            return;
        }
        CompletableFuture<JsonNode> myReady = ready.isDone() ? new CompletableFuture<>() : ready;
        ready = myReady;
        URI ws = URI.create(apiBase.toString().replaceFirst("^http", "ws") + "v1/ws?v=" + PROTOCOL_VERSION);
        ChatSocket s;
        try {
            ChatSocket[] holder = new ChatSocket[1];
            s = ChatSocket.connect(ws, token, text -> loop.execute(() -> handle(holder[0], text)));
            holder[0] = s;
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Connecting failed", e);
            scheduleReconnect();
            return;
        }
        socket = s;
        ChatSocket opened = s;
        s.closed().whenComplete((code, error) -> loop.execute(() -> closed(opened, code)));
    }

    private void closed(ChatSocket s, Integer code) {
        if (socket != s) {
            return; // an older connection
        }
        socket = null;
        if (code != null && FINAL_CLOSE_CODES.contains(code)) {
            wanted = false;
            String reason = s.closeReason().getNow("");
            ready.completeExceptionally(new ChatClientException(reason == null || reason.isEmpty() ? "closed." + code : reason,
                    "The server closed the connection with " + code + "."));
            return;
        }
        if (ready.isDone()) {
            ready = new CompletableFuture<>();
        }
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (!wanted || stopped) {
            return;
        }
        int n = Math.min(attempt++, 16);
        long max = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() * (1L << n));
        long delay = max / 2 + ThreadLocalRandom.current().nextLong(max / 2 + 1);
        loop.schedule(this::open, delay, TimeUnit.MILLISECONDS);
    }

    // ------------------------------------------------------------------ frames and sync (on the loop thread)

    private void handle(ChatSocket from, String text) {
        JsonNode frame;
        try {
            frame = JSON.readTree(text);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Unreadable frame", e);
            return;
        }
        for (Consumer<JsonNode> l : frameListeners) {
            safely(l, frame);
        }
        switch (frame.path("type").asText()) {
            case "ready" -> {
                if (from != socket) {
                    return;
                }
                try {
                    syncAll();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Sync after connecting failed; dropping the connection to try again", e);
                    from.abort();
                    return;
                }
                attempt = 0;
                ready.complete(frame);
            }
            case "event" -> applyPushed(frame.path("event"));
            case "ack" -> {
                if (frame.hasNonNull("clientId") && frame.path("message").isObject()) {
                    applyPushed(createdEvent(frame.get("message"))); // protocol 3: the ack stands for the message's event
                }
                answer(frame.hasNonNull("clientId") ? frame.get("clientId").asText() : frame.path("ref").asText(null), frame);
            }
            case "error" -> answer(frame.path("ref").asText(null), frame);
            default -> {
            }
        }
    }

    private void answer(String ref, JsonNode frame) {
        if (ref != null) {
            CompletableFuture<JsonNode> f = pending.get(ref);
            if (f != null) {
                f.complete(frame);
            }
        }
    }

    private void applyPushed(JsonNode event) {
        String conversationId = event.path("conversationId").asText();
        long seq = event.path("seq").asLong();
        long have = cursors.get(conversationId);
        if (seq <= have) {
            return; // already handed over (a repeat around a reconnect)
        }
        if (seq == have + 1) {
            handOver(conversationId, event);
            return;
        }
        try {
            syncConversation(conversationId); // a gap: fetch what is missing first (it includes this event)
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Catching up " + conversationId + " failed; it is retried on the next event or reconnect", e);
        }
    }

    /**
     * The {@code message.created} event a send's ack stands for (docs/protocol.md, version 3): the event of the
     * message's {@code seq}, by its sender, carrying the message.
     */
    static JsonNode createdEvent(JsonNode message) {
        ObjectNode event = JSON.createObjectNode();
        event.put("conversationId", message.path("conversationId").asText());
        event.put("seq", message.path("seq").asLong());
        event.put("kind", "message.created");
        if (message.hasNonNull("senderId")) {
            event.put("actorId", message.get("senderId").asText());
        }
        event.put("createdAt", message.path("createdAt").asText());
        event.putObject("data").put("messageId", message.path("id").asText()).set("message", message);
        return event;
    }

    /** Every conversation of GET /sync whose lastSeq is above the cursor, caught up from its cursor. */
    private void syncAll() {
        String cursor = null;
        do {
            JsonNode page = get("v1/sync?limit=500" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            for (JsonNode entry : page.path("items")) {
                String id = entry.path("conversationId").asText();
                if (entry.path("lastSeq").asLong() > cursors.get(id)) {
                    syncConversation(id);
                }
            }
            cursor = page.path("hasMore").asBoolean() ? page.path("nextCursor").asText(null) : null;
        } while (cursor != null);
    }

    private void syncConversation(String conversationId) {
        long after = cursors.get(conversationId);
        while (true) {
            JsonNode page = get("v1/conversations/" + conversationId + "/events?limit=100&after=" + after);
            if (page == null) {
                return; // no longer a member
            }
            for (JsonNode event : page.path("items")) {
                if (event.path("seq").asLong() > cursors.get(conversationId)) {
                    handOver(conversationId, event);
                }
            }
            if (!page.path("hasMore").asBoolean()) {
                return;
            }
            after = page.path("nextAfter").asLong();
        }
    }

    private void handOver(String conversationId, JsonNode event) {
        for (Consumer<JsonNode> l : eventListeners) {
            safely(l, event);
        }
        cursors.put(conversationId, event.path("seq").asLong());
    }

    private static void safely(Consumer<JsonNode> listener, JsonNode value) {
        try {
            listener.accept(value);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A listener failed", e);
        }
    }

    /** GET on the API with the user's token: the JSON body, null on 404, an exception otherwise. */
    private JsonNode get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(apiBase.resolve(path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 404) {
                return null;
            }
            if (r.statusCode() != 200) {
                JsonNode body = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
                throw new ChatClientException(body.path("code").asText("http." + r.statusCode()), body.path("detail").asText(r.body()));
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatClientException("interrupted", e);
        }
    }

    @Override
    public void close() {
        stopped = true;
        disconnect();
        loop.shutdownNow();
    }
}
