package com.chatplatform.api.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** REST API root: the WAR is deployed at /api, so resources live under /api/v1. */
@ApplicationPath("v1")
@OpenAPIDefinition(info = @Info(title = "Chat platform API", version = "v1",
        description = "Tenant-isolated chat: platform administration, tenant backend (API keys) and end-user (JWT) calls. Errors are RFC 9457 problem+json with a stable `code`. Each operation names who may call it and its credential scheme (console token, tenant API key or end-user token)."))
public class ChatApplication extends Application {
}
