package com.chatplatform.api.ratelimit;

import com.chatplatform.api.identity.CallerContext;
import com.chatplatform.api.platform.Problem;
import com.chatplatform.api.platform.RateLimitedException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;

/**
 * Counts every authenticated REST call against its tenant's and principal's request rate; runs after
 * {@code AuthFilter} has set the caller. Over the rate: 429 rate.limited with Retry-After (seconds).
 */
@Provider
@ApplicationScoped
@Priority(Priorities.AUTHORIZATION + 100)
public class RateLimitFilter implements ContainerRequestFilter {

    @Inject
    CallerContext callerContext;
    @Inject
    RateLimiter limiter;

    @Override
    public void filter(ContainerRequestContext request) {
        callerContext.current().ifPresent(caller -> {
            try {
                limiter.checkRequest(caller);
            } catch (RateLimitedException e) {
                request.abortWith(Response.status(e.code().status()).type(Problem.MEDIA_TYPE)
                        .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
                        .entity(Problem.of(e.code(), e.getMessage(), UUID.randomUUID().toString())).build());
            }
        });
    }
}
