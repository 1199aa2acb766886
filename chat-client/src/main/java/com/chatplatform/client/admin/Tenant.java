package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.Serializable;
import java.time.Instant;

/** A customer application on the platform, as {@code /platform/tenants} returns it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Tenant(String id, String name, String status, Instant createdAt) implements Serializable {
}
