package com.chatplatform.api.identity;

import com.chatplatform.api.platform.ApiException;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Keys the tenant's backend signs its users' tokens with. Who may call: tenant API keys and tenant admins.
 * POST {"type":"hs256"} creates a shared secret (shown once); POST {"type":"jwk","jwk":{...}} registers
 * a public RS256/ES256 key.
 */
@Path("token-keys")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(apiKey = true, roles = "tenant-admin")
@Tag(name = "User token keys (tenant backend)")
public class TokenKeyResource {

    public record CreateKey(String type, Map<String, Object> jwk) {
    }

    public record KeyList(List<TenantTokenKeys.KeyView> items) {
    }

    @Inject
    TenantTokenKeys keys;
    @Inject
    CallerContext caller;

    @GET
    public KeyList list() {
        return new KeyList(keys.list(caller.get()));
    }

    @POST
    public Response create(CreateKey body) {
        String type = body == null || body.type() == null ? "" : body.type();
        TenantTokenKeys.IssuedKey issued = switch (type) {
            case "hs256" -> keys.createSharedSecret(caller.get());
            case "jwk" -> {
                if (body.jwk() == null) {
                    throw ApiException.invalid("\"jwk\" (the public key as a JWK object) is required for type \"jwk\".");
                }
                yield keys.registerPublicKey(caller.get(), body.jwk());
            }
            default -> throw ApiException.invalid("\"type\" is \"hs256\" (a shared secret we generate) or \"jwk\" (your public key).");
        };
        return Response.status(Response.Status.CREATED).entity(issued).build();
    }

    public record RegisterJwksUrl(String url) {
    }

    public record JwksUrlList(List<JwksUrls.JwksUrlView> items) {
    }

    @Inject
    JwksUrls jwksUrls;

    /** The tenant's JWKS URLs. */
    @GET
    @Path("jwks-urls")
    public JwksUrlList jwksUrls() {
        return new JwksUrlList(jwksUrls.list(caller.get()));
    }

    /** Registers a JWKS URL (https, public address); it is fetched at once and must hold a usable key. */
    @POST
    @Path("jwks-urls")
    public Response registerJwksUrl(RegisterJwksUrl body) {
        return Response.status(Response.Status.CREATED).entity(jwksUrls.register(caller.get(), body == null ? null : body.url())).build();
    }

    @DELETE
    @Path("jwks-urls/{id}")
    public Response removeJwksUrl(@PathParam("id") UUID id) {
        jwksUrls.remove(caller.get(), id);
        return Response.noContent().build();
    }

    @DELETE
    @Path("{kid}")
    public TenantTokenKeys.KeyView revoke(@PathParam("kid") String kid) {
        return keys.revoke(caller.get(), kid);
    }
}
