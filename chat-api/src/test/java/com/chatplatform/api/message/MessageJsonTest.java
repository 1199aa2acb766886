package com.chatplatform.api.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.chatplatform.api.media.AttachmentView;
import com.chatplatform.api.platform.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The hand-written message JSON of the send path equals what JSON-B writes for the same view (REST uses JSON-B). */
class MessageJsonTest {
    private static final Jsonb JSONB = JsonbBuilder.create();

    @Test
    void aFullUserMessageMatchesJsonB() {
        MessageView m = new MessageView(UUID.randomUUID(), UUID.randomUUID(), 42, "alice", "c-1", "Hi \"Bob\" \u00e9\n\uD83D\uDE00",
                List.of(new AttachmentView(UUID.randomUUID(), "a.png", "image/png", 70, "ready", 10, 20, null, "clean"),
                        new AttachmentView(UUID.randomUUID(), "v.mp4", "video/mp4", 1_000_000_000_000L, "processing", null, null, 1500L, "scanning")),
                3, Instant.parse("2026-11-27T21:56:05.123456Z"), false, Instant.parse("2026-11-27T22:00:00Z"),
                List.of(new MessageView.Reaction("\uD83D\uDC4D", List.of("bob", "carol"))), List.of("bob"),
                false, "user", null, UUID.randomUUID(), 0, null);
        assertSameJson(m);
    }

    @Test
    void aSystemMessageAndAThreadRootMatchJsonB() {
        JsonObject system = JsonSupport.JSON.createObjectBuilder().add("event", "member.joined").add("eventSeq", 7)
                .add("data", JsonSupport.JSON.createObjectBuilder().add("userId", "bob").add("readSeq", 0)).build();
        assertSameJson(new MessageView(UUID.randomUUID(), UUID.randomUUID(), 8, null, "event:7", "A member joined.", List.of(), 1,
                Instant.parse("2026-11-27T21:56:05Z"), false, null, List.of(), List.of(), false, "system", system, null, 0, null));
        assertSameJson(new MessageView(UUID.randomUUID(), UUID.randomUUID(), 9, "bob", "c-9", "root", List.of(), 1,
                Instant.parse("2026-11-27T21:56:05.5Z"), false, null, List.of(), List.of(), false, "user", null, null, 3,
                Instant.parse("2026-11-28T01:02:03.000004Z")));
    }

    @Test
    void aViewForTheSendersBlockerMatchesJsonB() {
        assertSameJson(new MessageView(UUID.randomUUID(), UUID.randomUUID(), 6, "mallory", "c-6", "hi", List.of(), 1,
                Instant.parse("2026-11-27T21:56:05Z"), false, null, List.of(), List.of(), false, "user", null, null, 0, null).withSenderBlocked());
    }

    @Test
    void aHardDeletedTombstoneMatchesJsonB() {
        assertSameJson(new MessageView(UUID.randomUUID(), UUID.randomUUID(), 5, "bob", "c-5", "", List.of(), 4,
                Instant.parse("2026-11-27T21:56:05.1Z"), true, null, List.of(), List.of(), true, "user", null, null, 0, null));
    }

    @Test
    void thePayloadWrapsTheRenderedMessage() {
        MessageView m = new MessageView(UUID.randomUUID(), UUID.randomUUID(), 1, "a", "c", "t", List.of(), 1,
                Instant.parse("2026-11-27T21:56:05Z"), false, null, List.of(), List.of(), false, "user", null, null, 0, null);
        JsonObject payload = parse(MessageJson.payload(m, MessageJson.of(m)));
        assertEquals(m.id().toString(), payload.getString("messageId"));
        assertEquals(parse(JSONB.toJson(m)), payload.getJsonObject("message"));
    }

    private static void assertSameJson(MessageView m) {
        assertEquals(parse(JSONB.toJson(m)), parse(MessageJson.of(m)));
    }

    private static JsonObject parse(String json) {
        try (var reader = JsonSupport.JSON.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
