package com.chatplatform.search.message;

/** Which conversations of the tenant a search covers. The tenant filter applies to both. */
public enum SearchScope {
    /** Only the conversations named in the spec's readable set (end users; admins filtering by a member). */
    READABLE_CONVERSATIONS,
    /** Every conversation of the tenant: tenant-level moderation and compliance, asked for explicitly. */
    WHOLE_TENANT
}
