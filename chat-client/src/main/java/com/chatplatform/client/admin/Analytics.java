package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A tenant's analytics for a period of UTC days (both ends included), as {@code GET /analytics} and
 * {@code GET /platform/tenants/{id}/analytics} return it. Counts come from daily rollups the API keeps up to date
 * a few seconds behind the product ({@code countedUpTo}).
 *
 * @param days                 one entry per day of the period, zeros included
 * @param totals               the whole period ({@code activeUsers}: distinct senders over the period)
 * @param monthlyActiveUsers   distinct senders in the 30 days ending with {@code to}
 * @param busiestConversations at most 10, most messages first
 * @param connectionsNow       open WebSocket connections of the tenant on the API node that answered
 * @param storageBytes         bytes of the tenant's stored attachments now
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Analytics(String tenantId, LocalDate from, LocalDate to, List<Day> days, Totals totals, long monthlyActiveUsers,
                        List<BusyConversation> busiestConversations, int connectionsNow, long storageBytes,
                        long storedAttachments, Instant countedUpTo) implements Serializable {

    public Analytics {
        days = days == null ? List.of() : List.copyOf(days);
        busiestConversations = busiestConversations == null ? List.of() : List.copyOf(busiestConversations);
        totals = totals == null ? new Totals(0, 0, 0, 0) : totals;
    }

    /** One UTC day: messages sent, distinct senders, attachments sent with them and their bytes. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Day(LocalDate day, long messages, long activeUsers, long attachments, long attachmentBytes) implements Serializable {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Totals(long messages, long activeUsers, long attachments, long attachmentBytes) implements Serializable {
    }

    /** {@code name} is null for direct conversations and unnamed groups. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BusyConversation(String conversationId, String type, String name, long messages) implements Serializable {
    }

    /** True when nothing was sent in the period. */
    public boolean isEmpty() {
        return totals.messages() == 0;
    }
}
