package com.chatplatform.api.identity;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Console sign-in, accepting an invitation and signing out everywhere. Who may call: anyone for sign-in
 * and accepting (that is how a person gets a token); console accounts for sign-out-everywhere.
 */
@Path("auth")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Console sign-in")
public class AuthResource {

    public record LoginRequest(String email, String password, String totp) {
    }

    public record AccountView(UUID id, String email, String displayName, String role, UUID tenantId, boolean totpEnabled) {
        static AccountView of(Account a) {
            return new AccountView(a.id(), a.email(), a.displayName(), a.role(), a.tenantId(), a.totpEnabled());
        }
    }

    public record LoginResponse(String token, Instant expiresAt, AccountView account) {
    }

    public record AcceptInvitation(String token, String password, String displayName) {
    }

    public record SignedOut(Instant tokensValidAfter) {
    }

    @Inject
    AccountService accounts;
    @Inject
    TeamService team;
    @Inject
    CallerContext caller;

    @POST
    @Path("login")
    public LoginResponse login(LoginRequest body) {
        var signedIn = accounts.login(body == null ? null : body.email(), body == null ? null : body.password(),
                body == null ? null : body.totp());
        return new LoginResponse(signedIn.token().token(), signedIn.token().expiresAt(), AccountView.of(signedIn.account()));
    }

    /** Accepts an invitation (its single-use token), creates the console account and signs it in. */
    @POST
    @Path("invitations/accept")
    public Response accept(AcceptInvitation body) {
        Account a = team.accept(body == null ? null : body.token(), body == null ? null : body.password(),
                body == null ? null : body.displayName());
        TokenService.Minted token = accounts.mint(a);
        return Response.status(Response.Status.CREATED).entity(new LoginResponse(token.token(), token.expiresAt(), AccountView.of(a))).build();
    }

    /** Refuses every console token of the signed-in account issued before now, this one included. */
    @POST
    @Path("sign-out-everywhere")
    @Access(roles = {Caller.PLATFORM_ADMIN, "tenant-admin", "compliance-officer", "moderator"})
    public SignedOut signOutEverywhere() {
        return new SignedOut(accounts.signOutEverywhere(caller.get()));
    }
}
