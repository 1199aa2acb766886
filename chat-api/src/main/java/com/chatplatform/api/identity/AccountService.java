package com.chatplatform.api.identity;

import com.chatplatform.api.audit.Actor;
import com.chatplatform.api.audit.AuditLog;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Console accounts: sign-in and the first platform admin. */
@ApplicationScoped
public class AccountService {
    /** Verified against when the email is unknown, so both paths take the same time. */
    private static final String DUMMY_HASH = PasswordHasher.hash(UUID.randomUUID().toString());

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    TokenService tokens;

    @Inject
    AuditLog audit;

    @Inject
    @ConfigProperty(name = "chat.token.console.ttl-seconds", defaultValue = "28800")
    long consoleTtlSeconds;

    public record SignedIn(TokenService.Minted token, Account account) {
    }

    /** Signs a person in; every attempt, successful or not, is in the audit log with the request's address. */
    public SignedIn login(String email, String password) {
        if (email == null || password == null) {
            audit.failure(Actor.ANONYMOUS, null, AuditLog.SIGN_IN, "account", null,
                    AuditLog.detail("email", email, "reason", "missing_credentials"));
            throw new ApiException(ErrorCode.AUTH_INVALID_CREDENTIALS);
        }
        Optional<Account> account = findByEmail(email);
        String hash = account.map(Account::passwordHash).orElse(DUMMY_HASH);
        boolean ok = PasswordHasher.verify(password, hash);
        if (account.isEmpty() || !ok) {
            String attempted = email.strip().toLowerCase(Locale.ROOT);
            audit.failure(Actor.ANONYMOUS, account.map(Account::tenantId).orElse(null), AuditLog.SIGN_IN, "account",
                    account.map(Account::id).orElse(null),
                    AuditLog.detail("email", attempted.length() > 320 ? attempted.substring(0, 320) : attempted,
                            "reason", account.isEmpty() ? "unknown_email" : "wrong_password"));
            throw new ApiException(ErrorCode.AUTH_INVALID_CREDENTIALS);
        }
        Account a = account.get();
        audit.success(Actor.account(a.id()), a.tenantId(), AuditLog.SIGN_IN, "account", a.id(),
                AuditLog.detail("email", a.email(), "role", a.role()));
        return new SignedIn(tokens.mintConsoleToken(a.id(), a.tenantId(), a.role(), Duration.ofSeconds(consoleTtlSeconds)), a);
    }

    public Optional<Account> find(UUID id) {
        return Optional.ofNullable(em.find(Account.class, id));
    }

    private Optional<Account> findByEmail(String email) {
        return em.createQuery("select a from Account a where a.email = :email", Account.class)
                .setParameter("email", email.strip().toLowerCase(Locale.ROOT))
                .getResultStream().findFirst();
    }

    /** Creates the first platform admin if there is none yet; returns whether it did. */
    @Transactional
    public boolean bootstrapPlatformAdmin(String email, String password) {
        long admins = em.createQuery("select count(a) from Account a where a.role = :role", Long.class)
                .setParameter("role", Caller.PLATFORM_ADMIN).getSingleResult();
        if (admins > 0) {
            return false;
        }
        if (password.length() < 12) {
            throw new IllegalArgumentException("The bootstrap admin password must have at least 12 characters.");
        }
        em.persist(new Account(UUID.randomUUID(), null, email.strip().toLowerCase(Locale.ROOT), PasswordHasher.hash(password),
                Caller.PLATFORM_ADMIN, OffsetDateTime.now(ZoneOffset.UTC)));
        return true;
    }
}
