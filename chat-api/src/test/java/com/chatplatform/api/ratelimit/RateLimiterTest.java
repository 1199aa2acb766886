package com.chatplatform.api.ratelimit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.plan.Limits;
import com.chatplatform.api.plan.TenantSettings;
import com.chatplatform.api.platform.ErrorCode;
import com.chatplatform.api.platform.RateLimitedException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Per-user and per-tenant buckets, the refund between them, and the sweep of idle buckets, on a fake clock. */
class RateLimiterTest {
    private static final long SECOND = 1_000_000_000L;
    private final UUID tenant = UUID.randomUUID();
    private long now = 7 * SECOND;
    // requests: user 1/s bursts of 2, tenant 2/s bursts of 3; messages: user 1/s bursts of 1, tenant 10/s bursts of 10
    private final Limits limits = new Limits(null, null, 1, null, 10, 10, 1, 1, 2, 3, 1, 2);
    private final RateLimiter limiter = new RateLimiter();

    RateLimiterTest() {
        limiter.clock = () -> now;
        limiter.settings = new TenantSettings() {
            @Override
            public Limits limits(UUID tenantId) {
                return limits;
            }
        };
    }

    private Caller user() {
        return new Caller(Caller.Kind.USER, tenant, UUID.randomUUID(), null, "u");
    }

    @Test
    void aUserIsLimitedByItsOwnBucketAndTheTenantByTheShared() {
        Caller alice = user();
        Caller bob = user();
        limiter.checkRequest(alice);
        limiter.checkRequest(alice);
        RateLimitedException own = assertThrows(RateLimitedException.class, () -> limiter.checkRequest(alice));
        assertEquals(ErrorCode.RATE_LIMITED, own.code());
        assertTrue(own.getMessage().contains("this user"), own.getMessage());
        assertEquals(1000, own.retryAfterMillis());
        assertEquals(1, own.retryAfterSeconds());

        limiter.checkRequest(bob); // the tenant's third token
        RateLimitedException shared = assertThrows(RateLimitedException.class, () -> limiter.checkRequest(bob));
        assertTrue(shared.getMessage().contains("tenant"), shared.getMessage());
        assertEquals(500, shared.retryAfterMillis(), "the tenant refills at 2 per second");

        now += SECOND / 2;
        assertDoesNotThrow(() -> limiter.checkRequest(bob), "bob's token was given back when the tenant refused him");
    }

    @Test
    void theCheckWithoutADatabaseReadCountsOnlyWhenTheLimitsAreCachedAndThenInTheSameBuckets() {
        RateLimiter uncached = new RateLimiter();
        uncached.clock = () -> now;
        uncached.settings = new TenantSettings() {
            @Override
            public Limits limits(UUID tenantId) {
                return limits;
            }

            @Override
            public java.util.Optional<Limits> cachedLimits(UUID tenantId) {
                return java.util.Optional.empty();
            }
        };
        Caller alice = user();
        for (int i = 0; i < 3; i++) {
            assertFalse(uncached.checkRequestIfCached(alice), "not cached: the caller must load the limits");
        }
        uncached.checkRequest(alice); // nothing was counted above: the user's burst of 2 is still there
        uncached.checkRequest(alice);
        assertThrows(RateLimitedException.class, () -> uncached.checkRequest(alice));

        limiter.settings = new TenantSettings() {
            @Override
            public java.util.Optional<Limits> cachedLimits(UUID tenantId) {
                return java.util.Optional.of(limits);
            }
        };
        Caller bob = user();
        assertTrue(limiter.checkRequestIfCached(bob));
        assertTrue(limiter.checkRequestIfCached(bob));
        RateLimitedException refused = assertThrows(RateLimitedException.class, () -> limiter.checkRequestIfCached(bob));
        assertTrue(refused.getMessage().contains("this user"), refused.getMessage());
    }

    @Test
    void messagesHaveTheirOwnBucketsAndApiKeysOnlyTheTenants() {
        Caller alice = user();
        limiter.checkMessage(alice);
        assertThrows(RateLimitedException.class, () -> limiter.checkMessage(alice));
        assertDoesNotThrow(() -> limiter.checkRequest(alice), "requests are counted apart from messages");

        Caller key = new Caller(Caller.Kind.API_KEY, tenant, UUID.randomUUID(), null, null);
        limiter.checkRequest(key);
        limiter.checkRequest(key);
        assertThrows(RateLimitedException.class, () -> limiter.checkRequest(key), "the tenant's 3 requests are used up");
        Caller admin = new Caller(Caller.Kind.ACCOUNT, null, UUID.randomUUID(), Caller.PLATFORM_ADMIN, null);
        for (int i = 0; i < 100; i++) {
            limiter.checkRequest(admin);
        }
    }

    @Test
    void idleBucketsAreDroppedOnceFullAndBusyOnesKept() {
        for (int i = 0; i < 1000; i++) {
            limiter.checkRequest(new Caller(Caller.Kind.USER, UUID.randomUUID(), UUID.randomUUID(), null, "u"));
        }
        assertEquals(2000, limiter.size(), "a user bucket and a tenant bucket each");
        assertEquals(0, limiter.sweep(), "all of them just took a token");
        now += 10 * SECOND;
        assertEquals(2000, limiter.sweep(), "refilled buckets are no different from new ones");
        assertEquals(0, limiter.size());
    }
}
