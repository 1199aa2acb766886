package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.Serializable;
import java.time.Instant;

/**
 * The answer to {@code POST /auth/login}: a bearer token for the console's calls, when it expires and who
 * it belongs to.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Session(String token, Instant expiresAt, Account account) implements Serializable {

    @Override
    public String toString() {
        // Never print the token itself (logs, error pages).
        return "Session[account=" + account + ", expiresAt=" + expiresAt + "]";
    }
}
