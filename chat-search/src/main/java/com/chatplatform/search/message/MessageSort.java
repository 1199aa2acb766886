package com.chatplatform.search.message;

/** Order of search results. */
public enum MessageSort {
    /** Best match first; ties newest first. The default. */
    RELEVANCE,
    /** Newest message first. */
    NEWEST_FIRST,
    /** Oldest message first. */
    OLDEST_FIRST
}
