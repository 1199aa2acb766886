package com.chatplatform.api.message;

import com.chatplatform.api.media.AttachmentView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message as clients see it, in REST responses and WebSocket frames alike. A deleted message keeps its
 * id and seq with {@code deleted} true, empty text, no attachments, no reactions and no mentions. {@code mentions}:
 * the user ids the message mentions (sorted). {@code hardDeleted}: removed by a moderator (a tombstone; {@code deleted} is
 * true as well). {@code kind}: "user", or "system" (no {@code senderId}; {@code system}: the conversation event it renders,
 * {@code {"event","eventSeq","data"}}, absent for a text the tenant backend posted as the system). {@code parentId}: the
 * thread root this message replies to; {@code replyCount} and {@code lastReplyAt}: the replies of a thread root.
 * {@code senderBlocked}: true in what is returned to a user who has blocked the sender (clients collapse it); absent
 * (null) otherwise, and always in what is stored (event log) or pushed to everyone.
 */
public record MessageView(UUID id, UUID conversationId, long seq, String senderId, String clientId, String text,
                          List<AttachmentView> attachments, long version, Instant createdAt, boolean deleted,
                          Instant editedAt, List<Reaction> reactions, List<String> mentions,
                          boolean hardDeleted, String kind, jakarta.json.JsonObject system, UUID parentId, int replyCount,
                          Instant lastReplyAt, Boolean senderBlocked) {

    /** A view as stored and pushed to everyone ({@code senderBlocked} absent). */
    public MessageView(UUID id, UUID conversationId, long seq, String senderId, String clientId, String text,
                       List<AttachmentView> attachments, long version, Instant createdAt, boolean deleted,
                       Instant editedAt, List<Reaction> reactions, List<String> mentions,
                       boolean hardDeleted, String kind, jakarta.json.JsonObject system, UUID parentId, int replyCount,
                       Instant lastReplyAt) {
        this(id, conversationId, seq, senderId, clientId, text, attachments, version, createdAt, deleted, editedAt, reactions, mentions,
                hardDeleted, kind, system, parentId, replyCount, lastReplyAt, null);
    }

    /** The same view as returned to a user who has blocked its sender. */
    public MessageView withSenderBlocked() {
        return new MessageView(id, conversationId, seq, senderId, clientId, text, attachments, version, createdAt, deleted, editedAt,
                reactions, mentions, hardDeleted, kind, system, parentId, replyCount, lastReplyAt, Boolean.TRUE);
    }

    /** One emoji on a message and who put it there (user ids sorted). */
    public record Reaction(String emoji, List<String> userIds) {
    }
}
