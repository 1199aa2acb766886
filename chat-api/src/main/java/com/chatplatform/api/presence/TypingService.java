package com.chatplatform.api.presence;

import com.chatplatform.api.conversation.ConversationService;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import com.chatplatform.api.ratelimit.TokenBucket;
import com.chatplatform.api.realtime.Frames;
import com.chatplatform.api.realtime.RealtimeHub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Typing indicators: a member says it is typing in a conversation, the other members' live sessions get a
 * {@code typing} frame. Never stored. Limited per user by a token bucket on this node (default bursts of 5, then
 * 0.5 per second): a frame over it is dropped with typing.rate_limited and the socket stays open.
 */
@ApplicationScoped
public class TypingService {

    @Inject
    ConversationService conversations;
    @Inject
    PresenceStore store;
    @Inject
    RealtimeHub hub;
    @Inject
    com.chatplatform.api.moderation.BlockedSenders blockedSenders;
    @Inject
    @ConfigProperty(name = "chat.typing.burst", defaultValue = "5")
    int burst;
    @Inject
    @ConfigProperty(name = "chat.typing.per-second", defaultValue = "0.5")
    double perSecond;

    private final Map<UUID, TokenBucket> buckets = new ConcurrentHashMap<>();

    /** Checks the rate and the membership (in one transaction, on the WebSocket thread), then pushes to the others. */
    @Transactional
    public void typing(Caller caller, UUID conversationId) {
        UUID me = caller.requireUser();
        long now = System.nanoTime();
        long waitNanos = buckets.computeIfAbsent(me, k -> new TokenBucket(perSecond, burst, now)).tryAcquire(perSecond, burst, now);
        if (waitNanos > 0) {
            throw new ApiException(ErrorCode.TYPING_RATE_LIMITED, "Typing frames are limited to bursts of " + burst + ", then "
                    + perSecond + " per second; retry after " + Math.max(1, waitNanos / 1_000_000) + " ms.");
        }
        if (buckets.size() > 10_000) {
            buckets.values().removeIf(b -> b.isFull(now));
        }
        UUID tenantId = conversations.requireMember(caller, conversationId).tenantId();
        List<UUID> others = blockedSenders.withoutBlockersOf(tenantId, me, store.otherMembers(tenantId, conversationId, me));
        hub.push(tenantId, others, Frames.typing(conversationId, caller.userExternalId()));
    }
}
