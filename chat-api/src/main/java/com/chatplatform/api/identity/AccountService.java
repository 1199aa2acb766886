package com.chatplatform.api.identity;

import com.chatplatform.api.audit.Actor;
import com.chatplatform.api.audit.AuditLog;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Console accounts: sign-in (with lock-out and the optional TOTP second factor), the signed-in account,
 * TOTP enrolment, sign-out everywhere and the first platform admin.
 */
@ApplicationScoped
public class AccountService {
    /** Verified against when the email is unknown, so both paths take the same time. */
    private static final String DUMMY_HASH = PasswordHasher.hash(UUID.randomUUID().toString());
    static final String TOTP_ISSUER = "Chat Platform";
    static final int MAX_PASSWORD_CHARS = 1024;

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    TokenService tokens;

    @Inject
    AuditLog audit;

    @Inject
    SignInThrottle throttle;

    @Inject
    TotpSteps totpSteps;

    @Inject
    @ConfigProperty(name = "chat.token.console.ttl-seconds", defaultValue = "28800")
    long consoleTtlSeconds;

    public record SignedIn(TokenService.Minted token, Account account) {
    }

    /** The start of a TOTP enrolment: the secret (base32) and the otpauth:// URI to scan. */
    public record TotpEnrolment(String secret, String otpauthUri) {
    }

    /**
     * Signs a person in; every attempt, successful or not, is in the audit log with the request's address.
     * Unknown emails and wrong passwords answer the same (and take the same time); after too many
     * consecutive failures for an email, every attempt (even with the right password) answers
     * auth.account_locked until the lock ends. With TOTP on, the password alone answers
     * auth.second_factor_required; a wrong or replayed code counts as a failure.
     */
    public SignedIn login(String email, String password, String totp) {
        if (email == null || password == null || email.isBlank()) {
            audit.failure(Actor.ANONYMOUS, null, AuditLog.SIGN_IN, "account", null,
                    AuditLog.detail("email", email, "reason", "missing_credentials"));
            throw new ApiException(ErrorCode.AUTH_INVALID_CREDENTIALS);
        }
        String attempted = normalise(email);
        String shown = attempted.length() > 320 ? attempted.substring(0, 320) : attempted;
        Optional<Account> account = findByEmail(attempted);
        String hash = account.map(Account::passwordHash).orElse(DUMMY_HASH);
        // Far longer than any allowed password: not hashed (hashing cost grows with length), simply wrong.
        boolean ok = password.length() <= MAX_PASSWORD_CHARS && PasswordHasher.verify(password, hash) && account.isPresent();
        UUID tenantId = account.map(Account::tenantId).orElse(null);
        UUID accountId = account.map(Account::id).orElse(null);
        Optional<Instant> locked = throttle.lockedUntil(attempted);
        if (locked.isPresent()) {
            audit.failure(Actor.ANONYMOUS, tenantId, AuditLog.SIGN_IN, "account", accountId,
                    AuditLog.detail("email", shown, "reason", "locked", "lockedUntil", locked.get()));
            throw locked(locked.get());
        }
        if (!ok) {
            failed(attempted, shown, tenantId, accountId, account.isEmpty() ? "unknown_email" : "wrong_password");
            throw new ApiException(ErrorCode.AUTH_INVALID_CREDENTIALS);
        }
        Account a = account.get();
        if (a.totpEnabled()) {
            if (totp == null || totp.isBlank()) {
                throw new ApiException(ErrorCode.AUTH_SECOND_FACTOR_REQUIRED);
            }
            if (!totpSteps.consume(a.id(), totp)) {
                failed(attempted, shown, tenantId, accountId, "wrong_totp");
                throw new ApiException(ErrorCode.AUTH_SECOND_FACTOR_INVALID);
            }
        }
        throttle.reset(attempted);
        audit.success(Actor.account(a.id()), a.tenantId(), AuditLog.SIGN_IN, "account", a.id(),
                AuditLog.detail("email", a.email(), "role", a.role(), "secondFactor", a.totpEnabled() ? "totp" : null));
        return new SignedIn(mint(a), a);
    }

