package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.Serializable;
import java.time.Instant;

/**
 * A freshly created tenant API key. The API returns {@code secret} only in the answer that creates the key
 * (it starts with {@code sk_}); later listings never show it again.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiKeySecret(String id, String name, String secret, Instant createdAt) implements Serializable {

    @Override
    public String toString() {
        return "ApiKeySecret[id=" + id + ", name=" + name + ", createdAt=" + createdAt + "]";
    }
}
