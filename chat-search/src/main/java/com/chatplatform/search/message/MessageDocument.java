package com.chatplatform.search.message;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One message as it is indexed. The document id is {@code messageId}; it is routed by {@code tenantId}.
 *
 * @param tenantId        owner tenant (routing key and mandatory filter of every search)
 * @param conversationId  conversation of the message
 * @param messageId       message id (client-supplied, unique within the platform); the document id
 * @param seq             per-conversation sequence number
 * @param senderId        user id of the sender
 * @param text            text as sent; {@code null} for an attachment-only message
 * @param createdAt       creation time (stored with millisecond precision)
 * @param attachmentTypes media types of the attachments (for example {@code image/png}); may be empty
 * @param attachmentNames file names of the attachments (searchable); may be empty
 * @param mentions        user ids mentioned in the message; may be empty
 * @param version         message version, strictly increasing with each edit; used as the Elasticsearch external
 *                        version so an older update can never overwrite a newer one (0 .. 9.2e18)
 */
public record MessageDocument(
        String tenantId,
        String conversationId,
        String messageId,
        long seq,
        String senderId,
        String text,
        Instant createdAt,
        List<String> attachmentTypes,
        List<String> attachmentNames,
        List<String> mentions,
        long version) {

    public MessageDocument {
        requireId(tenantId, "tenantId");
        requireId(conversationId, "conversationId");
        requireId(messageId, "messageId");
        requireId(senderId, "senderId");
        Objects.requireNonNull(createdAt, "createdAt");
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, was " + version);
        }
        text = text == null ? "" : text;
        attachmentTypes = attachmentTypes == null ? List.of() : List.copyOf(attachmentTypes);
        attachmentNames = attachmentNames == null ? List.of() : List.copyOf(attachmentNames);
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }

    /** A text-only message without attachments or mentions. */
    public static MessageDocument text(String tenantId, String conversationId, String messageId, long seq,
                                       String senderId, String text, Instant createdAt, long version) {
        return new MessageDocument(tenantId, conversationId, messageId, seq, senderId, text, createdAt,
                List.of(), List.of(), List.of(), version);
    }

    /** Reference to this document, for a delete. */
    public DocumentRef ref() {
        return new DocumentRef(tenantId, messageId, version);
    }

    static void requireId(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
