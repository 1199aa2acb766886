package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.Serializable;

/** {@code GET /compliance/settings}: what erasure does with messages ("anonymise" or "delete") and how long exports are kept. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ComplianceSettings(String erasurePolicy, Long exportTtlSeconds) implements Serializable {
}
