package com.chatplatform.search.message;

/** Field names of the message document (see {@code search/messages-v1.json}). */
final class MessageFields {

    static final String TENANT_ID = "tenantId";
    static final String CONVERSATION_ID = "conversationId";
    static final String MESSAGE_ID = "messageId";
    static final String SEQ = "seq";
    static final String SENDER_ID = "senderId";
    /** Folded text (see {@link TextFolding}), analysed with the standard analyzer. */
    static final String TEXT = "text";
    /** Original text as sent, not indexed, returned in results. */
    static final String TEXT_ORIGINAL = "textOriginal";
    static final String CREATED_AT = "createdAt";
    static final String HAS_ATTACHMENT = "hasAttachment";
    static final String ATTACHMENT_TYPES = "attachmentTypes";
    /** Folded attachment file names, analysed with the standard analyzer. */
    static final String ATTACHMENT_NAMES = "attachmentNames";
    static final String MENTIONS = "mentions";
    static final String VERSION = "version";

    private MessageFields() {
    }
}
