package com.chatplatform.api.platform;

/**
 * The one error catalogue. Each code is stable (clients match on it), has one HTTP status for REST
 * and is sent as-is in WebSocket error frames. docs/api/errors.md lists them.
 */
public enum ErrorCode {
    REQUEST_MALFORMED("request.malformed", 400, "The request body is not valid JSON of the expected shape."),
    REQUEST_INVALID("request.invalid", 400, "A field of the request is missing or invalid."),
    REQUEST_METHOD_NOT_ALLOWED("request.method_not_allowed", 405, "This path does not take this HTTP method."),
    REQUEST_NOT_ACCEPTABLE("request.not_acceptable", 406, "The answer cannot be given in a type the Accept header allows."),
    REQUEST_UNSUPPORTED_MEDIA_TYPE("request.unsupported_media_type", 415, "The operation does not read a body of this Content-Type."),
    NOT_FOUND("resource.not_found", 404, "No such resource."),
    AUTH_REQUIRED("auth.required", 401, "This call needs credentials."),
    AUTH_INVALID_CREDENTIALS("auth.invalid_credentials", 401, "Wrong email or password."),
    AUTH_INVALID_TOKEN("auth.invalid_token", 401, "The token is malformed, forged or not meant for this service."),
    AUTH_TOKEN_EXPIRED("auth.token_expired", 401, "The token has expired."),
    AUTH_TOKEN_REVOKED("auth.token_revoked", 401, "The user's tokens issued before a revocation are no longer accepted."),
    AUTH_INVALID_API_KEY("auth.invalid_api_key", 401, "The API key is unknown."),
    AUTH_API_KEY_REVOKED("auth.api_key_revoked", 401, "The API key has been revoked."),
    FORBIDDEN("auth.forbidden", 403, "This credential may not make this call."),
    TENANT_SUSPENDED("tenant.suspended", 403, "The tenant is suspended."),
    API_KEY_LAST_ACTIVE("api_key.last_active", 409, "This is the tenant's last active API key; create another before revoking it."),
    TOKEN_KEY_INVALID("token_key.invalid", 400, "The token-signing key is not an accepted public JWK."),
    TOKEN_KEY_EXISTS("token_key.exists", 409, "The tenant already has a token-signing key with this kid."),
    USER_EXISTS("user.exists", 409, "A user with this id already exists in the tenant."),
    CONVERSATION_NOT_MEMBER("conversation.not_member", 404, "No such conversation, or the caller is not a member."),
    CONVERSATION_ROLE_FORBIDDEN("conversation.role_forbidden", 403, "Your role in this conversation does not allow this change."),
    CONVERSATION_NOT_ALLOWED("conversation.not_allowed", 409, "This change is not possible for this kind of conversation."),
    CONVERSATION_CUSTOM_DATA_TOO_LARGE("conversation.custom_data_too_large", 400, "The conversation's custom data is larger than the limit."),
    MESSAGE_NOT_FOUND("message.not_found", 404, "No such message in this conversation."),
    MESSAGE_NOT_AUTHOR("message.not_author", 403, "Only the author of a message may edit or delete it."),
    MESSAGE_DELETED("message.deleted", 409, "The message has been deleted."),
    REACTION_INVALID("reaction.invalid", 400, "A reaction is one emoji or a :short_code: of at most 32 characters."),
    READ_STALE("read.stale", 409, "The read position is behind the member's current read position."),
    READ_BEYOND_END("read.beyond_end", 400, "The read position is after the conversation's last event."),
    MESSAGE_TOO_LONG("message.too_long", 400, "The message text is too long."),
    MESSAGE_EMPTY("message.empty", 400, "A message needs text or an attachment."),
    MESSAGE_CLIENT_ID_REUSED("message.client_id_reused", 409, "This client id was already used for a different message."),
    MEDIA_EMPTY("media.empty", 400, "The upload has no bytes."),
    MEDIA_TOO_LARGE("media.too_large", 413, "The file is larger than the tenant's limit."),
    MEDIA_TYPE_MISMATCH("media.type_mismatch", 415, "The declared content type does not match the file's bytes."),
    MEDIA_TYPE_NOT_ALLOWED("media.type_not_allowed", 415, "This type of file is not allowed."),
    MEDIA_INVALID_FILE_NAME("media.invalid_file_name", 400, "The file name is empty, too long, or contains path separators or control characters."),
    MEDIA_SIZE_MISMATCH("media.size_mismatch", 409, "The uploaded object does not have the announced size (a truncated or wrong upload)."),
    MEDIA_CHECKSUM_MISMATCH("media.checksum_mismatch", 409, "The uploaded bytes do not match the announced SHA-256."),
    MEDIA_UPLOAD_MISSING("media.upload_missing", 409, "Nothing has been uploaded to the upload URL yet."),
    MEDIA_NOT_READY("media.not_ready", 409, "The attachment is still being verified or processed."),
    MEDIA_REJECTED("media.rejected", 422, "The attachment was refused (see detail) and has been removed."),
    MEDIA_MULTIPART_INVALID("media.multipart_invalid", 400, "The part list does not complete the multipart upload: every part 1..n once, with the ETag S3 answered for it."),
    MEDIA_INFECTED("media.infected", 422, "The malware scanner found the file infected; it is quarantined and never downloadable."),
    MEDIA_INVALID_EXPIRY("media.invalid_expiry", 400, "expiresInSeconds is outside the allowed range (see detail)."),
    MEDIA_NOT_ATTACHABLE("media.not_attachable", 409, "The attachment does not exist, belongs to another conversation or sender, or is already attached."),
    SEARCH_INVALID_QUERY("search.invalid_query", 400, "The search query is empty, too long or has an invalid filter."),
    FRAME_MALFORMED("frame.malformed", 400, "The WebSocket frame is not a JSON object with a known \"type\"."),
    FRAME_UNKNOWN_TYPE("frame.unknown_type", 400, "The WebSocket frame type is not known."),
    FRAME_TOO_LARGE("frame.too_large", 413, "The WebSocket frame is too large."),
    // realtime: receipts, presence, typing, protocol versions
    DELIVERED_BEYOND_END("delivered.beyond_end", 400, "The delivered position is after the conversation's last event."),
    PRESENCE_TOO_MANY_USERS("presence.too_many_users", 400, "Ask for the presence of at most 100 users at a time."),
    TYPING_RATE_LIMITED("typing.rate_limited", 429, "Too many typing frames; the frame was dropped, send again later."),
    PROTOCOL_UNSUPPORTED_VERSION("protocol.unsupported_version", 400, "The WebSocket protocol version asked for (?v=) is not supported."),
    // tenant deletion and isolation
    TENANT_NOT_SUSPENDED("tenant.not_suspended", 409, "Suspend the tenant before deleting it."),
    TENANT_DELETION_TOKEN_INVALID("tenant.deletion_token_invalid", 400, "The deletion confirmation token is wrong or has expired; request a new one."),
    TENANT_DELETED("tenant.deleted", 403, "The tenant is being deleted or has been deleted."),
    AUTH_UNKNOWN_TENANT("auth.unknown_tenant", 401, "The token's issuer (iss) is not a tenant of this service."),
    AUTH_TOKEN_KEY_REVOKED("auth.token_key_revoked", 401, "The token is signed with a key the tenant has revoked."),
    // plans, quotas and rate limits
    PLAN_INVALID("plan.invalid", 400, "A plan or limit value is missing, unknown, of the wrong type or out of range."),
    PLAN_NOT_FOUND("plan.not_found", 404, "No such plan."),
    PLAN_EXISTS("plan.exists", 409, "A plan with this id already exists."),
    QUOTA_USERS_EXCEEDED("quota.users_exceeded", 403, "The tenant has reached its plan's maximum number of users."),
    QUOTA_STORAGE_EXCEEDED("quota.storage_exceeded", 403, "The file would take the tenant over its plan's storage quota."),
    RATE_LIMITED("rate.limited", 429, "Too many requests or messages; retry after the time given."),
    // people: console accounts, invitations, sign-in hardening, end-user profiles, JWKS URLs
    AUTH_ACCOUNT_LOCKED("auth.account_locked", 429, "Too many failed sign-ins; this account is locked for a while (see Retry-After)."),
    AUTH_SECOND_FACTOR_REQUIRED("auth.second_factor_required", 401, "This account uses a second factor: send the current TOTP code as \"totp\"."),
    AUTH_SECOND_FACTOR_INVALID("auth.second_factor_invalid", 401, "The TOTP code is wrong, expired or was already used."),
    PASSWORD_POLICY("account.password_policy", 400, "The password does not meet the password policy."),
    ACCOUNT_EXISTS("account.exists", 409, "A console account with this email already exists."),
    INVITATION_INVALID("invitation.invalid", 404, "No such invitation (the link is wrong or was withdrawn)."),
    INVITATION_EXPIRED("invitation.expired", 410, "The invitation has expired; ask for a new one."),
    INVITATION_USED("invitation.used", 409, "The invitation has already been accepted."),
    TEAM_LAST_ADMIN("team.last_admin", 409, "A tenant must keep at least one tenant admin."),
    TOTP_INVALID_CODE("totp.invalid_code", 400, "The TOTP code is wrong, expired or was already used."),
    TOTP_ALREADY_ENABLED("totp.already_enabled", 409, "TOTP is already enabled for this account."),
    TOTP_NOT_ENABLED("totp.not_enabled", 409, "TOTP is not enabled (or no enrolment was started) for this account."),
    USER_AVATAR_URL_INVALID("user.avatar_url_invalid", 400, "The avatar URL must be an https URL of at most 2,048 characters."),
    USER_CUSTOM_DATA_TOO_LARGE("user.custom_data_too_large", 400, "The user's custom data is larger than the limit."),
    TOKEN_KEY_JWKS_URL_INVALID("token_key.jwks_url_invalid", 400, "The JWKS URL is not an allowed https URL."),
    TOKEN_KEY_JWKS_UNAVAILABLE("token_key.jwks_unavailable", 502, "The tenant's JWKS URL could not be fetched or holds no usable keys."),
    // compliance
    EXPORT_NOT_REQUESTER("export.not_requester", 403, "Only the credential that requested an export may download it."),
    EXPORT_NOT_READY("export.not_ready", 409, "The export has not finished yet."),
    EXPORT_EXPIRED("export.expired", 410, "The export has expired or was cancelled; its file has been deleted."),
    COMPLIANCE_JOB_FINISHED("compliance.job_finished", 409, "The job has already finished; it can no longer be cancelled."),
    // search
    MESSAGE_MENTION_INVALID("message.mention_invalid", 400, "A mentioned user id is not a member of the conversation, or too many users are mentioned."),
    SEARCH_REINDEX_RUNNING("search.reindex_running", 409, "A search reindex is already running; wait for it to finish."),
    // analytics
    ANALYTICS_INVALID_PERIOD("analytics.invalid_period", 400, "The period must be two days (YYYY-MM-DD) with from on or before to."),
    ANALYTICS_PERIOD_TOO_LONG("analytics.period_too_long", 400, "The period is longer than the longest allowed (366 days)."),
    // moderation
    USER_BLOCKED("user.blocked", 403, "A block between you and this user prevents direct conversations and direct messages."),
    BLOCK_SELF("block.self", 400, "A user cannot block themselves."),
    CONVERSATION_BANNED("conversation.banned", 403, "You are banned from this conversation."),
    MODERATION_TARGET_PROTECTED("moderation.target_protected", 409, "This user cannot be banned here (the owner, yourself, or an admin banned by an admin)."),
    MODERATION_LEGAL_HOLD("moderation.legal_hold", 409, "The message is under a legal hold (its conversation or its author) and cannot be hard-deleted until the hold is lifted."),
    MODERATION_INVALID_EXPIRY("moderation.invalid_expiry", 400, "The time must be an ISO-8601 instant in the future (at most 10 years ahead)."),
    // messaging features: admin sends, threads, pins, archive
    MESSAGE_SENDER_NOT_MEMBER("message.sender_not_member", 403, "The user the message is sent on behalf of is not a member of the conversation."),
    THREAD_PARENT_NOT_FOUND("thread.parent_not_found", 404, "The message replied to does not exist in this conversation."),
    THREAD_PARENT_IS_SYSTEM("thread.parent_is_system", 409, "System messages cannot start a thread."),
    CONVERSATION_ARCHIVED("conversation.archived", 409, "The conversation is archived: no new messages, edits or reactions until it is unarchived."),
    PIN_LIMIT_REACHED("pin.limit_reached", 409, "The conversation already has the most pinned messages allowed (50)."),
    DEPENDENCY_UNAVAILABLE("service.dependency_unavailable", 503, "A backing service is unavailable; try again later."),
    INTERNAL("service.internal_error", 500, "Something went wrong on our side; it has been logged.");

    private final String code;
    private final int status;
    private final String title;

    ErrorCode(String code, int status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
