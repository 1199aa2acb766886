package com.chatplatform.api.tenant;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.identity.ApiKeyService;
import com.chatplatform.api.identity.CallerContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Platform administration of tenants. Who may call: platform admins. */
@Path("platform/tenants")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(roles = "platform-admin")
@Tag(name = "Platform")
@SecurityRequirement(name = "bearer")
public class PlatformTenantResource {

    public record TenantView(UUID id, String name, String status, Instant createdAt) {
        static TenantView of(Tenant t) {
            return new TenantView(t.id(), t.name(), t.status(), t.createdAt().toInstant());
        }
    }

    public record TenantList(List<TenantView> items) {
    }

    public record CreateTenant(String name) {
    }

    public record CreateApiKey(String name) {
    }

    public record CreatedTenantView(TenantView tenant, ApiKeyService.IssuedKey apiKey) {
    }

    @Inject
    TenantService tenants;
    @Inject
    ApiKeyService apiKeys;
    @Inject
    CallerContext caller;

    @GET
    public TenantList list() {
        return new TenantList(tenants.list().stream().map(TenantView::of).toList());
    }

    @POST
    public Response create(CreateTenant body) {
        var created = tenants.create(caller.get(), body == null ? null : body.name());
        return Response.status(Response.Status.CREATED)
                .entity(new CreatedTenantView(TenantView.of(created.tenant()), created.apiKey())).build();
    }

    @GET
    @Path("{id}")
    public TenantView get(@PathParam("id") UUID id) {
        return TenantView.of(tenants.require(id));
    }

    @POST
    @Path("{id}/api-keys")
    public Response createKey(@PathParam("id") UUID id, CreateApiKey body) {
        tenants.require(id);
        String name = body == null || body.name() == null ? "" : body.name();
        return Response.status(Response.Status.CREATED).entity(apiKeys.issue(id, name)).build();
    }
}
