package com.chatplatform.api.media;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

@Entity
@Table(name = "attachment")
public class Attachment {
    @Id
    private UUID id;
    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;
    @Column(name = "conversation_id", nullable = false)
    private UUID conversationId;
    @Column(name = "uploader_id", nullable = false)
    private UUID uploaderId;
    @Column(name = "message_id")
    private UUID messageId;
    @Column(name = "storage_key", nullable = false)
    private String storageKey;
    @Column(name = "file_name", nullable = false)
    private String fileName;
    @Column(name = "content_type", nullable = false)
    private String contentType;
    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;
    @Column(nullable = false)
    private String sha256;
    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;
    @Column(nullable = false)
    private String status;
    @Column(name = "declared_type")
    private String declaredType;
    @Column(name = "declared_size")
    private Long declaredSize;
    @Column(name = "declared_sha256")
    private String declaredSha256;
    @Column
    private String rejection;
    @Column
    private Integer width;
    @Column
    private Integer height;
    @Column(name = "thumbnail_keys")
    private String thumbnailKeys;
    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;
    /** Bytes charged to the tenant's storage quota for this attachment (file and thumbnails). */
    @Column(name = "quota_bytes", nullable = false)
    private long quotaBytes;
    /** The S3 multipart upload id while a big file is uploaded in parts. */
    @Column(name = "upload_id")
    private String uploadId;
    @Column(name = "part_size")
    private Long partSize;
    @Column(name = "scan_status", nullable = false)
    private String scanStatus = NOT_SCANNED;
    @Column(name = "scan_detail")
    private String scanDetail;
    @Column(name = "duration_ms")
    private Long durationMs;

    public static final String PENDING = "pending";
    public static final String PROCESSING = "processing";
    public static final String READY = "ready";
    public static final String REJECTED = "rejected";

    public static final String NOT_SCANNED = "not_scanned";
    public static final String SCANNING = "scanning";
    public static final String CLEAN = "clean";
    public static final String INFECTED = "infected";
    public static final String SCAN_FAILED = "scan_failed";

    protected Attachment() {
    }

    Attachment(UUID id, UUID tenantId, UUID conversationId, UUID uploaderId, String storageKey, String fileName,
               String contentType, long sizeBytes, String sha256, OffsetDateTime createdAt) {
        this.id = id;
        this.tenantId = tenantId;
        this.conversationId = conversationId;
        this.uploaderId = uploaderId;
        this.storageKey = storageKey;
        this.fileName = fileName;
        this.contentType = contentType;
        this.sizeBytes = sizeBytes;
        this.sha256 = sha256;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.status = READY;
    }

    /** A direct-to-S3 upload announced by the client; nothing is trusted until it is completed. */
    static Attachment pending(UUID id, UUID tenantId, UUID conversationId, UUID uploaderId, String storageKey, String fileName,
                              String declaredType, long declaredSize, String declaredSha256, OffsetDateTime now) {
        Attachment a = new Attachment(id, tenantId, conversationId, uploaderId, storageKey, fileName, declaredType, declaredSize, "", now);
        a.status = PENDING;
        a.declaredType = declaredType;
        a.declaredSize = declaredSize;
        a.declaredSha256 = declaredSha256;
        return a;
    }

    public UUID id() { return id; }
    public UUID tenantId() { return tenantId; }
    public UUID conversationId() { return conversationId; }
    public UUID uploaderId() { return uploaderId; }
    public UUID messageId() { return messageId; }
    public String storageKey() { return storageKey; }
    public String fileName() { return fileName; }
    public String contentType() { return contentType; }
    public long sizeBytes() { return sizeBytes; }

    public String status() { return status; }
    public String declaredType() { return declaredType; }
    public Long declaredSize() { return declaredSize; }
    public String declaredSha256() { return declaredSha256; }
    public String rejection() { return rejection; }
    public Integer width() { return width; }
    public Integer height() { return height; }
    public long quotaBytes() { return quotaBytes; }
    public String uploadId() { return uploadId; }
    public Long partSize() { return partSize; }
    public String scanStatus() { return scanStatus; }
    public String scanDetail() { return scanDetail; }
    public Long durationMs() { return durationMs; }

    void multipart(String uploadId, long partSize) {
        this.uploadId = uploadId;
        this.partSize = partSize;
    }

    /** The multipart upload was completed or aborted at S3: nothing is left to abort. */
    void multipartClosed() {
        this.uploadId = null;
    }

    /** Verified and waiting for the malware scanner before anything else. */
    void awaitScan() {
        this.scanStatus = SCANNING;
        this.status = PROCESSING;
    }

    void scanned(String scanStatus, String detail, OffsetDateTime now) {
        this.scanStatus = scanStatus;
        this.scanDetail = detail == null ? null : detail.length() > 200 ? detail.substring(0, 200) : detail;
        this.updatedAt = now;
    }

    /** An infected file was moved to the quarantine prefix: the row follows it (deletion paths remove that object). */
    void quarantined(String quarantineKey, String signature, OffsetDateTime now) {
        this.storageKey = quarantineKey;
        scanned(INFECTED, signature, now);
        reject("media.infected: " + signature, now);
    }

    void durationMs(Long durationMs) {
        this.durationMs = durationMs;
    }

    /** Processing that does not change the bytes (scan, duration) is done. */
    void ready(OffsetDateTime now) {
        this.status = READY;
        this.updatedAt = now;
    }

    void charged(long bytes) {
        this.quotaBytes = bytes;
    }

    /** Thumbnail keys by size ("128=key,512=key"). */
    public java.util.Map<Integer, String> thumbnails() {
        java.util.Map<Integer, String> map = new java.util.TreeMap<>();
        if (thumbnailKeys != null && !thumbnailKeys.isBlank()) {
            for (String entry : thumbnailKeys.split(",")) {
                String[] kv = entry.split("=", 2);
                map.put(Integer.parseInt(kv[0]), kv[1]);
            }
        }
        return map;
    }

    void attachTo(UUID messageId) {
        this.messageId = messageId;
    }

    void verified(String contentType, long size, String sha256, boolean needsProcessing, OffsetDateTime now) {
        this.contentType = contentType;
        this.sizeBytes = size;
        this.sha256 = sha256;
        this.status = needsProcessing ? PROCESSING : READY;
        this.updatedAt = now;
    }

    void processed(long size, Integer width, Integer height, java.util.Map<Integer, String> thumbnails, OffsetDateTime now) {
        this.sizeBytes = size;
        this.width = width;
        this.height = height;
        this.thumbnailKeys = thumbnails.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining(","));
        this.status = READY;
        this.updatedAt = now;
    }

    void reject(String reason, OffsetDateTime now) {
        this.status = REJECTED;
        this.rejection = reason.length() > 200 ? reason.substring(0, 200) : reason;
        this.updatedAt = now;
    }

    AttachmentView view() {
        return new AttachmentView(id, fileName, contentType, sizeBytes, status, width, height, durationMs, scanStatus);
    }
}
