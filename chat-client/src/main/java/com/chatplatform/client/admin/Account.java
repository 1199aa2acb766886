package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.Serializable;

/**
 * The signed-in person as the API describes them in a login answer.
 *
 * @param id       account id
 * @param email    sign-in email
 * @param role     one of {@link #PLATFORM_ADMIN}, {@link #TENANT_ADMIN}, {@link #COMPLIANCE_OFFICER},
 *                 {@link #MODERATOR}
 * @param tenantId the tenant the account belongs to, or {@code null} for platform staff
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Account(String id, String email, String role, String tenantId) implements Serializable {

    public static final String PLATFORM_ADMIN = "platform-admin";
    public static final String TENANT_ADMIN = "tenant-admin";
    public static final String COMPLIANCE_OFFICER = "compliance-officer";
    public static final String MODERATOR = "moderator";

    /** True when this account may manage tenants (role {@code platform-admin}). */
    @JsonIgnore
    public boolean isPlatformAdmin() {
        return PLATFORM_ADMIN.equals(role);
    }
}