    private void failed(String attempted, String shown, UUID tenantId, UUID accountId, String reason) {
        Optional<Instant> lockedNow = throttle.recordFailure(attempted);
        audit.failure(Actor.ANONYMOUS, tenantId, AuditLog.SIGN_IN, "account", accountId,
                AuditLog.detail("email", shown, "reason", reason));
        lockedNow.ifPresent(until -> audit.failure(Actor.ANONYMOUS, tenantId, AuditLog.LOCKED_OUT, "account", accountId,
                AuditLog.detail("email", shown, "lockedUntil", until)));
    }

    private static ApiException locked(Instant until) {
        long seconds = Math.max(1, Duration.between(Instant.now(), until).toSeconds() + 1);
        return new ApiException(ErrorCode.AUTH_ACCOUNT_LOCKED, "Too many failed sign-ins; try again in " + seconds + " seconds.")
                .retryAfter(seconds);
    }

    TokenService.Minted mint(Account a) {
        return tokens.mintConsoleToken(a.id(), a.tenantId(), a.role(), Duration.ofSeconds(consoleTtlSeconds));
    }

    public Optional<Account> find(UUID id) {
        return Optional.ofNullable(em.find(Account.class, id));
    }

    /** The signed-in account (console callers only). */
    public Account me(Caller caller) {
        if (caller.kind() != Caller.Kind.ACCOUNT) {
            throw new ApiException(ErrorCode.FORBIDDEN, "This call is made by a person signed in to the console.");
        }
        return find(caller.principalId()).orElseThrow(() -> new ApiException(ErrorCode.AUTH_INVALID_TOKEN, "The account no longer exists."));
    }

    /**
     * Refuses every console token of the account issued before the current second (this one included).
     * Token times have one-second precision: a token issued within the same second stays valid.
     */
    @Transactional
    public Instant signOutEverywhere(Caller caller) {
        Account a = lockedAccount(caller);
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        a.revokeTokens(at);
        audit.success(Actor.of(caller), a.tenantId(), AuditLog.SIGNED_OUT_EVERYWHERE, "account", a.id(), AuditLog.detail("email", a.email()));
        return at.toInstant();
    }

