package com.chatplatform.api.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The token bucket against a fake clock (nanoseconds chosen by the test). */
class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;
    private long now = 42 * SECOND;

    @Test
    void aNewBucketAllowsOneBurstThenRefusesWithTheTimeToTheNextToken() {
        TokenBucket bucket = new TokenBucket(2, 5, now);
        for (int i = 0; i < 5; i++) {
            assertEquals(0, bucket.tryAcquire(2, 5, now), "call " + i + " of the burst");
        }
        long wait = bucket.tryAcquire(2, 5, now);
        assertEquals(SECOND / 2, wait, "at 2 per second the next token comes in 500 ms");
        assertEquals(wait, bucket.tryAcquire(2, 5, now), "a refused call takes nothing");
    }

    @Test
    void tokensComeBackAtTheRateAndNeverAboveTheBurst() {
        TokenBucket bucket = new TokenBucket(1, 3, now);
        for (int i = 0; i < 3; i++) {
            bucket.tryAcquire(1, 3, now);
        }
        now += SECOND / 2;
        assertEquals(SECOND / 2, bucket.tryAcquire(1, 3, now), "half a token after half a second");
        now += SECOND / 2;
        assertEquals(0, bucket.tryAcquire(1, 3, now), "one token after one second");
        assertTrue(bucket.tryAcquire(1, 3, now) > 0);
        now += 3600 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertEquals(0, bucket.tryAcquire(1, 3, now), "a long pause gives back the burst");
        }
        assertTrue(bucket.tryAcquire(1, 3, now) > 0, "... and no more than the burst");
    }

    @Test
    void aSmallerBurstAppliesAtOnceAndARefundGivesOneTokenBack() {
        TokenBucket bucket = new TokenBucket(10, 100, now);
        assertEquals(0, bucket.tryAcquire(10, 2, now), "the plan shrank to bursts of 2: one of two left");
        assertEquals(0, bucket.tryAcquire(10, 2, now));
        assertTrue(bucket.tryAcquire(10, 2, now) > 0);
        bucket.refund();
        assertEquals(0, bucket.tryAcquire(10, 2, now), "the refunded token is there");
    }

    @Test
    void aBucketIsFullAgainOnceItHadTimeToRefill() {
        TokenBucket bucket = new TokenBucket(4, 2, now);
        assertTrue(bucket.isFull(now), "a new bucket is full (and may be dropped)");
        bucket.tryAcquire(4, 2, now);
        assertFalse(bucket.isFull(now));
        now += SECOND / 8;
        assertFalse(bucket.isFull(now), "half a token back after 125 ms");
        now += SECOND / 8;
        assertTrue(bucket.isFull(now), "full after 250 ms at 4 per second");
    }

    @Test
    void aClockGoingBackwardsGivesNothing() {
        TokenBucket bucket = new TokenBucket(1, 1, now);
        assertEquals(0, bucket.tryAcquire(1, 1, now));
        assertTrue(bucket.tryAcquire(1, 1, now - 10 * SECOND) > 0);
    }
}
