package com.chatplatform.api.identity;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates the first platform admin from CHAT_BOOTSTRAP_ADMIN_EMAIL / CHAT_BOOTSTRAP_ADMIN_PASSWORD
 * when no platform admin exists yet (./chat up generates the password on first start). The account is written in a
 * transaction of its own, committed inside the system scope below: the singleton's @PostConstruct runs in a container
 * transaction that commits after the scope has ended, and the insert then reached PostgreSQL in no scope, which
 * fail-closed row-level security refuses (ADR 0006).
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class BootstrapAdmin {
    private static final Logger LOG = Logger.getLogger(BootstrapAdmin.class.getName());

    @Inject
    AccountService accounts;

    @Inject
    @ConfigProperty(name = "chat.bootstrap.admin.email")
    Optional<String> email;

    @Inject
    @ConfigProperty(name = "chat.bootstrap.admin.password")
    Optional<String> password;

    @PostConstruct
    void bootstrap() {
        if (email.isEmpty() || password.isEmpty()) {
            LOG.info("No bootstrap platform admin configured (chat.bootstrap.admin.email/password).");
            return;
        }
        com.chatplatform.api.platform.CallerContextHolder.enterSystem("bootstrap");
        try {
            if (accounts.bootstrapPlatformAdmin(email.get(), password.get())) {
                LOG.info(() -> "Created the first platform admin " + email.get());
            }
        } finally {
            com.chatplatform.api.platform.CallerContextHolder.clear();
        }
    }
}
