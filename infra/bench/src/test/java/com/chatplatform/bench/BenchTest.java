package com.chatplatform.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generator's hand-written frames are the JSON Jackson would write. */
class BenchTest {

    @Test
    void aSendFrameIsTheJsonOfItsFields() throws Exception {
        String conversation = "0192f3a4-5b6c-7d8e-9f00-112233445566";
        String frame = Bench.sendFrame("m42", conversation, "bench message 42 about saturn");
        JsonNode parsed = new ObjectMapper().readTree(frame);
        assertEquals(new ObjectMapper().valueToTree(Map.of("type", "send", "clientId", "m42", "conversationId", conversation,
                "text", "bench message 42 about saturn")), parsed);
        assertEquals("m42", Bench.field(frame, "clientId"));
    }
}
