package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.Serializable;

/** The answer to {@code POST /platform/tenants}: the new tenant and its first API key (secret shown once). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CreatedTenant(Tenant tenant, ApiKeySecret apiKey) implements Serializable {
}
