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
            "application/pdf", "video/mp4", "audio/ogg", "audio/mpeg", "text/plain");

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

    public record Download(AttachmentView attachment, URL url, Instant expiresAt, Map<Integer, URL> thumbnails) {
    }

    /** Where and how the client uploads an announced file. */
    public record UploadTicket(AttachmentView attachment, URL url, String method, Map<String, String> headers, Instant expiresAt) {
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
    public UploadTicket initiate(Caller caller, UUID conversationId, String fileName, String contentType, Long size, String sha256) {
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
        UUID id = UUID.randomUUID();
        Attachment attachment = Attachment.pending(id, conversation.tenantId(), conversation.id(), caller.requireUser(),
                keyFor(conversation, id), name, type, size, sha256, OffsetDateTime.now(ZoneOffset.UTC));
        em.persist(attachment);
        Duration ttl = Duration.ofSeconds(uploadUrlTtlSeconds);
        return new UploadTicket(attachment.view(), storage.presignedPut(attachment.storageKey(), type, ttl), "PUT",
                Map.of("Content-Type", type), Instant.now().plus(ttl));
    }

    /**
     * Verifies an uploaded object before it can be attached: it exists, has the announced size (a truncated
     * upload fails), its bytes are of the announced type (sniffed, not trusted) and match the announced
     * checksum. A refused upload is deleted from S3 and stays "rejected". Completing twice is harmless.
     */
    @Transactional
    public Completion complete(Caller caller, UUID attachmentId) {
        Attachment a = requireOwnUpload(caller, attachmentId);
        if (!Attachment.PENDING.equals(a.status())) {
            return Attachment.REJECTED.equals(a.status())
                    ? new Completion(a.view(), ErrorCode.MEDIA_REJECTED, a.rejection())
                    : new Completion(a.view(), null, null);
        }
        Optional<Long> stored = storage.size(a.storageKey());
        if (stored.isEmpty()) {
            return new Completion(a.view(), ErrorCode.MEDIA_UPLOAD_MISSING, null);
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (stored.get().longValue() != a.declaredSize()) {
            return refuse(a, ErrorCode.MEDIA_SIZE_MISMATCH, "Announced " + a.declaredSize() + " bytes, received " + stored.get() + ".", now);
        }
        byte[] bytes = storage.read(a.storageKey());
        String detected = ContentSniffer.sniff(Arrays.copyOf(bytes, Math.min(bytes.length, 512))).orElse("unknown");
        if (!detected.equals(a.declaredType())) {
            return refuse(a, ErrorCode.MEDIA_TYPE_MISMATCH, "Announced " + a.declaredType() + " but the bytes are " + detected + ".", now);
        }
        String digest = sha256(bytes);
        if (a.declaredSha256() != null && !a.declaredSha256().equals(digest)) {
            return refuse(a, ErrorCode.MEDIA_CHECKSUM_MISMATCH, "The uploaded bytes do not match the announced SHA-256.", now);
        }
        if (!usage.tryCharge(a.tenantId(), bytes.length)) {
            return refuse(a, ErrorCode.QUOTA_STORAGE_EXCEEDED, usage.storageExceededNow(a.tenantId(), bytes.length).getMessage(), now);
        }
        a.charged(bytes.length);
        a.verified(detected, bytes.length, digest, needsProcessing(detected), now);
        enqueueProcessing(a);
        return new Completion(a.view(), null, null);
    }

    private Completion refuse(Attachment a, ErrorCode code, String detail, OffsetDateTime now) {
        storage.delete(a.storageKey());
        a.reject(code.code() + ": " + detail, now);
        return new Completion(a.view(), code, detail);
    }

    /**
     * Outbox step for images: strip metadata from the served bytes, read dimensions, write thumbnails.
     * Runs inside the outbox transaction (deliberately not @Transactional: see OutboxHandler).
     */
    public void process(UUID tenantId, UUID attachmentId) {
        List<Attachment> found = em.createQuery("select a from Attachment a where a.id = :id and a.tenantId = :t", Attachment.class)
                .setParameter("id", attachmentId).setParameter("t", tenantId).getResultList();
        if (found.isEmpty() || !Attachment.PROCESSING.equals(found.get(0).status())) {
            return; // already processed (a redelivered event) or removed
        }
        Attachment a = found.get(0);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
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
                        + "((a.status in :early and a.createdAt < :pendingBefore) or (a.status in :late and a.createdAt < :unattachedBefore))",
                        Attachment.class)
                .setParameter("early", List.of(Attachment.PENDING, Attachment.REJECTED))
                .setParameter("late", List.of(Attachment.PROCESSING, Attachment.READY))
                .setParameter("pendingBefore", now.minus(pendingAge))
                .setParameter("unattachedBefore", now.minus(unattachedAge))
                .setMaxResults(500).getResultList();
        stale.stream().collect(Collectors.groupingBy(Attachment::tenantId, Collectors.mapping(Attachment::id, Collectors.toList())))
                .forEach(usage::releaseAttachments);
        for (Attachment a : stale) {
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
        if (Attachment.PROCESSING.equals(a.status())) {
            outbox.add(a.tenantId(), Outbox.MEDIA_PROCESS, a.id());
        }
    }

    private static boolean needsProcessing(String contentType) {
        return contentType.startsWith("image/");
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
    public Download download(Caller caller, UUID attachmentId) {
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
        if (!Attachment.READY.equals(a.status())) {
            throw new ApiException(Attachment.REJECTED.equals(a.status()) ? ErrorCode.MEDIA_REJECTED : ErrorCode.MEDIA_NOT_READY,
                    Attachment.REJECTED.equals(a.status()) ? a.rejection() : "The attachment is " + a.status() + "; try again shortly.");
        }
        Duration ttl = Duration.ofSeconds(urlTtlSeconds);
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
