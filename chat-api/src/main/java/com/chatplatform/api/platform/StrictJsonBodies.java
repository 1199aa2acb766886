package com.chatplatform.api.platform;

import static com.chatplatform.api.platform.JsonSupport.JSON;

import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Every JSON request body read into a record is checked against the record's shape ({@link JsonShape})
 * before JSON-B reads it. On its own JSON-B ignores an unknown field and coerces values: {@code {"name": 5}}
 * becomes the name "5", {@code 1.5} an int 1, and {@code 99999999999} an int 1215752191, so a typo or a
 * client bug would change data without an error. An empty body still reaches the resource (as null), which
 * answers it as before. ADR 0019.
 */
@Provider
public class StrictJsonBodies implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (!context.getType().isRecord() || type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            return context.proceed();
        }
        byte[] body;
        try {
            body = context.getInputStream().readAllBytes();
        } catch (IOException cutShort) { // the client sent less than its Content-Length and closed, or stalled
            throw new ApiException(ErrorCode.REQUEST_MALFORMED, "The request body could not be read in full.");
        }
        if (!isBlank(body)) {
            JsonValue json;
            try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(body))) {
                json = reader.readValue();
            } catch (JsonException e) {
                throw new ApiException(ErrorCode.REQUEST_MALFORMED, "The request body is not valid JSON.");
            }
            JsonShape.check(json, context.getGenericType());
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
