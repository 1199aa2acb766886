package com.chatplatform.search.message;

/**
 * Identifies a message document to delete.
 *
 * @param tenantId  owner tenant (routing key)
 * @param messageId message id (document id)
 * @param version   version of the deletion, higher than any version indexed before (Elasticsearch external
 *                  versioning: an index of an older version arriving later is then ignored while the tombstone is
 *                  kept, see index.gc_deletes in the mapping)
 */
public record DocumentRef(String tenantId, String messageId, long version) {

    public DocumentRef {
        MessageDocument.requireId(tenantId, "tenantId");
        MessageDocument.requireId(messageId, "messageId");
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, was " + version);
        }
    }
}
