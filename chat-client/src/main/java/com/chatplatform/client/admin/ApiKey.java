package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.Serializable;
import java.time.Instant;

/**
 * A tenant API key as {@code GET /platform/tenants/{id}/api-keys} lists it: never its secret.
 *
 * @param lastUsedAt when a call last authenticated with it (updated at most once a minute), or {@code null}
 * @param revokedAt  when it was revoked, or {@code null} while it is active
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiKey(String id, String name, Instant createdAt, Instant lastUsedAt, Instant revokedAt)
        implements Serializable {

    /** True until the key is revoked. */
    @JsonIgnore
    public boolean isActive() {
        return revokedAt == null;
    }
}
