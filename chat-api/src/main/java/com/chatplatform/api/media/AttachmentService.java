package com.chatplatform.api.media;

import com.chatplatform.api.conversation.Conversation;
import com.chatplatform.api.conversation.ConversationService;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.outbox.Outbox;
import com.chatplatform.api.plan.Limits;
import com.chatplatform.api.plan.TenantSettings;
import com.chatplatform.api.plan.UsageService;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.net.URL;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Attachments: uploaded by a member into a conversation, stored in S3 under a tenant-scoped key, attached
 * to one message by its sender, readable by the conversation's members through short-lived signed URLs.
 */
@ApplicationScoped
public class AttachmentService {
    /** The types the service can verify; a tenant's plan may allow fewer. */
    public static final Set<String> SUPPORTED_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp",
            "application/pdf", "video/mp4", "video/webm", "audio/mp4", "audio/ogg", "audio/mpeg", "audio/wav", "text/plain");
    /** S3 allows at most this many parts in one multipart upload. */
    static final int MAX_PARTS = 10_000;

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    ConversationService conversations;
    @Inject
    MediaStorage storage;
    @Inject
    Outbox outbox;
    @Inject
    TenantSettings settings;
    @Inject
    UsageService usage;
    @Inject
    @ConfigProperty(name = "chat.media.url-ttl-seconds", defaultValue = "300")
    long urlTtlSeconds;
    @Inject
    @ConfigProperty(name = "chat.media.upload-url-ttl-seconds", defaultValue = "900")
    long uploadUrlTtlSeconds;
    /** Bounds of a client's expiresInSeconds on download and upload URLs. */
    @Inject
    @ConfigProperty(name = "chat.media.url-min-ttl-seconds", defaultValue = "30")
    long minUrlTtlSeconds;
    @Inject
    @ConfigProperty(name = "chat.media.url-max-ttl-seconds", defaultValue = "3600")
    long maxUrlTtlSeconds;
    /** Announced files of this size or larger are uploaded in parts (S3 multipart upload). */
    @Inject
    @ConfigProperty(name = "chat.media.multipart-threshold-bytes", defaultValue = "16777216")
    long multipartThresholdBytes;
    /** The size of each part but the last (S3 needs at least 5 MiB). */
    @Inject
    @ConfigProperty(name = "chat.media.multipart-part-bytes", defaultValue = "8388608")
    long multipartPartBytes;
    /** How long infected files stay in quarantine when no message holds them. */
    @Inject
    @ConfigProperty(name = "chat.media.quarantine-max-age-seconds", defaultValue = "2592000")
    long quarantineMaxAgeSeconds;
    @Inject
    ClamdScanner scanner;

    public record Download(AttachmentView attachment, URL url, Instant expiresAt, Map<Integer, URL> thumbnails) {
    }

    /** Where and how the client uploads an announced file. */
    public record UploadTicket(AttachmentView attachment, URL url, String method, Map<String, String> headers, Instant expiresAt,
                               Multipart multipart) {
    }

    /** A big file's upload in parts: PUT part n (bytes [(n-1)*partSize, n*partSize)) to its URL, keep the ETag answered. */
    public record Multipart(String uploadId, long partSize, List<PartUrl> parts) {
    }

    public record PartUrl(int partNumber, URL url) {
    }

    /** A part the client uploaded: its number and the ETag S3 answered. */
    public record UploadedPart(Integer partNumber, String etag) {
    }

    /** The outcome of completing an upload: the attachment, or why it was refused (recorded, not rolled back). */
    public record Completion(AttachmentView attachment, ErrorCode refusal, String detail) {
    }

    /** The largest file the caller's tenant may upload (its plan's maxUploadBytes). */
    public long maxBytes(Caller caller) {
        return settings.maxUploadBytes(caller.requireTenant());
    }

    /** media.too_large naming the plan's limit. */
    public static ApiException tooLarge(long maxBytes) {
        return new ApiException(ErrorCode.MEDIA_TOO_LARGE, "The tenant's plan limits files to " + maxBytes + " bytes.");
    }

    private void requireAllowedType(UUID tenantId, String type) {
        Limits limits = settings.limits(tenantId);
        if (!SUPPORTED_TYPES.contains(type) || !limits.allowsMediaType(type)) {
            java.util.TreeSet<String> allowed = new java.util.TreeSet<>(SUPPORTED_TYPES);
            if (limits.allowedMediaTypes() != null) {
                allowed.retainAll(limits.allowedMediaTypes());
            }
            throw new ApiException(ErrorCode.MEDIA_TYPE_NOT_ALLOWED, "Allowed types: " + String.join(", ", allowed) + ".");
        }
    }

    /** Stores the bytes in S3 first, then records the attachment: a failure leaves no row pointing at nothing. */
    @Transactional
    public AttachmentView upload(Caller caller, UUID conversationId, String fileName, String declaredType, byte[] bytes) {
        Conversation conversation = conversations.requireMember(caller, conversationId);
        String name = validFileName(fileName);
        if (bytes.length == 0) {
            throw new ApiException(ErrorCode.MEDIA_EMPTY);
        }
        long maxBytes = maxBytes(caller);
        if (bytes.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        String detected = ContentSniffer.sniff(Arrays.copyOf(bytes, Math.min(bytes.length, 512)))
                .orElseThrow(() -> new ApiException(ErrorCode.MEDIA_TYPE_NOT_ALLOWED, "The file's type is not recognised or not allowed."));
        requireAllowedType(conversation.tenantId(), detected);
        String declared = declaredType == null ? "" : declaredType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (!declared.isEmpty() && !declared.equals("application/octet-stream") && !declared.equals(detected)) {
            throw new ApiException(ErrorCode.MEDIA_TYPE_MISMATCH, "Declared " + declared + " but the bytes are " + detected + ".");
        }
        // Charged before the bytes go to S3: a refusal stores nothing, and a failed put rolls the charge back.
        usage.charge(conversation.tenantId(), bytes.length);
        UUID id = UUID.randomUUID();
        String key = keyFor(conversation, id);
        storage.put(key, detected, bytes);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Attachment attachment = new Attachment(id, conversation.tenantId(), conversation.id(), caller.requireUser(), key, name,
                detected, bytes.length, sha256(bytes), now);
        attachment.verified(detected, bytes.length, sha256(bytes), needsProcessing(detected), now);
        attachment.charged(bytes.length);
        em.persist(attachment);
        enqueueProcessing(attachment);
        return attachment.view();
    }

    /**
     * Announces a file the client uploads straight to S3 (no bytes through the API): returns a short-lived
     * presigned PUT for a tenant-scoped key. Nothing is usable until {@link #complete} verified the bytes.
     */
    @Transactional
    public UploadTicket initiate(Caller caller, UUID conversationId, String fileName, String contentType, Long size, String sha256,
                                 Long expiresInSeconds) {
        Conversation conversation = conversations.requireMember(caller, conversationId);
        String name = validFileName(fileName);
        if (size == null || size < 0) {
            throw ApiException.invalid("\"size\" (bytes) is required.");
        }
        if (size == 0) {
            throw new ApiException(ErrorCode.MEDIA_EMPTY);
        }
        long maxBytes = maxBytes(caller);
        if (size > maxBytes) {
            throw tooLarge(maxBytes);
        }
        String type = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        requireAllowedType(conversation.tenantId(), type);
        // Refused early if it cannot fit now; charged (atomically, against the quota) when it is completed.
        usage.requireRoomFor(conversation.tenantId(), size);
        if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
            throw ApiException.invalid("\"sha256\" is the lower-case hex SHA-256 of the file (64 characters).");
        }
        Duration ttl = ttl(expiresInSeconds, uploadUrlTtlSeconds);
        UUID id = UUID.randomUUID();
        Attachment attachment = Attachment.pending(id, conversation.tenantId(), conversation.id(), caller.requireUser(),
                keyFor(conversation, id), name, type, size, sha256, OffsetDateTime.now(ZoneOffset.UTC));
        if (size < multipartThresholdBytes) {
            em.persist(attachment);
            return new UploadTicket(attachment.view(), storage.presignedPut(attachment.storageKey(), type, ttl), "PUT",
                    Map.of("Content-Type", type), Instant.now().plus(ttl), null);
        }
        // Big file: an S3 multipart upload, one presigned URL per part (parts at most 10,000, so big files get bigger parts).
        long partSize = Math.max(multipartPartBytes, (size + MAX_PARTS - 1) / MAX_PARTS);
        int partCount = (int) ((size + partSize - 1) / partSize);
        String uploadId = storage.startMultipart(attachment.storageKey(), type);
        attachment.multipart(uploadId, partSize);
        em.persist(attachment);
        List<PartUrl> parts = new java.util.ArrayList<>(partCount);
        for (int n = 1; n <= partCount; n++) {
            parts.add(new PartUrl(n, storage.presignedUploadPart(attachment.storageKey(), uploadId, n, ttl)));
        }
        return new UploadTicket(attachment.view(), null, "PUT", Map.of(), Instant.now().plus(ttl), new Multipart(uploadId, partSize, parts));
    }

    /** The URL lifetime a client asked for (bounded by chat.media.url-min/max-ttl-seconds), or the default. */
    private Duration ttl(Long expiresInSeconds, long defaultSeconds) {
        if (expiresInSeconds == null) {
            return Duration.ofSeconds(defaultSeconds);
        }
        if (expiresInSeconds < minUrlTtlSeconds || expiresInSeconds > maxUrlTtlSeconds) {
            throw new ApiException(ErrorCode.MEDIA_INVALID_EXPIRY,
                    "expiresInSeconds must be between " + minUrlTtlSeconds + " and " + maxUrlTtlSeconds + ".");
        }
        return Duration.ofSeconds(expiresInSeconds);
    }

    /**
     * Verifies an uploaded object before it can be attached: it exists, has the announced size (a truncated
     * upload fails), its bytes are of the announced type (sniffed, not trusted) and match the announced
     * checksum. A refused upload is deleted from S3 and stays "rejected". Completing twice is harmless.
     */
    @Transactional
    public Completion complete(Caller caller, UUID attachmentId, List<UploadedPart> parts) {
        Attachment a = requireOwnUpload(caller, attachmentId);
        if (!Attachment.PENDING.equals(a.status())) {
            if (Attachment.INFECTED.equals(a.scanStatus())) {
                return new Completion(a.view(), ErrorCode.MEDIA_INFECTED, a.rejection());
            }
            return Attachment.REJECTED.equals(a.status())
                    ? new Completion(a.view(), ErrorCode.MEDIA_REJECTED, a.rejection())
                    : new Completion(a.view(), null, null);
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (a.uploadId() != null) {
            Completion refused = completeMultipart(a, parts, now);
            if (refused != null) {
                return refused;
            }
        } else if (parts != null && !parts.isEmpty()) {
            throw new ApiException(ErrorCode.MEDIA_MULTIPART_INVALID, "This upload is a single PUT: complete it without parts.");
        }
        Optional<Long> stored = storage.size(a.storageKey());
        if (stored.isEmpty()) {
            return new Completion(a.view(), ErrorCode.MEDIA_UPLOAD_MISSING, null);
        }
        if (stored.get().longValue() != a.declaredSize()) {
            return refuse(a, ErrorCode.MEDIA_SIZE_MISMATCH, "Announced " + a.declaredSize() + " bytes, received " + stored.get() + ".", now);
        }
        // Streamed from S3: the head is sniffed, the whole is hashed, nothing big is held in memory.
        String detected;
        String digest;
        try (java.io.InputStream in = storage.open(a.storageKey())) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] head = in.readNBytes(512);
            detected = ContentSniffer.sniff(head).orElse("unknown");
            if (!detected.equals(a.declaredType())) {
                return refuse(a, ErrorCode.MEDIA_TYPE_MISMATCH, "Announced " + a.declaredType() + " but the bytes are " + detected + ".", now);
            }
            sha.update(head);
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
            digest = HexFormat.of().formatHex(sha.digest());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (a.declaredSha256() != null && !a.declaredSha256().equals(digest)) {
            return refuse(a, ErrorCode.MEDIA_CHECKSUM_MISMATCH, "The uploaded bytes do not match the announced SHA-256.", now);
        }
        long size = stored.get();
        if (!usage.tryCharge(a.tenantId(), size)) {
            return refuse(a, ErrorCode.QUOTA_STORAGE_EXCEEDED, usage.storageExceededNow(a.tenantId(), size).getMessage(), now);
        }
        a.charged(size);
        a.verified(detected, size, digest, needsProcessing(detected), now);
        enqueueProcessing(a);
        return new Completion(a.view(), null, null);
    }

    /**
     * Completes an announced multipart upload from the client's part list (every part 1..n exactly once, each with
     * the ETag S3 answered). A malformed list, or one S3 does not accept (a wrong ETag, a part missing or too small),
     * answers media.multipart_invalid and changes nothing: the client may fix it and complete again. Parts whose sizes
     * cannot add up to the announced size are a refusal: the multipart upload is aborted. Returns null when completed.
     */
    private Completion completeMultipart(Attachment a, List<UploadedPart> parts, OffsetDateTime now) {
        int expected = (int) ((a.declaredSize() + a.partSize() - 1) / a.partSize());
        if (parts == null || parts.isEmpty()) {
            throw new ApiException(ErrorCode.MEDIA_MULTIPART_INVALID, "This upload is in " + expected
                    + " parts: complete it with \"parts\": [{\"partNumber\": 1, \"etag\": \"...\"}, ...].");
        }
        java.util.SortedMap<Integer, String> byNumber = new java.util.TreeMap<>();
        for (UploadedPart p : parts) {
            if (p == null || p.partNumber() == null || p.partNumber() < 1 || p.partNumber() > expected || p.etag() == null
                    || p.etag().isBlank() || p.etag().length() > 200 || byNumber.put(p.partNumber(), p.etag()) != null) {
                throw new ApiException(ErrorCode.MEDIA_MULTIPART_INVALID, "Each part 1.." + expected
                        + " must be listed once with the ETag S3 answered for it.");
            }
        }
        if (byNumber.size() != expected) {
            throw new ApiException(ErrorCode.MEDIA_MULTIPART_INVALID, "Listed " + byNumber.size() + " parts of " + expected + ".");
        }
        try {
            storage.completeMultipart(a.storageKey(), a.uploadId(), byNumber);
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            String s3Code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
            if (e.statusCode() == 404 || "NoSuchUpload".equals(s3Code)) {
                a.multipartClosed();
                return refuse(a, ErrorCode.MEDIA_UPLOAD_MISSING, "The multipart upload no longer exists.", now);
            }
            if (e.statusCode() == 400) {
                if ("EntityTooSmall".equals(s3Code)) {
                    storage.abortMultipart(a.storageKey(), a.uploadId());
                    a.multipartClosed();
                    return refuse(a, ErrorCode.MEDIA_SIZE_MISMATCH, "A part other than the last is smaller than "
                            + a.partSize() + " bytes.", now);
                }
                throw new ApiException(ErrorCode.MEDIA_MULTIPART_INVALID, "S3 refused the part list (" + s3Code
                        + "): every part must be uploaded and listed with the ETag S3 answered.");
            }
            throw e;
        }
        a.multipartClosed();
        return null;
    }

    private Completion refuse(Attachment a, ErrorCode code, String detail, OffsetDateTime now) {
        if (a.uploadId() != null) {
            storage.abortMultipart(a.storageKey(), a.uploadId());
            a.multipartClosed();
        }
        storage.delete(a.storageKey());
        a.reject(code.code() + ": " + detail, now);
        return new Completion(a.view(), code, detail);
    }

    /**
     * Outbox step for images: strip metadata from the served bytes, read dimensions, write thumbnails.
     * Runs inside the outbox handler's transaction (deliberately not @Transactional: see OutboxHandler).
     */
    public void process(UUID tenantId, UUID attachmentId) {
        List<Attachment> found = em.createQuery("select a from Attachment a where a.id = :id and a.tenantId = :t", Attachment.class)
                .setParameter("id", attachmentId).setParameter("t", tenantId).getResultList();
        if (found.isEmpty() || !Attachment.PROCESSING.equals(found.get(0).status())) {
            return; // already processed (a redelivered event) or removed
        }
        Attachment a = found.get(0);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (Attachment.SCANNING.equals(a.scanStatus()) || Attachment.SCAN_FAILED.equals(a.scanStatus())) {
            if (!scan(a, now)) {
                return;
            }
        }
        if (a.contentType().startsWith("audio/") || a.contentType().startsWith("video/")) {
            try (java.io.InputStream in = storage.open(a.storageKey())) {
                a.durationMs(MediaDuration.read(in, a.sizeBytes(), a.contentType()).orElse(null));
            } catch (NoSuchKeyException gone) {
                a.reject(ErrorCode.MEDIA_REJECTED.code() + ": the stored file is missing.", now);
                release(a);
                return;
            } catch (java.io.IOException closing) {
                // the duration was read or not; closing an S3 stream early is not a failure
            }
        }
        if (!a.contentType().startsWith("image/")) {
            a.ready(now);
            return;
        }
        ImageProcessor.Result result;
        try {
            result = ImageProcessor.process(storage.read(a.storageKey()), a.contentType());
        } catch (NoSuchKeyException gone) {
            // The object vanished (e.g. removed by an earlier attempt whose transaction rolled back): nothing to serve.
            a.reject(ErrorCode.MEDIA_REJECTED.code() + ": the stored file is missing.", now);
            release(a);
            return;
        } catch (ImageProcessor.Rejected rejected) {
            storage.delete(a.storageKey());
            a.reject(ErrorCode.MEDIA_REJECTED.code() + ": " + rejected.getMessage(), now);
            release(a);
            return;
        }
        storage.put(a.storageKey(), a.contentType(), result.stripped());
        Map<Integer, String> thumbnailKeys = new java.util.TreeMap<>();
        for (Map.Entry<Integer, byte[]> t : result.thumbnails().entrySet()) {
            String key = a.storageKey() + ".thumbnail-" + t.getKey() + ".jpg";
            storage.put(key, "image/jpeg", t.getValue());
            thumbnailKeys.put(t.getKey(), key);
        }
        a.processed(result.stripped().length, result.width(), result.height(), thumbnailKeys, now);
        // The tenant's storage follows what is stored now: the stripped file plus its thumbnails.
        long stored = result.stripped().length + result.thumbnails().values().stream().mapToLong(t -> t.length).sum();
        usage.adjust(a.tenantId(), stored - a.quotaBytes());
        a.charged(stored);
    }

    /**
     * Scans the stored file with clamd (streamed from S3). Clean: true (processing goes on). Infected: the object moves
     * to the tenant's quarantine prefix, the attachment is rejected and never downloadable: false. The scanner failing:
     * scan_failed is recorded and {@link ClamdScanner.ScanFailed} thrown so the outbox retries later.
     */
    private boolean scan(Attachment a, OffsetDateTime now) {
        if (!scanner.enabled()) {
            a.scanned(Attachment.NOT_SCANNED, "no scanner is configured any more", now);
            return true;
        }
        ClamdScanner.Verdict verdict;
        try (java.io.InputStream in = storage.open(a.storageKey())) {
            verdict = scanner.scan(in);
        } catch (NoSuchKeyException gone) {
            a.reject(ErrorCode.MEDIA_REJECTED.code() + ": the stored file is missing.", now);
            release(a);
            return false;
        } catch (ClamdScanner.ScanFailed failed) {
            a.scanned(Attachment.SCAN_FAILED, failed.getMessage(), now);
            throw failed;
        } catch (java.io.IOException e) {
            a.scanned(Attachment.SCAN_FAILED, "reading the file from S3 failed: " + e, now);
            throw new ClamdScanner.ScanFailed("reading the file from S3 failed", e);
        }
        if (!verdict.infected()) {
            a.scanned(Attachment.CLEAN, null, now);
            return true;
        }
        String quarantine = quarantineKey(a.storageKey());
        storage.move(a.storageKey(), quarantine);
        a.quarantined(quarantine, verdict.signature(), now);
        release(a);
        return false;
    }

    /** tenants/T/conversations/... becomes tenants/T/quarantine/conversations/...: still under the tenant's prefix. */
    static String quarantineKey(String key) {
        int tenantEnd = key.indexOf('/', "tenants/".length());
        return key.substring(0, tenantEnd + 1) + "quarantine/" + key.substring(tenantEnd + 1);
    }

    /** Gives an attachment's bytes back to its tenant's storage quota (its files are gone or going). */
    private void release(Attachment a) {
        usage.adjust(a.tenantId(), -a.quotaBytes());
        a.charged(0);
    }

    /** Removes uploads never completed or never attached (and their S3 objects) once they are old enough. */
    @Transactional
    public int removeAbandoned(Duration pendingAge, Duration unattachedAge) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Attachment> stale = em.createQuery("select a from Attachment a where a.messageId is null and "
                        + "((a.status in :early and a.scanStatus <> :infected and a.createdAt < :pendingBefore) "
                        + "or (a.status in :late and a.createdAt < :unattachedBefore) "
                        + "or (a.scanStatus = :infected and a.createdAt < :quarantineBefore))",
                        Attachment.class)
                .setParameter("infected", Attachment.INFECTED)
                .setParameter("quarantineBefore", now.minusSeconds(quarantineMaxAgeSeconds))
                .setParameter("early", List.of(Attachment.PENDING, Attachment.REJECTED))
                .setParameter("late", List.of(Attachment.PROCESSING, Attachment.READY))
                .setParameter("pendingBefore", now.minus(pendingAge))
                .setParameter("unattachedBefore", now.minus(unattachedAge))
                .setMaxResults(500).getResultList();
        stale.stream().collect(Collectors.groupingBy(Attachment::tenantId, Collectors.mapping(Attachment::id, Collectors.toList())))
                .forEach(usage::releaseAttachments);
        for (Attachment a : stale) {
            if (a.uploadId() != null) {
                storage.abortMultipart(a.storageKey(), a.uploadId());
            }
            storage.delete(a.storageKey());
            a.thumbnails().values().forEach(storage::delete);
            em.remove(a);
        }
        return stale.size();
    }

    private Attachment requireOwnUpload(Caller caller, UUID attachmentId) {
        List<Attachment> found = em.createQuery("select a from Attachment a where a.id = :id and a.tenantId = :t and a.uploaderId = :u",
                        Attachment.class)
                .setParameter("id", attachmentId).setParameter("t", caller.requireTenant()).setParameter("u", caller.requireUser())
                .getResultList();
        if (found.isEmpty()) {
            throw ApiException.notFound("Upload");
        }
        conversations.requireMember(caller, found.get(0).conversationId());
        return found.get(0);
    }

    private void enqueueProcessing(Attachment a) {
        if (scanner.enabled()) {
            a.awaitScan(); // nothing is downloadable before the scanner said it is clean
        }
        if (Attachment.PROCESSING.equals(a.status())) {
            outbox.add(a.tenantId(), Outbox.MEDIA_PROCESS, a.id());
        }
    }

    private static boolean needsProcessing(String contentType) {
        return contentType.startsWith("image/") || contentType.startsWith("audio/") || contentType.startsWith("video/");
    }

    private static String keyFor(Conversation conversation, UUID id) {
        return "tenants/" + conversation.tenantId() + "/conversations/" + conversation.id() + "/attachments/" + id;
    }

    /** Attaches uploads to a new message; each must be the sender's own, in this conversation, not yet attached. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<AttachmentView> attach(Caller caller, UUID conversationId, UUID messageId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        if (ids.size() > 10 || Set.copyOf(ids).size() != ids.size()) {
            throw ApiException.invalid("A message has at most 10 distinct attachments.");
        }
        List<Attachment> found = em.createQuery("select a from Attachment a where a.tenantId = :t and a.id in :ids", Attachment.class)
                .setParameter("t", caller.requireTenant()).setParameter("ids", ids).getResultList();
        UUID me = caller.requireUser();
        if (found.size() != ids.size() || found.stream().anyMatch(a -> a.messageId() != null
                || !a.conversationId().equals(conversationId) || !a.uploaderId().equals(me)
                || !(Attachment.READY.equals(a.status()) || Attachment.PROCESSING.equals(a.status())))) {
            throw new ApiException(ErrorCode.MEDIA_NOT_ATTACHABLE);
        }
        Map<UUID, Attachment> byId = found.stream().collect(Collectors.toMap(Attachment::id, a -> a));
        return ids.stream().map(byId::get).peek(a -> a.attachTo(messageId)).map(Attachment::view).toList();
    }

    public Map<UUID, List<AttachmentView>> byMessage(UUID tenantId, Collection<UUID> messageIds) {
        if (messageIds.isEmpty()) {
            return Map.of();
        }
        return em.createQuery("select a from Attachment a where a.tenantId = :t and a.messageId in :ids order by a.createdAt", Attachment.class)
                .setParameter("t", tenantId).setParameter("ids", messageIds).getResultList().stream()
                .collect(Collectors.groupingBy(Attachment::messageId, Collectors.mapping(Attachment::view, Collectors.toList())));
    }

    /** A signed download link, for members of the attachment's conversation only. */
    public Download download(Caller caller, UUID attachmentId, Long expiresInSeconds) {
        List<Attachment> found = em.createQuery("select a from Attachment a where a.id = :id and a.tenantId = :t", Attachment.class)
                .setParameter("id", attachmentId).setParameter("t", caller.requireTenant()).getResultList();
        if (found.isEmpty()) {
            throw ApiException.notFound("Attachment");
        }
        Attachment a = found.get(0);
        try {
            conversations.requireMember(caller, a.conversationId());
        } catch (ApiException notMember) {
            throw ApiException.notFound("Attachment");
        }
        if (a.messageId() == null && !a.uploaderId().equals(caller.requireUser())) {
            throw ApiException.notFound("Attachment");
        }
        if (Attachment.INFECTED.equals(a.scanStatus())) {
            throw new ApiException(ErrorCode.MEDIA_INFECTED, "The malware scanner found " + a.scanDetail() + "; the file is quarantined.");
        }
        if (!Attachment.READY.equals(a.status())) {
            throw new ApiException(Attachment.REJECTED.equals(a.status()) ? ErrorCode.MEDIA_REJECTED : ErrorCode.MEDIA_NOT_READY,
                    Attachment.REJECTED.equals(a.status()) ? a.rejection() : "The attachment is " + a.status() + "; try again shortly.");
        }
        Duration ttl = ttl(expiresInSeconds, urlTtlSeconds);
        Map<Integer, URL> thumbnails = new java.util.TreeMap<>();
        a.thumbnails().forEach((size, key) -> thumbnails.put(size, storage.presignedGet(key, "thumbnail-" + size + ".jpg", ttl)));
        return new Download(a.view(), storage.presignedGet(a.storageKey(), a.fileName(), ttl), Instant.now().plus(ttl), thumbnails);
    }

    static String validFileName(String fileName) {
        if (fileName == null || fileName.isBlank() || fileName.length() > 255 || fileName.equals(".") || fileName.equals("..")
                || fileName.chars().anyMatch(c -> c == '/' || c == '\\' || Character.isISOControl(c))) {
            throw new ApiException(ErrorCode.MEDIA_INVALID_FILE_NAME);
        }
        return fileName.strip();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
