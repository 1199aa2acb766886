package com.chatplatform.api.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** REST API root: the WAR is deployed at /api, so resources live under /api/v1. */
@ApplicationPath("v1")
@OpenAPIDefinition(info = @Info(title = "Chat platform API", version = "v1",
        description = "Tenant-isolated chat: platform administration, tenant backend (API keys) and end-user (JWT) calls. Errors are RFC 9457 problem+json with a stable `code`."))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A console token (POST /auth/login), a tenant API key (sk_...) or an end-user JWT.")
public class ChatApplication extends Application {
}
