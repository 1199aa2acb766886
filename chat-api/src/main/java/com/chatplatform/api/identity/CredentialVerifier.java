package com.chatplatform.api.identity;

import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import com.chatplatform.api.tenant.TenantService;
import com.chatplatform.api.user.UserService;
import com.nimbusds.jwt.SignedJWT;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.text.ParseException;
import java.time.Instant;

/**
 * Verifies any credential we accept and answers who is calling: a tenant API key, a console token, an
 * end-user token minted by this service, or an end-user token signed by the tenant's backend (HS256
 * shared secret or its registered RS256/ES256 public keys). The tenant must be active; an end user must
 * still exist and the token must not predate a revocation of the user's tokens. Used by the REST filter
 * and the WebSocket handshake: the only two places a call gets its tenant.
 */
@ApplicationScoped
public class CredentialVerifier {

    @Inject
    TokenService tokens;
    @Inject
    TenantTokenVerifier tenantTokens;
    @Inject
    ApiKeyService apiKeys;
    @Inject
    AccountService accounts;
    @Inject
    TenantService tenants;
    @Inject
    UserService users;

    public Caller verify(String credential) {
        Caller caller = ApiKeyService.looksLikeApiKey(credential) ? apiKeys.authenticate(credential) : token(credential);
        if (caller.tenantId() != null) {
            tenants.requireActive(caller.tenantId());
        }
        return caller;
    }

    private Caller token(String credential) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(credential);
        } catch (ParseException e) {
            throw new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The token is not a well-formed signed JWT.");
        }
        if (!TokenService.KEY_ID.equals(jwt.getHeader().getKeyID())) {
            TenantTokenVerifier.Verified v = tenantTokens.verify(jwt);
            tenants.requireActive(v.tenantId());
            UserService.TokenState user = users.tokenState(v.tenantId(), v.userExternalId())
                    .orElseThrow(() -> new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The token's user (sub) does not exist in the tenant."));
            requireNotRevoked(user, v.issuedAt());
            return new Caller(Caller.Kind.USER, v.tenantId(), user.id(), null, v.userExternalId());
        }
        TokenService.Verified v = tokens.verify(credential);
        return switch (v.audience()) {
            case TokenService.AUDIENCE_USER -> {
                if (v.tenantId() == null || v.userExternalId() == null) {
                    throw new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The user token lacks its tenant or user.");
                }
                tenants.requireActive(v.tenantId()); // before the user: a deleted tenant's tokens answer tenant.deleted
                UserService.TokenState user = users.tokenState(v.tenantId(), v.userExternalId())
                        .filter(u -> u.id().equals(v.subject()))
                        .orElseThrow(() -> new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The token's user no longer exists."));
                requireNotRevoked(user, v.issuedAt());
                yield new Caller(Caller.Kind.USER, v.tenantId(), v.subject(), null, v.userExternalId());
            }
            case TokenService.AUDIENCE_CONSOLE -> {
                Account account = accounts.find(v.subject())
                        .orElseThrow(() -> new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The account no longer exists."));
                if (account.tokensValidAfter() != null && v.issuedAt().isBefore(account.tokensValidAfter().toInstant())) {
                    throw new ApiException(ErrorCode.AUTH_TOKEN_REVOKED, "The account signed out everywhere after this token was issued.");
                }
                yield new Caller(Caller.Kind.ACCOUNT, account.tenantId(), account.id(), account.role(), null);
            }
            default -> throw new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The token is not meant for this service.");
        };
    }

    private static void requireNotRevoked(UserService.TokenState user, Instant issuedAt) {
        if (user.tokensValidAfter() != null && issuedAt.isBefore(user.tokensValidAfter())) {
            throw new ApiException(ErrorCode.AUTH_TOKEN_REVOKED);
        }
    }
}
