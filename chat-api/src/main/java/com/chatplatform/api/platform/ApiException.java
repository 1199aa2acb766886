package com.chatplatform.api.platform;

/** A failure the caller can act on: carries a catalogue code and a human detail. */
public class ApiException extends RuntimeException {
    private final ErrorCode code;
    private Long retryAfterSeconds;

    public ApiException(ErrorCode code, String detail) {
        super(detail);
        this.code = code;
    }

    public ApiException(ErrorCode code) {
        this(code, code.title());
    }

    public ErrorCode code() {
        return code;
    }

    /** Seconds after which a retry may succeed, sent as the Retry-After header; null when not known. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public ApiException retryAfter(long seconds) {
        this.retryAfterSeconds = Math.max(1, seconds);
        return this;
    }

    public static ApiException notFound(String what) {
        return new ApiException(ErrorCode.NOT_FOUND, what + " not found.");
    }

    public static ApiException invalid(String detail) {
        return new ApiException(ErrorCode.REQUEST_INVALID, detail);
    }
}
