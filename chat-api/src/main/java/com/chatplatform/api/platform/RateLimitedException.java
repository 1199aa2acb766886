package com.chatplatform.api.platform;

/**
 * A call refused by a rate limit (rate.limited): REST answers 429 with a Retry-After header, the WebSocket
 * an error frame with retryAfterMs. The refused call has changed nothing.
 */
public class RateLimitedException extends ApiException {
    private final long retryAfterMillis;

    public RateLimitedException(String detail, long retryAfterMillis) {
        super(ErrorCode.RATE_LIMITED, detail);
        this.retryAfterMillis = Math.max(1, retryAfterMillis);
        retryAfter((this.retryAfterMillis + 999) / 1000); // the Retry-After header: whole seconds, rounded up
    }

    public long retryAfterMillis() {
        return retryAfterMillis;
    }
}
