package com.chatplatform.api.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonShapeTest {
    record Inner(String label, int count) {
    }

    record Body(String name, Integer days, long size, Boolean flag, boolean on, List<String> ids, List<UUID> refs,
                UUID id, Instant at, JsonObject customData, Map<String, Object> jwk, Inner inner, List<Inner> inners) {
    }

    private static JsonValue json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    private static String refusal(String body) {
        ApiException e = assertThrows(ApiException.class, () -> JsonShape.check(json(body), Body.class), body);
        assertEquals(ErrorCode.REQUEST_MALFORMED, e.code());
        return e.getMessage();
    }

    @Test
    void aBodyOfTheRightShapePasses() {
        JsonShape.check(json("""
                {"name":"a","days":30,"size":9007199254740993,"flag":true,"on":false,"ids":["x"],"refs":["%s"],
                 "id":"%s","at":"2026-12-07T00:00:00Z","customData":{"any":[1,{"b":null}]},"jwk":{"kty":"OKP","n":1},
                 "inner":{"label":"l","count":1},"inners":[{"label":"m","count":2}]}
                """.formatted(UUID.randomUUID(), UUID.randomUUID())), Body.class);
        JsonShape.check(json("{\"name\":null,\"days\":null,\"inner\":null,\"ids\":null}"), Body.class);
        JsonShape.check(json("{}"), Body.class);
        JsonShape.check(json("{\"days\":1e3,\"size\":30.0}"), Body.class); // whole numbers, written otherwise
    }

    @Test
    void anUnknownFieldIsNamedWithTheFieldsThatExist() {
        assertEquals("Unknown field \"nmae\"; the fields here are: name, days, size, flag, on, ids, refs, id, at, customData, jwk, inner, inners.",
                refusal("{\"nmae\":\"a\"}"));
        assertEquals("Unknown field \"inner.lable\"; the fields here are: label, count.", refusal("{\"inner\":{\"lable\":\"x\"}}"));
        assertEquals("Unknown field \"inners[1].x\"; the fields here are: label, count.",
                refusal("{\"inners\":[{\"label\":\"a\",\"count\":1},{\"x\":1}]}"));
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedNotCoerced() {
        assertEquals("Field \"name\" must be a string.", refusal("{\"name\":5}"));
        assertEquals("Field \"name\" must be a string.", refusal("{\"name\":true}"));
        assertEquals("Field \"ids[1]\" must be a string.", refusal("{\"ids\":[\"a\",2]}"));
        assertEquals("Field \"id\" must be a string.", refusal("{\"id\":5}"));
        assertEquals("Field \"at\" must be a string.", refusal("{\"at\":1700000000}"));
        assertEquals("Field \"flag\" must be true or false.", refusal("{\"flag\":\"true\"}"));
        assertEquals("Field \"on\" must be true or false.", refusal("{\"on\":1}"));
        assertEquals("Field \"ids\" must be an array.", refusal("{\"ids\":\"a\"}"));
        assertEquals("Field \"customData\" must be an object.", refusal("{\"customData\":[1]}"));
        assertEquals("Field \"inner\" must be an object.", refusal("{\"inner\":\"x\"}"));
        assertEquals("Field \"inner.count\" must be a whole number from -2147483648 to 2147483647.",
                refusal("{\"inner\":{\"count\":\"1\"}}"));
    }

    @Test
    void wholeNumbersAreNeitherTruncatedNorWrapped() {
        String intRange = "Field \"days\" must be a whole number from -2147483648 to 2147483647.";
        assertEquals(intRange, refusal("{\"days\":1.5}"));
        assertEquals(intRange, refusal("{\"days\":99999999999}")); // JSON-B alone makes this 1215752191
        assertEquals(intRange, refusal("{\"days\":\"30\"}"));
        assertEquals("Field \"size\" must be a whole number from -9223372036854775808 to 9223372036854775807.",
                refusal("{\"size\":9223372036854775808}"));
        assertEquals(intRange, refusal("{\"days\":1e999999999}"));
        assertEquals(intRange, refusal("{\"days\":1e-999999999}"));
        JsonShape.check(json("{\"days\":2147483647,\"size\":-9223372036854775808}"), Body.class);
    }

    @Test
    void aPrimitiveMayNotBeNullAndTheBodyMustBeAnObject() {
        assertEquals("Field \"on\" must not be null.", refusal("{\"on\":null}"));
        assertEquals("The request body must be a JSON object.", refusal("[1]"));
        assertEquals("The request body must be a JSON object.", refusal("\"name\""));
        JsonShape.check(JsonValue.NULL, Body.class); // a body of null: PUT /compliance/retention reads it as "no policy"
    }
}
