package com.chatplatform.api.plan;

import java.util.UUID;

/** Fired inside a transaction that changes a tenant's plan, overrides or compliance settings (tenantId) or a plan (null: every tenant). */
public record SettingsChanged(UUID tenantId) {
}
