package com.chatplatform.api.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** Erasure replaces the user's id in event payloads where a field names a user, and leaves texts alone. */
class ErasureScrubTest {
    @Test
    void idFieldsAreReplacedTextsAreNot() {
        JsonObject payload = Json.createReader(new StringReader("{\"userId\":\"alice\",\"invitedBy\":\"bob\",\"members\":[{\"userId\":\"alice\","
                + "\"role\":\"owner\"}],\"message\":{\"senderId\":\"bob\",\"text\":\"alice\",\"reactions\":[{\"emoji\":\"x\",\"userIds\":[\"alice\",\"carol\"]}]}}"))
                .readObject();
        JsonObject scrubbed = ErasureWorker.scrub(payload, null, "alice").asJsonObject();
        assertEquals("~deleted", scrubbed.getString("userId"));
        assertEquals("bob", scrubbed.getString("invitedBy"));
        assertEquals("~deleted", scrubbed.getJsonArray("members").getJsonObject(0).getString("userId"));
        assertEquals("alice", scrubbed.getJsonObject("message").getString("text"));
        assertEquals("~deleted", scrubbed.getJsonObject("message").getJsonArray("reactions").getJsonObject(0).getJsonArray("userIds").getString(0));
        assertEquals("carol", scrubbed.getJsonObject("message").getJsonArray("reactions").getJsonObject(0).getJsonArray("userIds").getString(1));
    }

    @Test
    void actorFieldsNamingTheUserAreReplaced() {
        JsonObject payload = Json.createReader(new StringReader("{\"userId\":\"carol\",\"invitedBy\":\"alice\",\"removedBy\":\"alice\","
                + "\"bannedBy\":\"alice\",\"unbannedBy\":\"bob\",\"reason\":\"alice\"}")).readObject();
        JsonObject scrubbed = ErasureWorker.scrub(payload, null, "alice").asJsonObject();
        assertEquals("carol", scrubbed.getString("userId"));
        assertEquals("~deleted", scrubbed.getString("invitedBy"));
        assertEquals("~deleted", scrubbed.getString("removedBy"));
        assertEquals("~deleted", scrubbed.getString("bannedBy"));
        assertEquals("bob", scrubbed.getString("unbannedBy"));
        assertEquals("alice", scrubbed.getString("reason"), "free text is not an id field");
    }
}
