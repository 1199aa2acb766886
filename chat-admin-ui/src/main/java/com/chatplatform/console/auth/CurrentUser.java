package com.chatplatform.console.auth;

import com.chatplatform.client.admin.Account;
import com.chatplatform.client.admin.Session;
import com.vaadin.flow.server.VaadinSession;

import java.time.Instant;
import java.util.Optional;

/**
 * The signed-in person of the current Vaadin session: the API's login answer (bearer token, expiry,
 * account) kept as a session attribute. The token never leaves the server side.
 */
public final class CurrentUser {

    private static final String SESSION_KEY = CurrentUser.class.getName() + ".session";
    private static final String NEXT_KEY = CurrentUser.class.getName() + ".next";

    private CurrentUser() {
    }

    /** The signed-in person's API session, or empty when nobody is signed in or the token has expired. */
    public static Optional<Session> session() {
        VaadinSession vaadinSession = VaadinSession.getCurrent();
        if (vaadinSession == null) {
            return Optional.empty();
        }
        Session session = (Session) vaadinSession.getAttribute(SESSION_KEY);
        if (session != null && session.expiresAt() != null && !session.expiresAt().isAfter(Instant.now())) {
            vaadinSession.setAttribute(SESSION_KEY, null);
            return Optional.empty();
        }
        return Optional.ofNullable(session);
    }

    public static Optional<Account> account() {
        return session().map(Session::account);
    }

    /** The bearer token of the signed-in person; fails when nobody is signed in. */
    public static String token() {
        return session().map(Session::token)
                .orElseThrow(() -> new IllegalStateException("Nobody is signed in."));
    }

    /** Replaces the session's token (e.g. the fresh one after a password change, which ends every older token). */
    public static void replace(Session session) {
        signIn(session);
    }

    static void signIn(Session session) {
        VaadinSession.getCurrent().setAttribute(SESSION_KEY, session);
    }

    /** Remembers where an anonymous visitor wanted to go, to get there after signing in. */
    static void rememberTarget(String path) {
        VaadinSession.getCurrent().setAttribute(NEXT_KEY, path);
    }

    /** The remembered target (a route path, possibly empty), cleared on read. */
    static String takeTarget() {
        VaadinSession vaadinSession = VaadinSession.getCurrent();
        String next = (String) vaadinSession.getAttribute(NEXT_KEY);
        vaadinSession.setAttribute(NEXT_KEY, null);
        return next == null ? "" : next;
    }
}
