package com.chatplatform.api.identity;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The signed-in console account and its second factor. Who may call: every console account. */
@Path("me")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(roles = {Caller.PLATFORM_ADMIN, "tenant-admin", "compliance-officer", "moderator"})
@Tag(name = "Console account")
public class MeResource {

    public record TotpCode(String code) {
    }

    public record ChangePassword(String currentPassword, String newPassword) {
    }

    @Inject
    AccountService accounts;
    @Inject
    CallerContext caller;

    @GET
    public AuthResource.AccountView me() {
        return AuthResource.AccountView.of(accounts.me(caller.get()));
    }

    /** Changes the password; every earlier token of the account stops working and a fresh one is returned. */
    @POST
    @Path("password")
    public AuthResource.LoginResponse changePassword(ChangePassword body) {
        var signedIn = accounts.changePassword(caller.get(), body == null ? null : body.currentPassword(),
                body == null ? null : body.newPassword());
        return new AuthResource.LoginResponse(signedIn.token().token(), signedIn.token().expiresAt(),
                AuthResource.AccountView.of(signedIn.account()));
    }

    /** Starts TOTP enrolment: answers the secret and an otpauth:// URI; nothing changes for sign-in until confirmed. */
    @POST
    @Path("totp")
    public AccountService.TotpEnrolment startTotp() {
        return accounts.startTotp(caller.get());
    }

    /** Confirms enrolment with a current code; from now on sign-in needs a code. */
    @POST
    @Path("totp/confirm")
    public AuthResource.AccountView confirmTotp(TotpCode body) {
        return AuthResource.AccountView.of(accounts.confirmTotp(caller.get(), body == null ? null : body.code()));
    }

    /**
     * Turns TOTP off; needs a current code. A POST because the code travels in the body: Payara answers a DELETE that has
     * a body with a bare 400 over HTTP/1.1, which is what load balancers and the SDK speak to a node.
     */
    @POST
    @Path("totp/disable")
    public AuthResource.AccountView disableTotp(TotpCode body) {
        return AuthResource.AccountView.of(accounts.disableTotp(caller.get(), body == null ? null : body.code()));
    }

    /**
     * The same as {@code POST /me/totp/disable}; only works over HTTP/2 (see there). Kept for clients written for it.
     *
     * @deprecated use {@code POST /me/totp/disable}
     */
    @Deprecated
    @DELETE
    @Path("totp")
    public AuthResource.AccountView disableTotpByDelete(TotpCode body) {
        return disableTotp(body);
    }
}
