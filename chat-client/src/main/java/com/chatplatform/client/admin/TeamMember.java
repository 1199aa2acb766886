package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.Serializable;
import java.time.Instant;

/** A console account of the caller's tenant ({@code GET /team/members}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TeamMember(String id, String email, String displayName, String role, Instant createdAt, boolean totpEnabled)
        implements Serializable {
}
