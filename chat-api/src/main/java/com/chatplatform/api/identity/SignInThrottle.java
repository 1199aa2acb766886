package com.chatplatform.api.identity;

import static com.chatplatform.api.platform.NativeRows.instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Lock-out after consecutive failed sign-ins. Kept per email (its SHA-256), whether an account has that
 * email or not, so a lock-out tells nothing about which emails exist. Each change commits on its own
 * (the failing sign-in answers an error), and the counter is updated in one statement, so concurrent
 * failures all count.
 */
@ApplicationScoped
public class SignInThrottle {
    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    @ConfigProperty(name = "chat.auth.lockout.max-failures", defaultValue = "5")
    int maxFailures;

    @Inject
    @ConfigProperty(name = "chat.auth.lockout.seconds", defaultValue = "900")
    long lockSeconds;

    static String key(String email) {
        return Secrets.sha256Hex(email.strip().toLowerCase(Locale.ROOT));
    }

    /** Until when the email is locked, if it is locked now. */
    public Optional<Instant> lockedUntil(String email) {
        List<?> rows = em.createNativeQuery("select locked_until from sign_in_throttle where email_hash = ?1 and locked_until > now()")
                .setParameter(1, key(email)).getResultList();
        return rows.isEmpty() || rows.get(0) == null ? Optional.empty() : Optional.of(instant(rows.get(0)));
    }

    /**
     * Counts a failure; the failure that reaches the limit locks the email and returns the end of the
     * lock (the counter starts again from zero after it).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Instant> recordFailure(String email) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Number failures = (Number) em.createNativeQuery("insert into sign_in_throttle (email_hash, consecutive_failures, updated_at) "
                        + "values (?1, 1, ?2) on conflict (email_hash) do update set consecutive_failures = "
                        + "sign_in_throttle.consecutive_failures + 1, updated_at = ?2 returning consecutive_failures")
                .setParameter(1, key(email)).setParameter(2, now).getSingleResult();
        if (failures.intValue() < maxFailures) {
            return Optional.empty();
        }
        OffsetDateTime until = now.plusSeconds(lockSeconds);
        em.createNativeQuery("update sign_in_throttle set consecutive_failures = 0, locked_until = ?2 where email_hash = ?1")
                .setParameter(1, key(email)).setParameter(2, until).executeUpdate();
        return Optional.of(until.toInstant());
    }

    /** A successful sign-in clears the count of failures. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void reset(String email) {
        em.createNativeQuery("delete from sign_in_throttle where email_hash = ?1").setParameter(1, key(email)).executeUpdate();
    }
}
