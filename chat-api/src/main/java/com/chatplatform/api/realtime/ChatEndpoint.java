package com.chatplatform.api.realtime;

import static com.chatplatform.api.platform.JsonSupport.JSON;

import com.chatplatform.api.conversation.ConversationService;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.message.MessageService;
import com.chatplatform.api.message.MessageView;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.presence.TypingService;
import com.chatplatform.api.platform.CallerContextHolder;
import com.chatplatform.api.platform.ErrorCode;
import com.chatplatform.api.platform.RateLimitedException;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The end-user WebSocket: ws(s)://host/api/v1/ws?token=USER_JWT. Only decodes frames, calls one
 * application service and encodes the answer. The handshake is the one place a socket gets its tenant.
 */
@ServerEndpoint("/v1/ws")
public class ChatEndpoint {
    private static final Logger LOG = Logger.getLogger(ChatEndpoint.class.getName());
    /** Frames larger than this are refused with frame.too_large; the container closes above MAX_BUFFER (1009). */
    static final int MAX_FRAME_CHARS = 64 * 1024;
    static final int MAX_BUFFER = 256 * 1024;
    static final CloseReason.CloseCode AUTH_FAILED = CloseReason.CloseCodes.getCloseCode(4401);
    static final CloseReason.CloseCode FORBIDDEN = CloseReason.CloseCodes.getCloseCode(4403);
    /** The client asked (?v=) for a protocol version this server does not speak. */
    static final CloseReason.CloseCode UNSUPPORTED_VERSION = CloseReason.CloseCodes.getCloseCode(4406);

    @Inject
    MessageService messages;
    @Inject
    ConversationService conversations;
    @Inject
    RealtimeHub hub;
    @Inject
    ReceiptService receipts;
    @Inject
    TypingService typing;
    @Inject
    SocketReads reads;

