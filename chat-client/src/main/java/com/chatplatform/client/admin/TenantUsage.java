package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.Serializable;
import java.time.Instant;

/** A tenant's usage against its quotas ({@code /usage}, {@code /platform/tenants/{id}/usage}); null maxima: unlimited. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TenantUsage(Long users, Long maxUsers, Long storageBytes, Long maxStorageBytes, Long messagesToday,
                          Instant dayStartedAt) implements Serializable {
}
