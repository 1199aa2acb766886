package com.chatplatform.api.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The network address a request came from, for the audit log. This is the peer address of the
 * connection: behind a load balancer it is the balancer's (forwarded headers are not trusted yet).
 */
@ApplicationScoped
public class RequestOrigin {
    @Inject
    HttpServletRequest request;

    /** The current request's peer address, or null outside a request (WebSocket threads, schedulers). */
    public String sourceIp() {
        try {
            return request.getRemoteAddr();
        } catch (ContextNotActiveException | IllegalStateException e) {
            return null;
        }
    }
}
