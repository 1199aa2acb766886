package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer of {@code POST /platform/tenants/{id}/deletion}: what deleting the tenant would remove, and the
 * one-time {@code token} that {@code POST .../deletion/confirm} needs. Every member besides {@code token} and
 * {@code expiresAt} is kept in {@link #summary()} as the API sent it (counts of users, messages, ...), so the
 * console can show it without knowing each field.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class TenantDeletionPlan implements Serializable {
    private String token;
    private Instant expiresAt;
    private final Map<String, Object> summary = new LinkedHashMap<>();

    public String token() {
        return token;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    /** The other members of the answer, in the API's order (nested objects as maps). */
    public Map<String, Object> summary() {
        return Map.copyOf(summary);
    }

    /** The summary's entries in the API's order. */
    public Map<String, Object> orderedSummary() {
        return new LinkedHashMap<>(summary);
    }

    void setToken(String token) {
        this.token = token;
    }

    void setExpiresAt(Instant expiresAt) {
        this.expiresAt = expiresAt;
    }

    @JsonAnySetter
    void other(String name, Object value) {
        if (value instanceof Map<?, ?> nested && ("summary".equals(name) || "counts".equals(name))) {
            nested.forEach((k, v) -> summary.put(String.valueOf(k), v));
        } else {
            summary.put(name, value);
        }
    }

    @Override
    public String toString() {
        return "TenantDeletionPlan" + summary + (token == null ? "" : " (token hidden)");
    }
}
