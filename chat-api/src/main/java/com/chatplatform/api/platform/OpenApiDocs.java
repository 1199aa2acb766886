package com.chatplatform.api.platform;

import com.chatplatform.api.identity.Access;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Completes the generated OpenAPI document (mp.openapi.filter) from the code itself, so it cannot drift: every
 * operation gets the security schemes its {@link Access} admits (console token, tenant API key, end-user token, or
 * none for the public calls) and a "Who may call" line, and every operation documents its errors as RFC 9457
 * problem+json whose {@code code} is one of {@link ErrorCode} (docs/api/errors.md explains each).
 */
public class OpenApiDocs implements OASFilter {
    private static final Logger LOG = Logger.getLogger(OpenApiDocs.class.getName());
    static final String CONSOLE = "consoleToken";
    static final String API_KEY = "apiKey";
    static final String USER = "userToken";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        var components = openAPI.getComponents() != null ? openAPI.getComponents() : OASFactory.createComponents();
        openAPI.setComponents(components);
        components.addSecurityScheme(CONSOLE, bearer("JWT", "A console token: POST /auth/login (or accepting an invitation), 8 h."));
        components.addSecurityScheme(API_KEY, bearer("sk_<id>_<secret>", "A tenant API key, for the tenant's backend."));
        components.addSecurityScheme(USER, bearer("JWT", "An end user's token: minted by POST /users/{id}/tokens or signed by the tenant's backend."));
        components.addSchema("Problem", problem());
        Map<String, Access> access = accessByOperation();
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            String route = path.getKey().replaceFirst("^/v1", "");
            for (Map.Entry<PathItem.HttpMethod, Operation> op : path.getValue().getOperations().entrySet()) {
                document(op.getValue(), access.get(op.getKey().name() + " " + route), access.isEmpty());
            }
        }
    }

    private static void document(Operation operation, Access access, boolean unknown) {
        if (!unknown) {
            operation.setSecurity(requirements(access));
            String who = "Who may call: " + who(access) + ".";
            operation.setDescription(operation.getDescription() == null ? who : who + " " + operation.getDescription());
        }
        var problem = OASFactory.createContent().addMediaType("application/problem+json",
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref("#/components/schemas/Problem")));
        var responses = operation.getResponses() != null ? operation.getResponses() : OASFactory.createAPIResponses();
        responses.addAPIResponse("4XX", OASFactory.createAPIResponse().content(problem)
                .description("Refused: the problem's code says why (docs/api/errors.md). Nothing was changed."));
        responses.addAPIResponse("5XX", OASFactory.createAPIResponse().content(problem)
                .description("service.dependency_unavailable (retry later) or service.internal_error."));
        operation.setResponses(responses);
    }

    private static List<SecurityRequirement> requirements(Access access) {
        List<SecurityRequirement> out = new ArrayList<>();
        if (access == null) {
            return out; // public (sign-in, accepting an invitation): no credential
        }
        if (access.roles().length > 0) {
            out.add(OASFactory.createSecurityRequirement().addScheme(CONSOLE));
        }
        if (access.apiKey()) {
            out.add(OASFactory.createSecurityRequirement().addScheme(API_KEY));
        }
        if (access.user()) {
            out.add(OASFactory.createSecurityRequirement().addScheme(USER));
        }
        return out;
    }

    static String who(Access access) {
        if (access == null) {
            return "anyone (no credential)";
        }
        List<String> parts = new ArrayList<>();
        if (access.user()) {
            parts.add("end users (user token)");
        }
        if (access.apiKey()) {
            parts.add("the tenant's backend (API key)");
        }
        if (access.roles().length > 0) {
            parts.add("console accounts with role " + String.join(", ", access.roles()));
        }
        return String.join("; ", parts);
    }

    private static SecurityScheme bearer(String format, String description) {
        return OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat(format)
                .description(description);
    }

    private static Schema problem() {
        Schema code = OASFactory.createSchema().addType(Schema.SchemaType.STRING).description("Stable error code (docs/api/errors.md).");
        Arrays.stream(ErrorCode.values()).forEach(c -> code.addEnumeration(c.code()));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).description("RFC 9457 problem details with a stable code.")
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("title", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("code", code)
                .addProperty("requestId", OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }

    /** "METHOD /path" (without /v1) of every resource method, with its effective @Access (null: public). */
    static Map<String, Access> accessByOperation() {
        Map<String, Access> out = new HashMap<>();
        try {
            Endpoints.all().forEach((operation, method) -> out.put(operation, Endpoints.access(method)));
        } catch (IOException | URISyntaxException | ClassNotFoundException | RuntimeException e) {
            LOG.log(Level.WARNING, "OpenAPI: could not read the resources' @Access; the document lists no per-operation security", e);
            return Map.of();
        }
        return out;
    }
}
