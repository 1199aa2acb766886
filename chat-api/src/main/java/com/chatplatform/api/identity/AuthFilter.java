package com.chatplatform.api.identity;

import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.CallerContextHolder;
import com.chatplatform.api.platform.ErrorCode;
import com.chatplatform.api.platform.Problem;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Arrays;
import java.util.UUID;

/**
 * The one place where a REST call gets its caller and tenant: from a verified credential, checked
 * against the resource's {@link Access} declaration before the resource runs.
 */
@Provider
@ApplicationScoped
@Priority(Priorities.AUTHENTICATION)
public class AuthFilter implements ContainerRequestFilter, ContainerResponseFilter {

    @Context
    ResourceInfo resourceInfo;
    @Inject
    CallerContext callerContext;
    @Inject
    CredentialVerifier credentials;

    @Override
    public void filter(ContainerRequestContext request) {
        // Checking the credential reads keys, users and accounts of a tenant not known yet; public calls (sign-in)
        // act for no tenant: the system scope "auth" until the caller is known. Never an earlier request's tenant.
        CallerContextHolder.enterSystem("auth");
        Access access = declaredAccess();
        if (access == null) {
            return;
        }
        try {
            Caller caller = authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION));
            authorize(access, caller);
            callerContext.set(caller);
            CallerContextHolder.enterTenant(caller.tenantId());
        } catch (ApiException e) {
            Response.ResponseBuilder response = Response.status(e.code().status()).type(Problem.MEDIA_TYPE)
                    .entity(Problem.of(e.code(), e.getMessage(), UUID.randomUUID().toString()));
            if (e.code().status() == 401) {
                response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            }
            request.abortWith(response.build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        CallerContextHolder.clear();
    }

    private Access declaredAccess() {
        if (resourceInfo == null || resourceInfo.getResourceMethod() == null) {
            return null;
        }
        Access onMethod = resourceInfo.getResourceMethod().getAnnotation(Access.class);
        return onMethod != null ? onMethod : resourceInfo.getResourceClass().getAnnotation(Access.class);
    }

    /** Turns an Authorization header into a verified caller; shared with the WebSocket handshake. */
    Caller authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() <= 7) {
            throw new ApiException(ErrorCode.AUTH_REQUIRED, "Send \"Authorization: Bearer <credential>\".");
        }
        return credentials.verify(authorization.substring(7).strip());
    }

    private static void authorize(Access access, Caller caller) {
        boolean allowed = switch (caller.kind()) {
            case USER -> access.user();
            case API_KEY -> access.apiKey();
            case ACCOUNT -> Arrays.asList(access.roles()).contains(caller.role());
        };
        if (!allowed) {
            throw new ApiException(ErrorCode.FORBIDDEN);
        }
    }
}
