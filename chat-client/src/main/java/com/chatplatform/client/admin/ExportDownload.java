package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.Serializable;
import java.time.Instant;

/** A short-lived link to an export's ZIP ({@code POST /compliance/exports/{id}/download}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExportDownload(String url, Instant expiresAt) implements Serializable {
}
