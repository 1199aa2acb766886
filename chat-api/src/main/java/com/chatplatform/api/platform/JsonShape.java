package com.chatplatform.api.platform;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.net.URI;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Checks that a parsed JSON request body has the shape of the record it will be read into: no field the
 * record lacks, and each value of the JSON type its component needs (a string for a String, UUID, time or
 * enum; a whole number within range for an int or long; true or false for a boolean; an array for a list;
 * an object for a record, a map or a JsonObject). null is accepted except for a primitive component.
 * Types it does not know are left to JSON-B. ADR 0019.
 */
public final class JsonShape {
    private JsonShape() {
    }

    /**
     * Throws {@code request.malformed}, naming the field, when {@code value} does not fit {@code type}. A
     * body of {@code null} passes (some operations read it as "remove", e.g. PUT /compliance/retention).
     */
    public static void check(JsonValue value, Type type) {
        if (raw(type).isRecord() && !(value instanceof JsonObject) && value.getValueType() != JsonValue.ValueType.NULL) {
            throw malformed("The request body must be a JSON object.");
        }
        check(value, type, "");
    }

    private static void check(JsonValue value, Type type, String path) {
        Class<?> raw = raw(type);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            if (raw.isPrimitive()) {
                throw field(path, "must not be null");
            }
            return;
        }
        if (raw == String.class || raw == UUID.class || raw == URI.class || raw.isEnum() || Temporal.class.isAssignableFrom(raw)
                || raw == JsonString.class) {
            require(value, JsonValue.ValueType.STRING, path, "must be a string");
        } else if (raw == boolean.class || raw == Boolean.class) {
            if (value.getValueType() != JsonValue.ValueType.TRUE && value.getValueType() != JsonValue.ValueType.FALSE) {
                throw field(path, "must be true or false");
            }
        } else if (raw == int.class || raw == Integer.class) {
            wholeNumber(value, path, Integer.MIN_VALUE, Integer.MAX_VALUE);
        } else if (raw == long.class || raw == Long.class) {
            wholeNumber(value, path, Long.MIN_VALUE, Long.MAX_VALUE);
        } else if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class
                || Number.class.isAssignableFrom(raw) || raw == JsonNumber.class) {
            require(value, JsonValue.ValueType.NUMBER, path, "must be a number");
        } else if (Collection.class.isAssignableFrom(raw)) { // JsonArray too
            require(value, JsonValue.ValueType.ARRAY, path, "must be an array");
            Type element = typeArgument(type, 0);
            JsonArray array = value.asJsonArray();
            for (int i = 0; i < array.size(); i++) {
                check(array.get(i), element, path + "[" + i + "]");
            }
        } else if (Map.class.isAssignableFrom(raw)) { // JsonObject too
            require(value, JsonValue.ValueType.OBJECT, path, "must be an object");
            Type member = typeArgument(type, 1);
            value.asJsonObject().forEach((key, v) -> check(v, member, join(path, key)));
        } else if (raw.isRecord()) {
            require(value, JsonValue.ValueType.OBJECT, path, "must be an object");
            RecordComponent[] components = raw.getRecordComponents();
            for (Map.Entry<String, JsonValue> entry : value.asJsonObject().entrySet()) {
                RecordComponent component = Arrays.stream(components).filter(c -> c.getName().equals(entry.getKey()))
                        .findFirst().orElseThrow(() -> unknown(join(path, entry.getKey()), components));
                check(entry.getValue(), component.getGenericType(), join(path, entry.getKey()));
            }
        }
        // Object, JsonValue and anything else: any JSON value; JSON-B has the last word.
    }

    /** How a refusal names a whole number's range; query parameters say it the same way. */
    static String wholeNumberFrom(long min, long max) {
        return "a whole number from " + min + " to " + max;
    }

    private static void wholeNumber(JsonValue value, String path, long min, long max) {
        String range = "must be " + wholeNumberFrom(min, max);
        require(value, JsonValue.ValueType.NUMBER, path, range);
        // 30, 30.0 and 3e1 are the same whole number; the digit count is checked before any comparison, so
        // 1e999999999 costs nothing.
        BigDecimal n = ((JsonNumber) value).bigDecimalValue().stripTrailingZeros();
        if (n.scale() > 0 || n.precision() - n.scale() > 19
                || n.compareTo(BigDecimal.valueOf(min)) < 0 || n.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw field(path, range);
        }
    }

    private static void require(JsonValue value, JsonValue.ValueType expected, String path, String what) {
        if (value.getValueType() != expected) {
            throw field(path, what);
        }
    }

    private static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return Object.class; // wildcards and type variables: any value
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static ApiException field(String path, String what) {
        return malformed(path.isEmpty() ? "The request body " + what + "." : "Field \"" + path + "\" " + what + ".");
    }

    private static ApiException unknown(String path, RecordComponent[] known) {
        String fields = Arrays.stream(known).map(RecordComponent::getName).collect(Collectors.joining(", "));
        return malformed("Unknown field \"" + path + "\"" + (fields.isEmpty() ? "." : "; the fields here are: " + fields + "."));
    }

    private static ApiException malformed(String detail) {
        return new ApiException(ErrorCode.REQUEST_MALFORMED, detail);
    }
}
