package com.chatplatform.api.realtime;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The JSON Schemas (draft 2020-12) of the WebSocket protocol's frames, docs/protocol/schemas/{client,server}/TYPE.json,
 * loaded once; used by ProtocolSchemasTest (the documented examples) and RealtimeIT (frames from a real server).
 */
public final class ProtocolSchemas {
    public enum Direction { CLIENT, SERVER }

    public static final Path DIR = Path.of("..", "docs", "protocol", "schemas");
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> CLIENT = load("client");
    private static final Map<String, Schema> SERVER = load("server");

    private ProtocolSchemas() {
    }

    public static Map<String, Schema> schemas(Direction direction) {
        return direction == Direction.CLIENT ? CLIENT : SERVER;
    }

    /** The problems of one frame (empty when valid); a frame type without a schema is a problem too. */
    public static List<String> problems(Direction direction, String frameJson) {
        String type;
        try {
            type = JSON.readTree(frameJson).path("type").asText("");
        } catch (IOException e) {
            return List.of("not JSON: " + frameJson);
        }
        if (type.isEmpty()) {
            return List.of("no \"type\" in " + frameJson);
        }
        Schema schema = schemas(direction).get(type);
        if (schema == null) {
            return List.of("no schema for the " + direction.name().toLowerCase() + " frame type \"" + type + "\"");
        }
        List<Error> errors = schema.validate(frameJson, InputFormat.JSON);
        return errors.stream().map(e -> type + ": " + e).toList();
    }

    private static Map<String, Schema> load(String kind) {
        Map<String, Schema> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(DIR.resolve(kind))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                String name = file.getFileName().toString().replace(".json", "");
                out.put(name, REGISTRY.getSchema(Files.readString(file), InputFormat.JSON));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