    @OnOpen
    public void open(Session session) throws IOException {
        session.setMaxTextMessageBufferSize(MAX_BUFFER);
        // Negative, not 0: the Tyrus in Payara re-arms an idle-timeout task on every frame sent or received unless the
        // timeout is below zero, and each re-arm goes through Payara's managed scheduler, whose context capture scans
        // the class path (a quarter of the server's CPU under load, and lock contention on the jar files). Both mean
        // "no idle timeout" (the default); dead connections are found by the clients' pings and TCP.
        session.setMaxIdleTimeout(-1);
        CallerContextHolder.enterSystem("ws-handshake"); // the credential check reads before a tenant is known
        try {
            handshake(session);
        } catch (IOException | RuntimeException e) {
            // Never leave a registered socket without its ready frame: unregister and close it (1011).
            LOG.log(Level.SEVERE, "WebSocket handshake failed", e);
            hub.unregister(session);
            RealtimeHub.close(session, Frames.error(ErrorCode.INTERNAL, ErrorCode.INTERNAL.title(), null),
                    new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, ErrorCode.INTERNAL.code()));
        } finally {
            CallerContextHolder.clear();
        }
    }

    private void handshake(Session session) throws IOException {
        List<String> asked = session.getRequestParameterMap().get("v");
        int version = asked == null || asked.isEmpty() ? Frames.DEFAULT_VERSION : supported(asked.get(0));
        if (version < 0) {
            session.getBasicRemote().sendText(Frames.error(ErrorCode.PROTOCOL_UNSUPPORTED_VERSION, "This server speaks protocol version(s) "
                    + new java.util.TreeSet<>(Frames.SUPPORTED_VERSIONS) + "; connect with ?v=" + Frames.PROTOCOL_VERSION + " or without v.", null));
            session.close(new CloseReason(UNSUPPORTED_VERSION, ErrorCode.PROTOCOL_UNSUPPORTED_VERSION.code()));
            return;
        }
        List<String> token = session.getRequestParameterMap().get("token");
        Caller caller;
        try {
            if (token == null || token.isEmpty() || token.get(0).isBlank()) {
                throw new ApiException(ErrorCode.AUTH_REQUIRED, "Connect with ?token=<user token>.");
            }
            caller = reads.verify(token.get(0));
            caller.requireUser();
        } catch (ApiException e) {
            session.getBasicRemote().sendText(Frames.error(e.code(), e.getMessage(), null));
            session.close(new CloseReason(e.code().status() == 401 ? AUTH_FAILED : FORBIDDEN, e.code().code()));
            return;
        }
        hub.register(caller, session, version);
        try {
            // A suspension that committed between the check above and the registration found no session to
            // close: check again now that the session is registered, so none stays open.
            reads.requireActive(caller.tenantId());
        } catch (ApiException e) {
            hub.unregister(session);
            session.getBasicRemote().sendText(Frames.error(e.code(), e.getMessage(), null));
            session.close(new CloseReason(FORBIDDEN, e.code().code()));
            return;
        }
        CallerContextHolder.enterTenant(caller.tenantId()); // the unread total is read in the user's tenant scope
        hub.ready(session, Frames.ready(version, caller.userExternalId(), session.getId(), reads.unreadTotal(caller)));
    }

    /** The version asked for, or -1 when this server does not speak it. */
    private static int supported(String version) {
        try {
            int v = Integer.parseInt(version.strip());
            return Frames.SUPPORTED_VERSIONS.contains(v) ? v : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @OnMessage
    public void frame(Session session, String text) {
        Caller caller = RealtimeHub.callerOf(session);
        if (caller == null) {
            return;
        }
        CallerContextHolder.enterTenant(caller.tenantId()); // row-level security scope of this frame
        String ref = null;
        try {
            if (text.length() > MAX_FRAME_CHARS) {
                throw new ApiException(ErrorCode.FRAME_TOO_LARGE, "Frames are limited to " + MAX_FRAME_CHARS + " characters.");
            }
            // Every frame counts against the plan's request rate; a refused frame is not processed.
            reads.checkRequest(caller);
            JsonObject frame = parse(text);
            String type = string(frame, "type");
            switch (type == null ? "" : type) {
                case "send" -> {
                    String clientId = string(frame, "clientId");
                    ref = clientId;
                    MessageView sent = RealtimeHub.sending(session, () -> messages.send(caller, uuid(frame, "conversationId"), clientId,
                            string(frame, "text"), uuids(frame, "attachmentIds"), strings(frame, "mentions"),
                            frame.containsKey("parentId") && !frame.isNull("parentId") ? uuid(frame, "parentId") : null));
                    RealtimeHub.send(session, Frames.ack(ref, sent));
                }
                case "edit" -> {
                    ref = string(frame, "ref");
                    RealtimeHub.send(session, Frames.eventAck(ref, messages.edit(caller, uuid(frame, "conversationId"),
                            uuid(frame, "messageId"), string(frame, "text"), strings(frame, "mentions"))));
                }
                case "delete" -> {
                    ref = string(frame, "ref");
                    RealtimeHub.send(session, Frames.eventAck(ref, messages.delete(caller, uuid(frame, "conversationId"),
                            uuid(frame, "messageId"))));
                }
                case "react" -> {
                    ref = string(frame, "ref");
                    String action = string(frame, "action");
                    if (action != null && !"add".equals(action) && !"remove".equals(action)) {
                        throw new ApiException(ErrorCode.REQUEST_INVALID, "\"action\" must be \"add\" or \"remove\".");
                    }
                    RealtimeHub.send(session, Frames.eventAck(ref, messages.react(caller, uuid(frame, "conversationId"),
                            uuid(frame, "messageId"), string(frame, "emoji"), !"remove".equals(action)).orElse(null)));
                }
                case "read" -> {
                    ref = string(frame, "ref");
                    RealtimeHub.send(session, Frames.eventAck(ref, conversations.markRead(caller, uuid(frame, "conversationId"),
                            number(frame, "seq")).orElse(null)));
                }
                case "delivered" -> {
                    ref = string(frame, "ref");
                    RealtimeHub.send(session, Frames.receiptAck(ref, receipts.markDelivered(caller, uuid(frame, "conversationId"),
                            number(frame, "seq"))));
                }
                case "typing" -> {
                    ref = string(frame, "ref");
                    typing.typing(caller, uuid(frame, "conversationId")); // no answer when accepted: typing is fire-and-forget
                }
                case "ping" -> RealtimeHub.send(session, Frames.pong(string(frame, "ref")));
                case "" -> throw new ApiException(ErrorCode.FRAME_MALFORMED, "A frame needs a string \"type\".");
                default -> throw new ApiException(ErrorCode.FRAME_UNKNOWN_TYPE, "Unknown frame type \"" + type + "\".");
            }
        } catch (RateLimitedException e) {
            RealtimeHub.send(session, Frames.rateLimited(e.getMessage(), ref != null ? ref : refOf(text), e.retryAfterMillis()));
        } catch (ApiException e) {
            RealtimeHub.send(session, Frames.error(e.code(), e.getMessage(), ref));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "WebSocket frame failed for tenant " + caller.tenantId(), e);
            RealtimeHub.send(session, Frames.error(ErrorCode.INTERNAL, ErrorCode.INTERNAL.title(), ref));
        } finally {
            CallerContextHolder.clear();
        }
    }

    @OnClose
    public void close(Session session) {
        hub.unregister(session);
    }

    @OnError
    public void error(Session session, Throwable failure) {
        LOG.log(failure instanceof IOException ? Level.FINE : Level.WARNING, "WebSocket error", failure);
        hub.unregister(session);
    }

    /** The clientId (send) or ref of a frame refused before it was read, if it has one. */
    private static String refOf(String text) {
        try {
            JsonObject frame = parse(text);
            String ref = string(frame, "send".equals(string(frame, "type")) ? "clientId" : "ref");
            return ref;
        } catch (ApiException e) {
            return null;
        }
    }

    private static JsonObject parse(String text) {
        try (var reader = JSON.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new ApiException(ErrorCode.FRAME_MALFORMED, "A frame is a JSON object.");
            }
            return value.asJsonObject();
        } catch (JsonException | IllegalStateException e) {
            throw new ApiException(ErrorCode.FRAME_MALFORMED, "The frame is not valid JSON.");
        }
    }

    private static String string(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw new ApiException(ErrorCode.REQUEST_INVALID, "\"" + name + "\" must be a string.");
    }

    private static UUID uuid(JsonObject o, String name) {
        String s = string(o, name);
        try {
            return UUID.fromString(s == null ? "" : s);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.REQUEST_INVALID, "\"" + name + "\" must be an id.");
        }
    }

    private static Long number(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v instanceof JsonNumber n && n.isIntegral()) {
            return n.longValue();
        }
        throw new ApiException(ErrorCode.REQUEST_INVALID, "\"" + name + "\" must be an integer.");
    }

    /** An optional array of strings ({@code null} when absent). */
    private static List<String> strings(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonArray array)) {
            throw new ApiException(ErrorCode.REQUEST_INVALID, "\"" + name + "\" must be an array of strings.");
        }
        List<String> values = new ArrayList<>();
        for (JsonValue item : array) {
            if (!(item instanceof JsonString str)) {
                throw new ApiException(ErrorCode.REQUEST_INVALID, "\"" + name + "\" must be an array of strings.");
            }
            values.add(str.getString());
        }
        return values;
    }

    private static List<UUID> uuids(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return List.of();
        }
        if (!(v instanceof JsonArray array)) {
            throw new ApiException(ErrorCode.REQUEST_INVALID, "\"" + name + "\" must be an array of ids.");
        }
        List<UUID> ids = new ArrayList<>();
        for (JsonValue item : array) {
            try {
                ids.add(UUID.fromString(((JsonString) item).getString()));
            } catch (ClassCastException | IllegalArgumentException e) {
                throw new ApiException(ErrorCode.REQUEST_INVALID, "\"" + name + "\" must be an array of ids.");
            }
        }
        return ids;
    }
}
