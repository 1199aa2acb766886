package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.Serializable;
import java.time.Instant;

/**
 * A key the tenant's backend signs user tokens with ({@code GET /token-keys}). {@code secret} is only present in the
 * answer that created an HS256 key; {@code publicJwk} only for registered public keys.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokenKey(String kid, String alg, String secret, Instant createdAt, Instant revokedAt, JsonNode publicJwk)
        implements Serializable {

    public boolean isRevoked() {
        return revokedAt != null;
    }
}
