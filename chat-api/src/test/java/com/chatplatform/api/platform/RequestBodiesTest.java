package com.chatplatform.api.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every request body the API reads is a record, so {@link StrictJsonBodies} checks its shape, or one of the
 * few bodies that are not JSON records, each listed here with the reason. A new operation with, say, a
 * JSON-B class as its body fails this test instead of silently skipping the check.
 */
class RequestBodiesTest {
    private static final Set<Class<? extends Annotation>> NOT_THE_BODY = Set.of(PathParam.class, QueryParam.class,
            HeaderParam.class, CookieParam.class, MatrixParam.class, FormParam.class, BeanParam.class, Context.class);

    @Test
    void everyJsonBodyIsARecordOrAListedException() throws Exception {
        Map<String, String> notRecords = new TreeMap<>();
        for (Map.Entry<String, Method> op : Endpoints.all().entrySet()) {
            for (Parameter p : op.getValue().getParameters()) {
                boolean body = Arrays.stream(p.getAnnotations()).noneMatch(a -> NOT_THE_BODY.contains(a.annotationType()));
                if (body && !p.getType().isRecord()) {
                    notRecords.put(op.getKey(), p.getType().getSimpleName());
                }
            }
        }
        assertEquals(Map.of(
                // Plans: JSON-P objects, checked field by field by PlanService (plan.invalid names the field).
                "POST /platform/plans", "JsonObject",
                "PATCH /platform/plans/{id}", "JsonObject",
                "PUT /platform/tenants/{tenantId}/plan", "JsonObject",
                // The optional part list of a multipart upload, read by AttachmentResource (media.multipart_invalid).
                "POST /attachments/{id}/complete", "String",
                // The file's bytes.
                "POST /conversations/{conversationId}/attachments", "InputStream"), notRecords);
    }
}
