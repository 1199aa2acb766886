package com.chatplatform.api.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket protocol's documentation and its JSON Schemas agree: every example frame in docs/protocol.md validates
 * against the schema of its type (a type both sides send is a client frame in "## Client frames", a server frame elsewhere), every frame
 * type the server handles or sends has a schema and at least one documented example, and the schemas do refuse
 * wrong frames.
 */
class ProtocolSchemasTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Example(ProtocolSchemas.Direction direction, String heading, JsonNode frame) {
    }

    static List<Example> documentedExamples() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("..", "docs", "protocol.md"));
        List<Example> out = new ArrayList<>();
        ProtocolSchemas.Direction direction = ProtocolSchemas.Direction.SERVER;
        String heading = "";
        StringBuilder block = null;
        for (String line : lines) {
            if (block != null) {
                if (line.startsWith("```")) {
                    try (MappingIterator<JsonNode> values = JSON.readerFor(JsonNode.class).readValues(block.toString())) {
                        while (values.hasNext()) {
                            JsonNode value = values.next();
                            if (value.isObject() && value.has("type")) {
                                out.add(new Example(directionOf(value.path("type").asText(), direction), heading, value));
                            }
                        }
                    }
                    block = null;
                } else {
                    block.append(line).append('\n');
                }
            } else if (line.startsWith("```json")) {
                block = new StringBuilder();
            } else if (line.startsWith("## ")) {
                heading = line;
                direction = line.equals("## Client frames") ? ProtocolSchemas.Direction.CLIENT : ProtocolSchemas.Direction.SERVER;
            } else if (line.startsWith("### ")) {
                heading = line;
            }
        }
        return out;
    }

    /**
     * A type only the client sends is a client frame, one only the server sends a server frame; a type both send
     * ({@code typing}) is a client frame under "## Client frames" and a server frame elsewhere. A type with no schema
     * is taken as the section says (and then fails for want of a schema).
     */
    private static ProtocolSchemas.Direction directionOf(String type, ProtocolSchemas.Direction section) {
        boolean client = ProtocolSchemas.schemas(ProtocolSchemas.Direction.CLIENT).containsKey(type);
        boolean server = ProtocolSchemas.schemas(ProtocolSchemas.Direction.SERVER).containsKey(type);
        if (client && !server) {
            return ProtocolSchemas.Direction.CLIENT;
        }
        if (server && !client) {
            return ProtocolSchemas.Direction.SERVER;
        }
        return section;
    }

    @Test
    void everyDocumentedExampleValidatesAgainstItsSchema() throws Exception {
        List<Example> examples = documentedExamples();
        assertTrue(examples.size() >= 20, "only " + examples.size() + " example frames found in docs/protocol.md: is the parser broken?");
        List<String> problems = new ArrayList<>();
        for (Example e : examples) {
            for (String p : ProtocolSchemas.problems(e.direction(), e.frame().toString())) {
                problems.add(e.heading() + ": " + p + "\n    " + e.frame());
            }
        }
        assertTrue(problems.isEmpty(), () -> "documented frames that do not match their schema:\n" + String.join("\n", problems));
    }

    @Test
    void everyFrameTypeHasASchemaAndADocumentedExample() throws Exception {
        // Client frames: the cases ChatEndpoint handles.
        String endpoint = Files.readString(Path.of("src/main/java/com/chatplatform/api/realtime/ChatEndpoint.java"));
        Set<String> clientTypes = new TreeSet<>();
        Matcher cases = Pattern.compile("case \"([a-z_.]+)\" ->").matcher(endpoint);
        while (cases.find()) {
            clientTypes.add(cases.group(1));
        }
        assertTrue(clientTypes.containsAll(List.of("send", "delivered", "typing")), clientTypes::toString);
        assertEquals(clientTypes, ProtocolSchemas.schemas(ProtocolSchemas.Direction.CLIENT).keySet(),
                "client frame types handled by ChatEndpoint and schemas in docs/protocol/schemas/client must match");

        // Server frames: every frame Frames builds: records (new X("type", ...)), frames written with a JSON generator
        // (.write("type", "...")) and frames composed around pre-rendered JSON ("{\"type\":\"...\"").
        String frames = Files.readString(Path.of("src/main/java/com/chatplatform/api/realtime/Frames.java"));
        Set<String> serverTypes = new TreeSet<>();
        Matcher built = Pattern.compile("new [A-Z][A-Za-z]*\\(\"([a-z_]+)\"|write\\(\"type\", \"([a-z_]+)\"\\)"
                + "|\\{\\\\\"type\\\\\":\\\\\"([a-z_]+)\\\\\"").matcher(frames);
        while (built.find()) {
            for (int group = 1; group <= 3; group++) {
                if (built.group(group) != null) {
                    serverTypes.add(built.group(group));
                }
            }
        }
        assertTrue(serverTypes.containsAll(List.of("ready", "ack", "error", "receipt", "presence", "typing")), serverTypes::toString);
        assertEquals(serverTypes, ProtocolSchemas.schemas(ProtocolSchemas.Direction.SERVER).keySet(),
                "server frame types built by Frames and schemas in docs/protocol/schemas/server must match");

        // Every schema has at least one example in docs/protocol.md.
        Set<String> documentedClient = new TreeSet<>();
        Set<String> documentedServer = new TreeSet<>();
        for (Example e : documentedExamples()) {
            (e.direction() == ProtocolSchemas.Direction.CLIENT ? documentedClient : documentedServer).add(e.frame().path("type").asText());
        }
        assertEquals(clientTypes, documentedClient, "client frame types with an example in docs/protocol.md");
        assertEquals(serverTypes, documentedServer, "server frame types with an example in docs/protocol.md");
    }

    @Test
    void theSchemasRefuseWrongFrames() {
        String conversation = "0b6c4e52-6f4e-4a1d-9a43-2f1d7c9e5a10";
        List<String> wrongClient = List.of(
                "{\"type\":\"typing\"}",
                "{\"type\":\"delivered\",\"conversationId\":\"" + conversation + "\",\"seq\":-1}",
                "{\"type\":\"delivered\",\"conversationId\":\"not-an-id\",\"seq\":1}",
                "{\"type\":\"send\",\"clientId\":\"has spaces\",\"conversationId\":\"" + conversation + "\",\"text\":\"x\"}",
                "{\"type\":\"react\",\"conversationId\":\"" + conversation + "\",\"messageId\":\"" + conversation + "\",\"emoji\":\"x\",\"action\":\"toggle\"}",
                "{\"type\":\"ping\",\"extra\":1}",
                "{\"type\":\"teleport\"}");
        for (String frame : wrongClient) {
            assertFalse(ProtocolSchemas.problems(ProtocolSchemas.Direction.CLIENT, frame).isEmpty(), () -> "accepted: " + frame);
        }
        List<String> wrongServer = List.of(
                "{\"type\":\"ready\",\"protocol\":1,\"userId\":\"a\",\"sessionId\":\"s\"}",
                "{\"type\":\"presence\",\"userId\":\"a\",\"status\":\"offline\"}",
                "{\"type\":\"presence\",\"userId\":\"a\",\"status\":\"away\"}",
                "{\"type\":\"receipt\",\"conversationId\":\"" + conversation + "\",\"userId\":\"a\",\"kind\":\"seen\",\"seq\":1}",
                "{\"type\":\"ack\",\"ref\":\"r\"}",
                "{\"type\":\"error\",\"message\":\"no code\"}");
        for (String frame : wrongServer) {
            assertFalse(ProtocolSchemas.problems(ProtocolSchemas.Direction.SERVER, frame).isEmpty(), () -> "accepted: " + frame);
        }
        // The send frame admits the optional parentId (threads) and still validates without it.
        assertEquals(List.of(), ProtocolSchemas.problems(ProtocolSchemas.Direction.CLIENT, "{\"type\":\"send\",\"clientId\":\"c-1\",\"conversationId\":\""
                + conversation + "\",\"text\":\"x\",\"parentId\":\"" + conversation + "\"}"));
    }
}