    /**
     * Changes the signed-in account's password: the current one must be right (a wrong one counts towards
     * the lock-out), the new one must meet the policy. Every earlier token of the account stops working
     * (as with sign-out everywhere); the answer carries a fresh token.
     */
    @Transactional
    public SignedIn changePassword(Caller caller, String current, String next) {
        Account a = lockedAccount(caller);
        if (current == null || current.length() > MAX_PASSWORD_CHARS || !PasswordHasher.verify(current, a.passwordHash())) {
            Optional<Instant> lockedNow = throttle.recordFailure(a.email());
            audit.failure(Actor.of(caller), a.tenantId(), AuditLog.PASSWORD_CHANGED, "account", a.id(),
                    AuditLog.detail("email", a.email(), "reason", "wrong_password"));
            lockedNow.ifPresent(until -> audit.failure(Actor.of(caller), a.tenantId(), AuditLog.LOCKED_OUT, "account", a.id(),
                    AuditLog.detail("email", a.email(), "lockedUntil", until)));
            throw new ApiException(ErrorCode.AUTH_INVALID_CREDENTIALS, "The current password is wrong.");
        }
        PasswordPolicy.check(next, a.email());
        a.setPasswordHash(PasswordHasher.hash(next));
        a.revokeTokens(OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
        audit.success(Actor.of(caller), a.tenantId(), AuditLog.PASSWORD_CHANGED, "account", a.id(), AuditLog.detail("email", a.email()));
        return new SignedIn(mint(a), a);
    }

    /** Starts (or restarts) TOTP enrolment: a new secret that becomes active once a code from it is confirmed. */
    @Transactional
    public TotpEnrolment startTotp(Caller caller) {
        Account a = lockedAccount(caller);
        if (a.totpEnabled()) {
            throw new ApiException(ErrorCode.TOTP_ALREADY_ENABLED, "Turn TOTP off first (DELETE /me/totp with a current code) to enrol a new device.");
        }
        String secret = Totp.newSecret();
        a.startTotp(secret);
        return new TotpEnrolment(secret, Totp.uri(TOTP_ISSUER, a.email(), secret));
    }

    @Transactional
    public Account confirmTotp(Caller caller, String code) {
        Account a = lockedAccount(caller);
        if (a.totpEnabled()) {
            throw new ApiException(ErrorCode.TOTP_ALREADY_ENABLED);
        }
        if (a.totpPendingSecret() == null) {
            throw new ApiException(ErrorCode.TOTP_NOT_ENABLED, "Start the enrolment first (POST /me/totp).");
        }
        OptionalLong step = Totp.match(a.totpPendingSecret(), code, Instant.now(), null);
        if (step.isEmpty()) {
            throw new ApiException(ErrorCode.TOTP_INVALID_CODE);
        }
        a.enableTotp(step.getAsLong(), OffsetDateTime.now(ZoneOffset.UTC));
        audit.success(Actor.of(caller), a.tenantId(), AuditLog.TOTP_ENABLED, "account", a.id(), AuditLog.detail("email", a.email()));
        return a;
    }

    /** Turns TOTP off; needs a current code (not one already used). */
    @Transactional
    public Account disableTotp(Caller caller, String code) {
        Account a = lockedAccount(caller);
        if (!a.totpEnabled()) {
            throw new ApiException(ErrorCode.TOTP_NOT_ENABLED);
        }
        if (Totp.match(a.totpSecret(), code, Instant.now(), a.totpLastStep()).isEmpty()) {
            throw new ApiException(ErrorCode.TOTP_INVALID_CODE);
        }
        a.disableTotp();
        audit.success(Actor.of(caller), a.tenantId(), AuditLog.TOTP_DISABLED, "account", a.id(), AuditLog.detail("email", a.email()));
        return a;
    }

    private Account lockedAccount(Caller caller) {
        me(caller);
        return em.find(Account.class, caller.principalId(), LockModeType.PESSIMISTIC_WRITE);
    }

    Optional<Account> findByEmail(String email) {
        return em.createQuery("select a from Account a where a.email = :email", Account.class)
                .setParameter("email", normalise(email))
                .getResultStream().findFirst();
    }

    static String normalise(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    /** Creates the first platform admin if there is none yet, committed on return; returns whether it did. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean bootstrapPlatformAdmin(String email, String password) {
        long admins = em.createQuery("select count(a) from Account a where a.role = :role", Long.class)
                .setParameter("role", Caller.PLATFORM_ADMIN).getSingleResult();
        if (admins > 0) {
            return false;
        }
        if (password.length() < 12) {
            throw new IllegalArgumentException("The bootstrap admin password must have at least 12 characters.");
        }
        em.persist(new Account(UUID.randomUUID(), null, normalise(email), PasswordHasher.hash(password),
                Caller.PLATFORM_ADMIN, OffsetDateTime.now(ZoneOffset.UTC)));
        return true;
    }

    /** Consumes TOTP codes at sign-in in a transaction of their own (the sign-in itself has none). */
    @ApplicationScoped
    public static class TotpSteps {
        @PersistenceContext(unitName = "chat")
        EntityManager em;

        /** Checks a code against the account's secret and records its step, so it cannot be used again. */
        @Transactional
        public boolean consume(UUID accountId, String code) {
            Account a = em.find(Account.class, accountId, LockModeType.PESSIMISTIC_WRITE);
            if (a == null || !a.totpEnabled()) {
                return false;
            }
            OptionalLong step = Totp.match(a.totpSecret(), code, Instant.now(), a.totpLastStep());
            if (step.isEmpty()) {
                return false;
            }
            a.useTotpStep(step.getAsLong());
            return true;
        }
    }
}
