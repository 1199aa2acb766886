package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.Serializable;
import java.time.Instant;

/** A user token minted by {@code POST /users/{id}/tokens}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserToken(String token, Instant expiresAt) implements Serializable {

    @Override
    public String toString() {
        return "UserToken[expiresAt=" + expiresAt + "]";
    }
}
