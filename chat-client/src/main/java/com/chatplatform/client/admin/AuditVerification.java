package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.Serializable;

/** {@code GET /audit/verify}: whether the tenant's hash chain verifies, how many entries were checked, the first broken one. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuditVerification(boolean valid, String chain, long checked, Long firstBrokenId, String reason, Long lastId,
                                String lastHash) implements Serializable {
}
