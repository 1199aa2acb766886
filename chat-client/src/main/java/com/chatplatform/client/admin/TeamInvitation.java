package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.Serializable;
import java.time.Instant;

/**
 * An invitation to a tenant's team. {@code token} is only set in the answer that created it (the only time
 * the API shows it); listed invitations have none.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TeamInvitation(String id, String email, String role, Instant createdAt, Instant expiresAt, String token)
        implements Serializable {

    @Override
    public String toString() {
        return "TeamInvitation[id=" + id + ", email=" + email + ", role=" + role + ", expiresAt=" + expiresAt + "]";
    }
}
