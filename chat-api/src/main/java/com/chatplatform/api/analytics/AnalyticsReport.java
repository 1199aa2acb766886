package com.chatplatform.api.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's analytics for a period of UTC days (both ends included).
 *
 * @param days                  one entry per day of the period, in order, days without activity included (zeros)
 * @param totals                the period as a whole; {@code activeUsers} counts distinct senders over the period
 * @param monthlyActiveUsers    distinct senders in the 30 days that end with {@code to}
 * @param busiestConversations  at most 10 conversations with the most messages in the period, most first
 * @param connectionsNow        open WebSocket connections of the tenant on the node that answered
 * @param storageBytes          bytes of the tenant's stored attachments now (refused uploads excluded)
 * @param countedUpTo           when the rollups last counted new messages (they lag the product by a few seconds)
 */
public record AnalyticsReport(UUID tenantId, LocalDate from, LocalDate to, List<Day> days, Totals totals,
                              long monthlyActiveUsers, List<BusyConversation> busiestConversations, int connectionsNow,
                              long storageBytes, long storedAttachments, Instant countedUpTo) {

    public record Day(LocalDate day, long messages, long activeUsers, long attachments, long attachmentBytes) {
    }

    public record Totals(long messages, long activeUsers, long attachments, long attachmentBytes) {
    }

    /** A conversation of the period: {@code name} is null for direct conversations and unnamed groups. */
    public record BusyConversation(UUID conversationId, String type, String name, long messages) {
    }
}
