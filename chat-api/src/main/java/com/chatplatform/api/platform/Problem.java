package com.chatplatform.api.platform;

/** RFC 9457 problem details, with the catalogue code as an extension member. */
public record Problem(String type, String title, int status, String detail, String code, String requestId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ErrorCode code, String detail, String requestId) {
        return new Problem("https://docs.chat.example/errors/" + code.code(), code.title(), code.status(),
                detail, code.code(), requestId);
    }
}
