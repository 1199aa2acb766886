package com.chatplatform.api.ratelimit;

import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.plan.Limits;
import com.chatplatform.api.plan.TenantSettings;
import com.chatplatform.api.platform.RateLimitedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token-bucket rate limits from the tenant's plan, in memory on this node: per tenant and per user for
 * requests (every REST call and every WebSocket frame) and for messages sent (REST and WebSocket).
 * API keys are limited by their tenant's buckets only; platform admins (no tenant) are not limited.
 * Buckets that have refilled completely are dropped by {@link #sweep} (see RateLimitSweeper), so idle
 * users cost no memory.
 */
@ApplicationScoped
public class RateLimiter {

    enum Scope { TENANT_REQUESTS, USER_REQUESTS, TENANT_MESSAGES, USER_MESSAGES }

    record Key(Scope scope, UUID tenantId, UUID principalId) {
    }

    @Inject
    TenantSettings settings;

    private final Map<Key, TokenBucket> buckets = new ConcurrentHashMap<>();
    /** The time source (replaced by a fake clock in tests). */
    LongSupplier clock = System::nanoTime;

    /** Counts one request (a REST call or a WebSocket frame); refused with rate.limited when over the plan's rate. */
    public void checkRequest(Caller caller) {
        if (caller.tenantId() == null) {
            return;
        }
        takeRequest(caller, settings.limits(caller.tenantId()));
    }

    /**
     * {@link #checkRequest} when the tenant's limits are cached on this node (no database read); false, with nothing
     * counted, when they are not.
     */
    public boolean checkRequestIfCached(Caller caller) {
        if (caller.tenantId() == null) {
            return true;
        }
        java.util.Optional<Limits> limits = settings.cachedLimits(caller.tenantId());
        limits.ifPresent(l -> takeRequest(caller, l));
        return limits.isPresent();
    }

    private void takeRequest(Caller caller, Limits limits) {
        take(caller, Scope.USER_REQUESTS, caller.kind() == Caller.Kind.API_KEY ? null : limits.userRequests(),
                Scope.TENANT_REQUESTS, limits.tenantRequests(), "requests");
    }

    /** Counts one message sent; refused with rate.limited when over the plan's message rate. */
    public void checkMessage(Caller caller) {
        if (caller.tenantId() == null) {
            return;
        }
        Limits limits = settings.limits(caller.tenantId());
        take(caller, Scope.USER_MESSAGES, caller.kind() == Caller.Kind.USER ? limits.userMessages() : null,
                Scope.TENANT_MESSAGES, limits.tenantMessages(), "messages");
    }

    /** Drops buckets that have refilled completely (they behave exactly like new ones); returns how many. */
    public int sweep() {
        long now = clock.getAsLong();
        int before = buckets.size();
        buckets.values().removeIf(b -> b.isFull(now));
        return before - buckets.size();
    }

    int size() {
        return buckets.size();
    }

    private void take(Caller caller, Scope userScope, Limits.Rate userRate, Scope tenantScope, Limits.Rate tenantRate, String what) {
        long now = clock.getAsLong();
        TokenBucket user = null;
        if (userRate != null) {
            user = bucket(new Key(userScope, caller.tenantId(), caller.principalId()), userRate, now);
            long wait = user.tryAcquire(userRate.perSecond(), userRate.burst(), now);
            if (wait > 0) {
                throw refused("Too many " + what + " from this " + principal(caller), userRate, wait);
            }
        }
        TokenBucket tenant = bucket(new Key(tenantScope, caller.tenantId(), null), tenantRate, now);
        long wait = tenant.tryAcquire(tenantRate.perSecond(), tenantRate.burst(), now);
        if (wait > 0) {
            if (user != null) {
                user.refund();
            }
            throw refused("Too many " + what + " for this tenant", tenantRate, wait);
        }
    }

    private TokenBucket bucket(Key key, Limits.Rate rate, long now) {
        return buckets.computeIfAbsent(key, k -> new TokenBucket(rate.perSecond(), rate.burst(), now));
    }

    private static String principal(Caller caller) {
        return switch (caller.kind()) {
            case USER -> "user";
            case API_KEY -> "API key";
            case ACCOUNT -> "account";
        };
    }

    private static RateLimitedException refused(String what, Limits.Rate rate, long waitNanos) {
        long millis = Math.max(1, (waitNanos + 999_999) / 1_000_000);
        return new RateLimitedException(what + ": the plan allows " + format(rate.perSecond()) + " per second (bursts of "
                + rate.burst() + "); retry after " + millis + " ms.", millis);
    }

    private static String format(double perSecond) {
        return perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
    }
}
