package com.chatplatform.api.tenant;

import java.util.UUID;

/** Fired inside the suspending transaction and observed after it commits, to close the tenant's live sessions. */
public record TenantSuspended(UUID tenantId) {
}
