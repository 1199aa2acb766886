package com.chatplatform.search.message;

import java.time.Instant;
import java.util.List;

/**
 * One search result.
 *
 * @param messageId      message id
 * @param conversationId conversation of the message
 * @param seq            per-conversation sequence number
 * @param senderId       sender's user id
 * @param createdAt      creation time (millisecond precision)
 * @param text           the original text as sent (plain text: escape it before putting it into HTML)
 * @param highlights     HTML fragments of the original text: text escaped, matching words in {@code <em>}; at most
 *                       three; empty when the match was in an attachment name only
 * @param score          relevance score (also computed when sorting by time)
 */
public record MessageHit(
        String messageId,
        String conversationId,
        long seq,
        String senderId,
        Instant createdAt,
        String text,
        List<String> highlights,
        double score) {

    public MessageHit {
        highlights = List.copyOf(highlights);
    }
}
