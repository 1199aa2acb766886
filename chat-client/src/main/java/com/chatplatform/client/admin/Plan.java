package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.Serializable;
import java.time.Instant;

/**
 * A plan ({@code GET /platform/plans}): {@code limits} holds every limit by its API name (maxUsers, maxStorageBytes,
 * maxUploadBytes, allowedMediaTypes, the message and request rates and bursts); {@code null} values mean unlimited.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Plan(String id, String name, JsonNode limits, Instant updatedAt) implements Serializable {
}
