package com.chatplatform.search.message;

import java.util.List;

/**
 * One page of search results.
 *
 * @param hits       at most {@code limit} hits, in the requested order
 * @param nextCursor cursor for the next page (pass it to {@link MessageSearchQuery#after(String)} with the same
 *                   query and sort), or {@code null} when this is the last page
 */
public record SearchResults(List<MessageHit> hits, String nextCursor) {

    public SearchResults {
        hits = List.copyOf(hits);
    }

    public static SearchResults empty() {
        return new SearchResults(List.of(), null);
    }

    public boolean hasMore() {
        return nextCursor != null;
    }
}
