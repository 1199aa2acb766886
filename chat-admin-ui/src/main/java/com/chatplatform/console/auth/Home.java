package com.chatplatform.console.auth;

import com.chatplatform.client.admin.Account;

/** Where each role starts after signing in (and where the console's root address leads it). */
public final class Home {

    private Home() {
    }

    /** The route path of the role's first view: "" (tenants) for platform admins. */
    public static String pathFor(Account account) {
        if (account == null || account.role() == null) {
            return "";
        }
        return switch (account.role()) {
            case Account.PLATFORM_ADMIN -> "";
            case Account.TENANT_ADMIN -> "usage";
            case Account.COMPLIANCE_OFFICER -> "compliance";
            case Account.MODERATOR -> "search";
            default -> StartView.ROUTE;
        };
    }
}
