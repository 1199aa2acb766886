package com.chatplatform.api.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.chatplatform.api.event.EventView;
import com.chatplatform.api.message.MessageJson;
import com.chatplatform.api.message.MessageView;
import com.chatplatform.api.platform.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The frames of the send path, written by hand, carry what JSON-B writes for the same records. */
public class FramesTest {
    private static final Jsonb JSONB = JsonbBuilder.create();

    public record Ack(String type, String clientId, MessageView message) {
    }

    public record Pushed(String type, MessageView message) {
    }

    public record PushedEvent(String type, EventView event) {
    }

    private final MessageView message = new MessageView(UUID.randomUUID(), UUID.randomUUID(), 3, "alice", "c-3", "hello \"you\"",
            List.of(), 1, Instant.parse("2026-11-27T21:56:05.123Z"), false, null, List.of(), List.of("bob"), false, "user", null,
            null, 0, null);

    @Test
    void ackAndMessageFramesMatchJsonB() {
        assertEquals(parse(JSONB.toJson(new Ack("ack", "c-3", message))), parse(Frames.ack("c-3", message)));
        assertEquals(parse(JSONB.toJson(new Ack("ack", null, message))), parse(Frames.ack(null, message)));
        assertEquals(parse(JSONB.toJson(new Pushed("message", message))), parse(Frames.message(MessageJson.of(message))));
    }

    @Test
    void eventFramesMatchJsonB() {
        JsonObject data = parse(MessageJson.payload(message, MessageJson.of(message)));
        EventView withActor = new EventView(message.conversationId(), 3, "message.created", "alice", Instant.parse("2026-11-27T21:56:05.123Z"), data);
        assertEquals(parse(JSONB.toJson(new PushedEvent("event", withActor))), parse(Frames.event(withActor)));
        EventView bySystem = new EventView(message.conversationId(), 4, "member.removed", null, Instant.parse("2026-11-27T21:56:06Z"),
                JsonSupport.JSON.createObjectBuilder().add("userId", "bob").build());
        assertEquals(parse(JSONB.toJson(new PushedEvent("event", bySystem))), parse(Frames.event(bySystem)));
    }

    private static JsonObject parse(String json) {
        try (var reader = JsonSupport.JSON.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
