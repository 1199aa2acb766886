package com.chatplatform.api.compliance;

import static com.chatplatform.api.platform.JsonSupport.JSON;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** One export, erasure or retention job (table compliance_job), as loaded for one batch and saved after it. */
final class ComplianceJob {
    static final String EXPORT = "export";
    static final String ERASURE = "erasure";
    static final String RETENTION = "retention";

    static final String QUEUED = "queued";
    static final String RUNNING = "running";
    static final String COMPLETED = "completed";
    static final String FAILED = "failed";
    static final String CANCELLED = "cancelled";
    static final String EXPIRED = "expired";

    UUID id;
    UUID tenantId;
    String kind;
    String status;
    JsonObject subject;
    String requestedByKind;
    String requestedById;
    String phase;
    /** Where the next batch starts (free-form per kind). */
    Map<String, String> cursor = new LinkedHashMap<>();
    /** Counters shown to the caller while the job runs. */
    Map<String, Long> progress = new LinkedHashMap<>();
    JsonObject report;
    String objectKey;
    String uploadId;
    long bytesWritten;
    int parts;
    Instant expiresAt;
    String error;
    Instant createdAt;
    Instant updatedAt;
    Instant finishedAt;

    boolean finished() {
        return COMPLETED.equals(status) || FAILED.equals(status) || CANCELLED.equals(status) || EXPIRED.equals(status);
    }

    void count(String name, long delta) {
        progress.merge(name, delta, Long::sum);
    }

    long counted(String name) {
        return progress.getOrDefault(name, 0L);
    }

    String cursor(String name) {
        return cursor.get(name);
    }

    void cursor(String name, Object value) {
        if (value == null) {
            cursor.remove(name);
        } else {
            cursor.put(name, value.toString());
        }
    }

    JsonObject cursorJson() {
        JsonObjectBuilder b = JSON.createObjectBuilder();
        cursor.forEach(b::add);
        return b.build();
    }

    JsonObject progressJson() {
        JsonObjectBuilder b = JSON.createObjectBuilder();
        progress.forEach(b::add);
        return b.build();
    }

    void cursorFrom(String json) {
        cursor.clear();
        parse(json).forEach((k, v) -> cursor.put(k, v.getValueType() == JsonValue.ValueType.STRING ? ((jakarta.json.JsonString) v).getString() : v.toString()));
    }

    void progressFrom(String json) {
        progress.clear();
        parse(json).forEach((k, v) -> progress.put(k, v instanceof JsonNumber n ? n.longValue() : 0L));
    }

    static JsonObject parse(String json) {
        if (json == null) {
            return null;
        }
        try (var reader = JSON.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
