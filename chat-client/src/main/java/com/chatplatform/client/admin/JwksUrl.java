package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/** A JWKS URL the API fetches the tenant's public keys from ({@code GET /token-keys/jwks-urls}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JwksUrl(String id, String url, Instant createdAt, List<String> kids) implements Serializable {
}
