package com.chatplatform.api.ratelimit;

/**
 * A token bucket: holds at most {@code burst} tokens, refills at {@code perSecond} tokens per second, and
 * each call takes one. Time comes from the caller (nanoseconds of a monotonic clock), so tests use a fake
 * clock. The limits are passed on every call: a changed plan applies at once, and a bucket that shrank
 * keeps no more tokens than its new size. Thread-safe.
 */
public final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1_000_000_000d;
    private double tokens;
    private long lastNanos;
    private int burst;
    private double perSecond;

    /** A full bucket. */
    public TokenBucket(double perSecond, int burst, long nowNanos) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** Takes a token: 0 if one was there, otherwise the nanoseconds until one will be (nothing taken). */
    public synchronized long tryAcquire(double perSecond, int burst, long nowNanos) {
        refill(perSecond, burst, nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond * NANOS_PER_SECOND));
    }

    /** Gives back a token taken by {@link #tryAcquire} (when a call that took it was refused by another bucket). */
    public synchronized void refund() {
        tokens = Math.min(burst, tokens + 1);
    }

    /** Whether the bucket has refilled completely: it is then no different from a new one and can be dropped. */
    public synchronized boolean isFull(long nowNanos) {
        refill(perSecond, burst, nowNanos);
        return tokens >= burst;
    }

    synchronized double tokens() {
        return tokens;
    }

    private void refill(double perSecond, int burst, long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perSecond / NANOS_PER_SECOND);
            lastNanos = nowNanos;
        }
        this.perSecond = perSecond;
        this.burst = burst;
        tokens = Math.min(tokens, burst);
    }
}
