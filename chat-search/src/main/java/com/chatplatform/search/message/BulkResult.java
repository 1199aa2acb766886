package com.chatplatform.search.message;

import java.util.List;

/**
 * Per-item results of one bulk call, in request order (index items first, then deletes).
 */
public record BulkResult(List<BulkItemResult> items) {

    public BulkResult {
        items = List.copyOf(items);
    }

    static BulkResult empty() {
        return new BulkResult(List.of());
    }

    /** Items that failed; empty when the call returned normally. */
    public List<BulkItemResult> failures() {
        return items.stream().filter(i -> !i.succeeded()).toList();
    }

    /** Number of items with the given outcome. */
    public long count(BulkItemResult.Outcome outcome) {
        return items.stream().filter(i -> i.outcome() == outcome).count();
    }
}
