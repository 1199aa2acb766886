package com.chatplatform.api.message;

import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.KeysetCursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The caller's mentions, newest first, only in conversations the caller is (still) a member of. */
@ApplicationScoped
public class MentionService {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    @Inject
    Mentions mentions;
    @Inject
    MessageService messages;
    @Inject
    com.chatplatform.api.moderation.BlockedSenders blockedSenders;

    /** One page; {@code nextCursor} is null on the last page. */
    public record Page(List<MessageView> items, String nextCursor) {
    }

    public Page mine(Caller caller, Integer limit, String cursor) {
        UUID me = caller.requireUser();
        UUID tenantId = caller.requireTenant();
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ApiException.invalid("\"limit\" must be between 1 and " + MAX_LIMIT + ".");
        }
        KeysetCursor before = KeysetCursor.parse(cursor);
        OffsetDateTime beforeTime = before == null ? null : before.at();
        UUID beforeMessage = before == null ? null : before.id();
        List<Mentions.MentionRow> rows = mentions.of(tenantId, me, beforeTime, beforeMessage, size + 1);
        boolean more = rows.size() > size;
        List<Mentions.MentionRow> page = more ? rows.subList(0, size) : rows;
        Map<UUID, MessageView> views = messages.byIds(tenantId, page.stream().map(Mentions.MentionRow::messageId).toList());
        List<MessageView> items = new ArrayList<>(page.size());
        for (Mentions.MentionRow r : page) {
            MessageView v = views.get(r.messageId());
            if (v != null) {
                items.add(v);
            }
        }
        String next = null;
        if (more) {
            Mentions.MentionRow last = page.get(page.size() - 1);
            next = KeysetCursor.of(last.createdAt().toInstant(), last.messageId());
        }
        return new Page(blockedSenders.mark(caller, items), next); // "senderBlocked" on messages of users the caller blocked
    }
}
