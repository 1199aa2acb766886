package com.chatplatform.api.realtime;

import static com.chatplatform.api.platform.JsonSupport.JSON;

import com.chatplatform.api.event.EventView;
import com.chatplatform.api.message.MessageJson;
import com.chatplatform.api.message.MessageView;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;

/** Server-to-client frames of protocol versions 1 to 3 (docs/protocol.md). */
public final class Frames {
    /** The protocol version this server speaks (the ready frame carries it; ?v= on the URL may ask for it). */
    public static final int PROTOCOL_VERSION = 3;
    /** The version of a connection that does not ask (?v=): 1, which also gets the {@code message} frames. */
    public static final int DEFAULT_VERSION = 1;
    /** The versions a client may ask for with ?v=. */
    public static final java.util.Set<Integer> SUPPORTED_VERSIONS = java.util.Set.of(1, 2, 3);
    private static final Jsonb JSONB = JsonbBuilder.create();

    private Frames() {
    }

    /** unreadTotal: as GET /unread's totalUnreadCount (muted conversations left out). */
    public record Ready(String type, int protocol, String userId, String sessionId, long unreadTotal) {
    }

    /** A member's delivered or read position moved (kind "delivered" or "read"). */
    public record Receipt(String type, java.util.UUID conversationId, String userId, String kind, long seq) {
    }

    /** The answer to a delivered frame. */
    public record ReceiptAck(String type, String ref, boolean changed, ReceiptService.Receipt receipt) {
    }

    /** A co-member went online (first socket) or offline (last socket closed; lastSeenAt set). */
    public record Presence(String type, String userId, String status, java.time.Instant lastSeenAt) {
    }

    /** Another member is typing in a conversation (never stored). */
    public record Typing(String type, java.util.UUID conversationId, String userId) {
    }

    public record Pong(String type, String ref) {
    }

    /** The answer to edit, delete, react and read: the recorded event, or null when nothing changed. */
    public record EventAck(String type, String ref, boolean changed, EventView event) {
    }

    /** retryAfterMs: only for rate.limited, how long to wait before sending again. */
    public record Error(String type, String code, String message, String ref, Long retryAfterMs) {
    }

    static String ready(int version, String userId, String sessionId, long unreadTotal) {
        return JSONB.toJson(new Ready("ready", version, userId, sessionId, unreadTotal));
    }

    static String receipt(java.util.UUID conversationId, String userId, String kind, long seq) {
        return JSONB.toJson(new Receipt("receipt", conversationId, userId, kind, seq));
    }

    static String receiptAck(String ref, ReceiptService.DeliveredChange change) {
        return JSONB.toJson(new ReceiptAck("ack", ref, change.changed(), change.receipt()));
    }

    public static String presence(String userId, boolean online, java.time.Instant lastSeenAt) {
        return JSONB.toJson(new Presence("presence", userId, online ? "online" : "offline", online ? null : lastSeenAt));
    }

    public static String typing(java.util.UUID conversationId, String userId) {
        return JSONB.toJson(new Typing("typing", conversationId, userId));
    }

    /** The ack of a send, written by hand like the message itself (the send path's frames skip JSON-B's reflection). */
    static String ack(String clientId, MessageView message) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject().write("type", "ack");
            if (clientId != null) {
                g.write("clientId", clientId);
            }
            g.writeKey("message");
            MessageJson.write(g, message);
            g.writeEnd();
        }
        return out.toString();
    }

    /** A pushed message, around its JSON as {@link MessageJson} rendered it once for all recipients. */
    static String message(String messageJson) {
        return "{\"type\":\"message\",\"message\":" + messageJson + "}";
    }

    static String eventAck(String ref, EventView event) {
        return JSONB.toJson(new EventAck("ack", ref, event != null, event));
    }

    /** A pushed event, written by hand (every change of a conversation is one; FramesTest compares it with JSON-B's). */
    public static String event(EventView event) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject().write("type", "event").writeStartObject("event")
                    .write("conversationId", event.conversationId().toString())
                    .write("seq", event.seq())
                    .write("kind", event.kind());
            if (event.actorId() != null) {
                g.write("actorId", event.actorId());
            }
            g.write("createdAt", event.createdAt().toString());
            if (event.data() != null) {
                g.write("data", event.data());
            }
            g.writeEnd().writeEnd();
        }
        return out.toString();
    }

    static String pong(String ref) {
        return JSONB.toJson(new Pong("pong", ref));
    }

    public static String error(ErrorCode code, String detail, String ref) {
        return JSONB.toJson(new Error("error", code.code(), detail, ref, null));
    }

    static String rateLimited(String detail, String ref, long retryAfterMs) {
        return JSONB.toJson(new Error("error", ErrorCode.RATE_LIMITED.code(), detail, ref, retryAfterMs));
    }
}
