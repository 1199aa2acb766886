package com.chatplatform.console.app;

import com.chatplatform.client.admin.ChatApiException;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

import java.io.UncheckedIOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns a failed API call into what the person should read (never a stack trace). */
public final class ApiProblems {

    private static final Logger LOG = Logger.getLogger(ApiProblems.class.getName());

    private ApiProblems() {
    }

    /**
     * A sentence for the person, or {@code null} after an expired or revoked token (401), in which case the
     * person is signed out and sent to the login view.
     */
    public static String explain(RuntimeException failure, String whatFailed) {
        if (failure instanceof ChatApiException api) {
            if (api.isUnauthorized()) {
                LOG.info("The API refused the token (401): signing out");
                MainLayout.signOut();
                return null;
            }
            if (api.status() == 403) {
                return whatFailed + ": your account is not allowed to do this.";
            }
            String reason = api.detail() != null ? api.detail() : api.title();
            if (api.status() >= 500 || reason == null) {
                LOG.log(Level.WARNING, whatFailed + ": " + api.getMessage());
                return whatFailed + ": the API answered with an error (" + api.status() + "). Try again later.";
            }
            return whatFailed + ": " + reason;
        }
        if (failure instanceof UncheckedIOException io) {
            LOG.log(Level.WARNING, whatFailed + ": " + io.getMessage());
            return whatFailed + ": the chat API cannot be reached right now.";
        }
        throw failure;
    }

    /** Shows {@link #explain} as an error notification. */
    public static void notify(RuntimeException failure, String whatFailed) {
        String message = explain(failure, whatFailed);
        if (message != null) {
            Notification notification = Notification.show(message, 6000, Notification.Position.TOP_CENTER);
            notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
        }
    }
}
