package com.chatplatform.api.platform;

import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Maps every failure to problem+json exactly once; unknown failures are logged and never leak internals. */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    @Override
    public Response toResponse(Throwable failure) {
        String requestId = UUID.randomUUID().toString();
        ApiException api = unwrap(failure);
        if (api != null) {
            Response r = response(api.code(), api.getMessage(), requestId);
            if (api.retryAfterSeconds() != null) {
                r.getHeaders().putSingle("Retry-After", String.valueOf(api.retryAfterSeconds()));
            }
            return r;
        }
        if (isMalformedBody(failure)) {
            return response(ErrorCode.REQUEST_MALFORMED, "The request body could not be read as JSON of the expected shape.", requestId);
        }
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            // The container's own refusals (no route, wrong method, Content-Type or Accept), each answered with its
            // catalogue code and that code's one status; anything else the container refuses is request.invalid, 400.
            ErrorCode code = switch (web.getResponse().getStatus()) {
                case 404 -> ErrorCode.NOT_FOUND;
                case 401 -> ErrorCode.AUTH_REQUIRED;
                case 403 -> ErrorCode.FORBIDDEN;
                case 405 -> ErrorCode.REQUEST_METHOD_NOT_ALLOWED;
                case 406 -> ErrorCode.REQUEST_NOT_ACCEPTABLE;
                case 415 -> ErrorCode.REQUEST_UNSUPPORTED_MEDIA_TYPE;
                default -> ErrorCode.REQUEST_INVALID;
            };
            Response r = response(code, code.title(), requestId);
            if (code == ErrorCode.REQUEST_METHOD_NOT_ALLOWED && web.getResponse().getHeaderString("Allow") != null) {
                r.getHeaders().putSingle("Allow", web.getResponse().getHeaderString("Allow"));
            }
            return r;
        }
        LOG.log(Level.SEVERE, "Unhandled failure, request " + requestId + " tenant " + CallerContextHolder.tenantForLog(), failure);
        return response(ErrorCode.INTERNAL, "Request " + requestId + " failed; the error has been logged.", requestId);
    }

    private static Response response(ErrorCode code, String detail, String requestId) {
        return Response.status(code.status()).type(Problem.MEDIA_TYPE).entity(Problem.of(code, detail, requestId)).build();
    }

    private static ApiException unwrap(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ApiException api) {
                return api;
            }
        }
        return null;
    }

    /**
     * A body that JSON-B or JSON-P could not read. A refusal of the container with a 4xx other than 400 is not one
     * even when a ProcessingException is among its causes: a path id that does not convert (not a UUID) is Jersey's
     * 404 with the conversion failure inside, which means no such resource.
     */
    private static boolean isMalformedBody(Throwable t) {
        int status = t instanceof WebApplicationException web ? web.getResponse().getStatus() : 0;
        if (status > 400 && status < 500) {
            return false;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof JsonbException || c instanceof jakarta.json.JsonException || c instanceof ProcessingException) {
                return true;
            }
        }
        return false;
    }
}
