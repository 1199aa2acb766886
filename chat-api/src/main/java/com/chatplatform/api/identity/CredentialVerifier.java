package com.chatplatform.api.identity;

import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import com.chatplatform.api.tenant.TenantService;

/** Verifies any credential we accept (API key, user token, console token) and checks its tenant is active. */
public final class CredentialVerifier {
    private CredentialVerifier() {
    }

    public static Caller verify(String credential, TokenService tokens, ApiKeyService apiKeys, AccountService accounts,
                                TenantService tenants) {
        Caller caller;
        if (ApiKeyService.looksLikeApiKey(credential)) {
            caller = apiKeys.authenticate(credential);
        } else {
            TokenService.Verified v = tokens.verify(credential);
            caller = switch (v.audience()) {
                case TokenService.AUDIENCE_USER -> {
                    if (v.tenantId() == null || v.userExternalId() == null) {
                        throw new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The user token lacks its tenant or user.");
                    }
                    yield new Caller(Caller.Kind.USER, v.tenantId(), v.subject(), null, v.userExternalId());
                }
                case TokenService.AUDIENCE_CONSOLE -> {
                    Account account = accounts.find(v.subject())
                            .orElseThrow(() -> new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The account no longer exists."));
                    yield new Caller(Caller.Kind.ACCOUNT, account.tenantId(), account.id(), account.role(), null);
                }
                default -> throw new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The token is not meant for this service.");
            };
        }
        if (caller.tenantId() != null) {
            tenants.requireActive(caller.tenantId());
        }
        return caller;
    }
}
