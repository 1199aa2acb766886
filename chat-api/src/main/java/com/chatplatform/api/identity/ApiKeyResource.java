package com.chatplatform.api.identity;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A tenant backend manages its own API keys (rotation without downtime). Who may call: tenant API keys and tenant admins. */
@Path("api-keys")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "API keys (tenant backend)")
public class ApiKeyResource {

    public record CreateApiKey(String name) {
    }

    @Inject
    ApiKeyService apiKeys;
    @Inject
    CallerContext caller;

    @GET
    @Access(apiKey = true, roles = "tenant-admin")
    public ApiKeyService.KeyList list() {
        return apiKeys.listOwn(caller.get());
    }

    @POST
    @Access(apiKey = true, roles = "tenant-admin")
    public Response create(CreateApiKey body) {
        return Response.status(Response.Status.CREATED).entity(apiKeys.issueOwn(caller.get(), body == null ? null : body.name())).build();
    }

    @DELETE
    @Path("{keyId}")
    @Access(apiKey = true, roles = "tenant-admin")
    public Response revoke(@PathParam("keyId") UUID keyId) {
        apiKeys.revokeOwn(caller.get(), keyId);
        return Response.noContent().build();
    }
}
