package com.chatplatform.api.identity;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Console sign-in. Who may call: anyone (it is how a person gets a token). */
@Path("auth")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Console sign-in")
public class AuthResource {

    public record LoginRequest(String email, String password) {
    }

    public record AccountView(UUID id, String email, String role, UUID tenantId) {
    }

    public record LoginResponse(String token, Instant expiresAt, AccountView account) {
    }

    @Inject
    AccountService accounts;

    @POST
    @Path("login")
    public LoginResponse login(LoginRequest body) {
        var signedIn = accounts.login(body == null ? null : body.email(), body == null ? null : body.password());
        var a = signedIn.account();
        return new LoginResponse(signedIn.token().token(), signedIn.token().expiresAt(),
                new AccountView(a.id(), a.email(), a.role(), a.tenantId()));
    }
}
