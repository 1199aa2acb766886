package com.chatplatform.api.realtime;

import com.chatplatform.api.event.EventView;
import com.chatplatform.api.message.MessageView;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/** Server-to-client frames of protocol version 1 (docs/protocol.md). */
public final class Frames {
    static final int PROTOCOL_VERSION = 1;
    private static final Jsonb JSONB = JsonbBuilder.create();

    private Frames() {
    }

    public record Ready(String type, int protocol, String userId, String sessionId) {
    }

    public record Ack(String type, String clientId, MessageView message) {
    }

    public record Pushed(String type, MessageView message) {
    }

    public record Pong(String type, String ref) {
    }

    /** The answer to edit, delete, react and read: the recorded event, or null when nothing changed. */
    public record EventAck(String type, String ref, boolean changed, EventView event) {
    }

    public record PushedEvent(String type, EventView event) {
    }

    /** retryAfterMs: only for rate.limited, how long to wait before sending again. */
    public record Error(String type, String code, String message, String ref, Long retryAfterMs) {
    }

    static String ready(String userId, String sessionId) {
        return JSONB.toJson(new Ready("ready", PROTOCOL_VERSION, userId, sessionId));
    }

    static String ack(String clientId, MessageView message) {
        return JSONB.toJson(new Ack("ack", clientId, message));
    }

    static String message(MessageView message) {
        return JSONB.toJson(new Pushed("message", message));
    }

    static String eventAck(String ref, EventView event) {
        return JSONB.toJson(new EventAck("ack", ref, event != null, event));
    }

    static String event(EventView event) {
        return JSONB.toJson(new PushedEvent("event", event));
    }

    static String pong(String ref) {
        return JSONB.toJson(new Pong("pong", ref));
    }

    static String error(ErrorCode code, String detail, String ref) {
        return JSONB.toJson(new Error("error", code.code(), detail, ref, null));
    }

    static String rateLimited(String detail, String ref, long retryAfterMs) {
        return JSONB.toJson(new Error("error", ErrorCode.RATE_LIMITED.code(), detail, ref, retryAfterMs));
    }
}
