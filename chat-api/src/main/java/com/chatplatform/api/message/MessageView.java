package com.chatplatform.api.message;

import com.chatplatform.api.media.AttachmentView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A message as clients see it, in REST responses and WebSocket frames alike. */
public record MessageView(UUID id, UUID conversationId, long seq, String senderId, String clientId, String text,
                          List<AttachmentView> attachments, long version, Instant createdAt) {
}
