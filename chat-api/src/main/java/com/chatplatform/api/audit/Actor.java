package com.chatplatform.api.audit;

import com.chatplatform.api.identity.Caller;
import java.util.Locale;
import java.util.UUID;

/** Who did an audited action: a console account, an API key, an end user, or nobody known (a failed sign-in). */
public record Actor(String kind, String id) {
    public static final Actor ANONYMOUS = new Actor("anonymous", null);

    public static Actor of(Caller caller) {
        return new Actor(caller.kind().name().toLowerCase(Locale.ROOT), caller.principalId().toString());
    }

    public static Actor account(UUID accountId) {
        return new Actor("account", accountId.toString());
    }
}
