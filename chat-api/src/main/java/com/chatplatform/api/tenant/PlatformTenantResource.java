package com.chatplatform.api.tenant;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.ApiKeyService;
import com.chatplatform.api.identity.CallerContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Platform administration of tenants: lifecycle and API keys. Who may call: platform admins. */
@Path("platform/tenants")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Platform")
public class PlatformTenantResource {

    /** A tenant; {@code deletion} only once its deletion was confirmed (progress: phase and counts per store). */
    public record TenantView(UUID id, String name, String status, Instant createdAt, DeletionView deletion) {
        static TenantView of(Tenant t) {
            DeletionView deletion = t.deletionRequestedAt() == null ? null : new DeletionView(t.deletionRequestedAt().toInstant(),
                    t.deletedAt() == null ? null : t.deletedAt().toInstant(), parse(t.deletionProgress()));
            return new TenantView(t.id(), t.name(), t.status(), t.createdAt().toInstant(), deletion);
        }

        private static jakarta.json.JsonObject parse(String json) {
            if (json == null) {
                return null;
            }
            try (var reader = com.chatplatform.api.platform.JsonSupport.JSON.createReader(new java.io.StringReader(json))) {
                return reader.readObject();
            }
        }
    }

    public record DeletionView(Instant requestedAt, Instant completedAt, jakarta.json.JsonObject progress) {
    }

    public record ConfirmDeletion(String token) {
    }

    public record TenantList(List<TenantView> items) {
    }

    public record CreateTenant(String name) {
    }

    public record CreateApiKey(String name) {
    }

    public record UpdateTenant(String name) {
    }

    public record CreatedTenantView(TenantView tenant, ApiKeyService.IssuedKey apiKey) {
    }

    @Inject
    TenantService tenants;
    @Inject
    TenantDeletionService deletions;
    @Inject
    CallerContext caller;

    @GET
    @Access(roles = "platform-admin")
    public TenantList list() {
        return new TenantList(tenants.list().stream().map(TenantView::of).toList());
    }

    @POST
    @Access(roles = "platform-admin")
    public Response create(CreateTenant body) {
        var created = tenants.create(caller.get(), body == null ? null : body.name());
        return Response.status(Response.Status.CREATED)
                .entity(new CreatedTenantView(TenantView.of(created.tenant()), created.apiKey())).build();
    }

    @GET
    @Path("{id}")
    @Access(roles = "platform-admin")
    public TenantView get(@PathParam("id") UUID id) {
        return TenantView.of(tenants.require(id));
    }

    @PATCH
    @Path("{id}")
    @Access(roles = "platform-admin")
    public TenantView rename(@PathParam("id") UUID id, UpdateTenant body) {
        return TenantView.of(tenants.rename(caller.get(), id, body == null ? null : body.name()));
    }

    @POST
    @Path("{id}/suspend")
    @Access(roles = "platform-admin")
    public TenantView suspend(@PathParam("id") UUID id) {
        return TenantView.of(tenants.suspend(caller.get(), id));
    }

    @POST
    @Path("{id}/reactivate")
    @Access(roles = "platform-admin")
    public TenantView reactivate(@PathParam("id") UUID id) {
        return TenantView.of(tenants.reactivate(caller.get(), id));
    }

    /**
     * Step 1 of deleting a tenant (it must be suspended): what would be removed and a confirmation token valid
     * 10 minutes.
     */
    @POST
    @Path("{id}/deletion")
    @Access(roles = "platform-admin")
    public TenantDeletionService.DeletionRequest requestDeletion(@PathParam("id") UUID id) {
        return deletions.request(caller.get(), id);
    }

    /** Step 2: with the token of step 1, the tenant becomes {@code deleting} and its data is removed in the background. */
    @POST
    @Path("{id}/deletion/confirm")
    @Access(roles = "platform-admin")
    public Response confirmDeletion(@PathParam("id") UUID id, ConfirmDeletion body) {
        return Response.accepted(TenantView.of(deletions.confirm(caller.get(), id, body == null ? null : body.token()))).build();
    }

    @GET
    @Path("{id}/api-keys")
    @Access(roles = "platform-admin")
    public ApiKeyService.KeyList listKeys(@PathParam("id") UUID id) {
        return tenants.listKeys(id);
    }

    @POST
    @Path("{id}/api-keys")
    @Access(roles = "platform-admin")
    public Response createKey(@PathParam("id") UUID id, CreateApiKey body) {
        return Response.status(Response.Status.CREATED).entity(tenants.issueKey(caller.get(), id, body == null ? null : body.name())).build();
    }

    @DELETE
    @Path("{id}/api-keys/{keyId}")
    @Access(roles = "platform-admin")
    public Response revokeKey(@PathParam("id") UUID id, @PathParam("keyId") UUID keyId) {
        tenants.revokeKey(caller.get(), id, keyId);
        return Response.noContent().build();
    }
}
