package com.chatplatform.api.media;

import com.chatplatform.api.conversation.Conversation;
import com.chatplatform.api.conversation.ConversationService;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.net.URL;
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
    private static final Set<String> ALLOWED_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp",
            "application/pdf", "video/mp4", "audio/ogg", "audio/mpeg", "text/plain");

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    ConversationService conversations;
    @Inject
    MediaStorage storage;

    @Inject
    @ConfigProperty(name = "chat.media.max-bytes", defaultValue = "10485760")
    long maxBytes;
    @Inject
    @ConfigProperty(name = "chat.media.url-ttl-seconds", defaultValue = "300")
    long urlTtlSeconds;

    public record Download(AttachmentView attachment, URL url, Instant expiresAt) {
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Stores the bytes in S3 first, then records the attachment: a failure leaves no row pointing at nothing. */
    @Transactional
    public AttachmentView upload(Caller caller, UUID conversationId, String fileName, String declaredType, byte[] bytes) {
        Conversation conversation = conversations.requireMember(caller, conversationId);
        String name = validFileName(fileName);
        if (bytes.length == 0) {
            throw new ApiException(ErrorCode.MEDIA_EMPTY);
        }
        if (bytes.length > maxBytes) {
            throw new ApiException(ErrorCode.MEDIA_TOO_LARGE, "Files are limited to " + maxBytes + " bytes.");
        }
        String detected = ContentSniffer.sniff(Arrays.copyOf(bytes, Math.min(bytes.length, 512)))
                .orElseThrow(() -> new ApiException(ErrorCode.MEDIA_TYPE_NOT_ALLOWED, "The file's type is not recognised or not allowed."));
        if (!ALLOWED_TYPES.contains(detected)) {
            throw new ApiException(ErrorCode.MEDIA_TYPE_NOT_ALLOWED);
        }
        String declared = declaredType == null ? "" : declaredType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (!declared.isEmpty() && !declared.equals("application/octet-stream") && !declared.equals(detected)) {
            throw new ApiException(ErrorCode.MEDIA_TYPE_MISMATCH, "Declared " + declared + " but the bytes are " + detected + ".");
        }
        UUID id = UUID.randomUUID();
        String key = "tenants/" + conversation.tenantId() + "/conversations/" + conversation.id() + "/attachments/" + id;
        storage.put(key, detected, bytes);
        Attachment attachment = new Attachment(id, conversation.tenantId(), conversation.id(), caller.requireUser(), key, name,
                detected, bytes.length, sha256(bytes), OffsetDateTime.now(ZoneOffset.UTC));
        em.persist(attachment);
        return attachment.view();
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
                || !a.conversationId().equals(conversationId) || !a.uploaderId().equals(me))) {
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
        Duration ttl = Duration.ofSeconds(urlTtlSeconds);
        return new Download(a.view(), storage.presignedGet(a.storageKey(), a.fileName(), ttl), Instant.now().plus(ttl));
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
