package com.chatplatform.api.identity;

import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import java.util.UUID;

/**
 * Who is calling, established only from a verified credential by the REST filter or the WebSocket
 * handshake. Services take it as their first argument and scope every lookup by {@link #tenantId()}.
 *
 * @param kind        the credential kind
 * @param tenantId    the tenant the call acts in (null only for platform admins)
 * @param principalId account id (console), API key id (tenant backend) or user id (end user)
 * @param role        console role, or null for API keys and end users
 * @param userExternalId the end user's id as the tenant knows it (end users only)
 */
public record Caller(Kind kind, UUID tenantId, UUID principalId, String role, String userExternalId) {

    public enum Kind { ACCOUNT, API_KEY, USER }

    public static final String PLATFORM_ADMIN = "platform-admin";

    public boolean isPlatformAdmin() {
        return kind == Kind.ACCOUNT && PLATFORM_ADMIN.equals(role);
    }

    /** The tenant of a tenant-scoped call; platform admins must name a tenant explicitly instead. */
    public UUID requireTenant() {
        if (tenantId == null) {
            throw new ApiException(ErrorCode.FORBIDDEN, "This call acts inside a tenant; use a tenant credential.");
        }
        return tenantId;
    }

    public UUID requireUser() {
        if (kind != Kind.USER) {
            throw new ApiException(ErrorCode.FORBIDDEN, "This call is made by an end user with a user token.");
        }
        return principalId;
    }
}
