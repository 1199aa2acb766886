package com.chatplatform.api.plan;

import static com.chatplatform.api.platform.JsonSupport.JSON;

import com.chatplatform.api.media.AttachmentService;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The limits of a plan, or a tenant's effective limits (its plan's, with the tenant's overrides applied).
 * Null means unlimited for {@code maxUsers} and {@code maxStorageBytes}, and "every type the service
 * supports" for {@code allowedMediaTypes}. Rates are token buckets: a refill rate per second and a burst.
 * The JSON field names are the record's component names, in plans, overrides and answers alike.
 */
public record Limits(Long maxUsers, Long maxStorageBytes, long maxUploadBytes, List<String> allowedMediaTypes,
                     double tenantMessagesPerSecond, int tenantMessageBurst,
                     double userMessagesPerSecond, int userMessageBurst,
                     double tenantRequestsPerSecond, int tenantRequestBurst,
                     double userRequestsPerSecond, int userRequestBurst) {

    public static final List<String> FIELDS = List.of("maxUsers", "maxStorageBytes", "maxUploadBytes", "allowedMediaTypes",
            "tenantMessagesPerSecond", "tenantMessageBurst", "userMessagesPerSecond", "userMessageBurst",
            "tenantRequestsPerSecond", "tenantRequestBurst", "userRequestsPerSecond", "userRequestBurst");
    private static final double MAX_RATE = 1_000_000;
    private static final long MAX_BURST = 10_000_000;

    /** A token bucket's parameters. */
    public record Rate(double perSecond, int burst) {
    }

    public Limits {
        allowedMediaTypes = allowedMediaTypes == null ? null : List.copyOf(allowedMediaTypes);
    }

    public Rate tenantMessages() { return new Rate(tenantMessagesPerSecond, tenantMessageBurst); }
    public Rate userMessages() { return new Rate(userMessagesPerSecond, userMessageBurst); }
    public Rate tenantRequests() { return new Rate(tenantRequestsPerSecond, tenantRequestBurst); }
    public Rate userRequests() { return new Rate(userRequestsPerSecond, userRequestBurst); }

    /** Whether a (supported) content type may be uploaded. */
    public boolean allowsMediaType(String contentType) {
        return allowedMediaTypes == null || allowedMediaTypes.contains(contentType);
    }

    /**
     * These limits with the fields present in {@code changes} replaced (JSON merge-patch semantics: a field
     * set to null becomes unlimited where that is allowed). Every field is validated; an unknown field, a
     * wrong type or a value out of range fails with plan.invalid naming the field, and nothing changes.
     */
    public Limits with(JsonObject changes) {
        if (changes == null) {
            return this;
        }
        for (String name : changes.keySet()) {
            if (!FIELDS.contains(name)) {
                throw invalid("Unknown limit \"" + name + "\"; the limits are " + String.join(", ", FIELDS) + ".");
            }
        }
        return new Limits(
                changes.containsKey("maxUsers") ? count(changes, "maxUsers", 0, true) : maxUsers,
                changes.containsKey("maxStorageBytes") ? count(changes, "maxStorageBytes", 0, true) : maxStorageBytes,
                changes.containsKey("maxUploadBytes") ? count(changes, "maxUploadBytes", 1, false) : maxUploadBytes,
                changes.containsKey("allowedMediaTypes") ? mediaTypes(changes.get("allowedMediaTypes")) : allowedMediaTypes,
                changes.containsKey("tenantMessagesPerSecond") ? rate(changes, "tenantMessagesPerSecond") : tenantMessagesPerSecond,
                changes.containsKey("tenantMessageBurst") ? burst(changes, "tenantMessageBurst") : tenantMessageBurst,
                changes.containsKey("userMessagesPerSecond") ? rate(changes, "userMessagesPerSecond") : userMessagesPerSecond,
                changes.containsKey("userMessageBurst") ? burst(changes, "userMessageBurst") : userMessageBurst,
                changes.containsKey("tenantRequestsPerSecond") ? rate(changes, "tenantRequestsPerSecond") : tenantRequestsPerSecond,
                changes.containsKey("tenantRequestBurst") ? burst(changes, "tenantRequestBurst") : tenantRequestBurst,
                changes.containsKey("userRequestsPerSecond") ? rate(changes, "userRequestsPerSecond") : userRequestsPerSecond,
                changes.containsKey("userRequestBurst") ? burst(changes, "userRequestBurst") : userRequestBurst);
    }

    /** Limits built only from {@code fields}, which must name every limit except the nullable ones. */
    public static Limits of(JsonObject fields) {
        if (fields == null) {
            throw invalid("\"limits\" is required.");
        }
        for (String required : List.of("maxUploadBytes", "tenantMessagesPerSecond", "tenantMessageBurst", "userMessagesPerSecond",
                "userMessageBurst", "tenantRequestsPerSecond", "tenantRequestBurst", "userRequestsPerSecond", "userRequestBurst")) {
            if (!fields.containsKey(required)) {
                throw invalid("\"limits." + required + "\" is required.");
            }
        }
        Limits blank = new Limits(null, null, 1, null, 1, 1, 1, 1, 1, 1, 1, 1);
        return blank.with(fields);
    }

    /** The JSON form (unlimited fields as explicit nulls), as stored for overrides and used in audit details. */
    public JsonObject toJson() {
        JsonObjectBuilder b = JSON.createObjectBuilder();
        nullable(b, "maxUsers", maxUsers);
        nullable(b, "maxStorageBytes", maxStorageBytes);
        b.add("maxUploadBytes", maxUploadBytes);
        if (allowedMediaTypes == null) {
            b.addNull("allowedMediaTypes");
        } else {
            b.add("allowedMediaTypes", JSON.createArrayBuilder(allowedMediaTypes));
        }
        return b.add("tenantMessagesPerSecond", tenantMessagesPerSecond).add("tenantMessageBurst", tenantMessageBurst)
                .add("userMessagesPerSecond", userMessagesPerSecond).add("userMessageBurst", userMessageBurst)
                .add("tenantRequestsPerSecond", tenantRequestsPerSecond).add("tenantRequestBurst", tenantRequestBurst)
                .add("userRequestsPerSecond", userRequestsPerSecond).add("userRequestBurst", userRequestBurst).build();
    }

    /** Checks that an overrides object only names known limits with valid values (they are applied later). */
    public static JsonObject validOverrides(JsonValue overrides) {
        if (overrides == null || overrides.getValueType() == JsonValue.ValueType.NULL) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (overrides.getValueType() != JsonValue.ValueType.OBJECT) {
            throw invalid("\"overrides\" must be an object of limits.");
        }
        new Limits(null, null, 1, null, 1, 1, 1, 1, 1, 1, 1, 1).with(overrides.asJsonObject());
        return overrides.asJsonObject();
    }

    static JsonObject parse(String json) {
        try (var reader = JSON.createReader(new StringReader(json == null || json.isBlank() ? "{}" : json))) {
            return reader.readObject();
        }
    }

    private static void nullable(JsonObjectBuilder b, String name, Long value) {
        if (value == null) {
            b.addNull(name);
        } else {
            b.add(name, value);
        }
    }

    private static Long count(JsonObject o, String name, long min, boolean nullable) {
        JsonValue v = o.get(name);
        if (v.getValueType() == JsonValue.ValueType.NULL) {
            if (nullable) {
                return null;
            }
            throw invalid("\"" + name + "\" cannot be unlimited (null).");
        }
        if (v instanceof JsonNumber n && n.isIntegral() && n.bigDecimalValue().compareTo(BigDecimal.valueOf(min)) >= 0
                && n.bigDecimalValue().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
            return n.longValue();
        }
        throw invalid("\"" + name + "\" must be a whole number of at least " + min + (nullable ? ", or null for unlimited." : "."));
    }

    private static double rate(JsonObject o, String name) {
        if (o.get(name) instanceof JsonNumber n && n.doubleValue() > 0 && n.doubleValue() <= MAX_RATE) {
            return n.doubleValue();
        }
        throw invalid("\"" + name + "\" must be a number above 0 and at most " + (long) MAX_RATE + ".");
    }

    private static int burst(JsonObject o, String name) {
        if (o.get(name) instanceof JsonNumber n && n.isIntegral() && n.bigDecimalValue().compareTo(BigDecimal.ONE) >= 0
                && n.bigDecimalValue().compareTo(BigDecimal.valueOf(MAX_BURST)) <= 0) {
            return n.intValue();
        }
        throw invalid("\"" + name + "\" must be a whole number from 1 to " + MAX_BURST + ".");
    }

    private static List<String> mediaTypes(JsonValue v) {
        if (v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        String supported = String.join(", ", new TreeSet<>(AttachmentService.SUPPORTED_TYPES));
        if (!(v instanceof JsonArray array)) {
            throw invalid("\"allowedMediaTypes\" must be an array of content types, or null for every supported type ("
                    + supported + ").");
        }
        List<String> types = new ArrayList<>();
        for (JsonValue item : array) {
            if (!(item instanceof JsonString s) || !AttachmentService.SUPPORTED_TYPES.contains(s.getString())) {
                throw invalid("\"allowedMediaTypes\" may only name supported types: " + supported + ".");
            }
            if (!types.contains(s.getString())) {
                types.add(s.getString());
            }
        }
        return types;
    }

    private static ApiException invalid(String detail) {
        return new ApiException(ErrorCode.PLAN_INVALID, detail);
    }
}
