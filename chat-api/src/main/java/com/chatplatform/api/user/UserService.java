package com.chatplatform.api.user;

import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.identity.TokenService;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** End users of a tenant. Every lookup is scoped by the caller's tenant. */
@ApplicationScoped
public class UserService {
    private static final Pattern EXTERNAL_ID = Pattern.compile("[A-Za-z0-9_.@:-]{1,128}");

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    TokenService tokens;

    @Inject
    @ConfigProperty(name = "chat.token.user.default-ttl-seconds", defaultValue = "3600")
    long defaultTtlSeconds;

    @Inject
    @ConfigProperty(name = "chat.token.user.max-ttl-seconds", defaultValue = "86400")
    long maxTtlSeconds;

    /** What authentication needs to know of an end user. */
    public record TokenState(UUID id, java.time.Instant tokensValidAfter) {
    }

    /** Fired after a user's tokens were revoked, to close the user's open sockets once the change is committed. */
    public record TokensRevoked(UUID tenantId, UUID userId) {
    }

    @Inject
    jakarta.enterprise.event.Event<TokensRevoked> tokensRevoked;

    public Optional<TokenState> tokenState(UUID tenantId, String externalId) {
        return findByExternalId(tenantId, externalId).map(u -> new TokenState(u.id(),
                u.tokensValidAfter() == null ? null : u.tokensValidAfter().toInstant()));
    }

    /**
     * Revokes every token of the user issued up to now (e.g. after a password change on the tenant side):
     * tokens whose iat is before the current second are refused, and the user's open sockets are closed.
     * Token times have one-second precision, so a token issued in the same second stays valid.
     */
    @Transactional
    public java.time.Instant revokeTokens(Caller caller, String externalId) {
        ChatUser user = requireByExternalId(caller, externalId);
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        user.revokeTokens(at);
        tokensRevoked.fire(new TokensRevoked(user.tenantId(), user.id()));
        return at.toInstant();
    }

    @Transactional
    public ChatUser create(Caller caller, String externalId, String displayName) {
        UUID tenantId = caller.requireTenant();
        if (externalId == null || !EXTERNAL_ID.matcher(externalId).matches()) {
            throw ApiException.invalid("\"id\" must be 1 to 128 characters of letters, digits and _ . @ : -");
        }
        String name = displayName == null || displayName.isBlank() ? externalId : displayName.strip();
        if (name.length() > 200) {
            throw ApiException.invalid("\"displayName\" must have at most 200 characters.");
        }
        if (findByExternalId(tenantId, externalId).isPresent()) {
            throw new ApiException(ErrorCode.USER_EXISTS, "User \"" + externalId + "\" already exists.");
        }
        ChatUser user = new ChatUser(UUID.randomUUID(), tenantId, externalId, name, OffsetDateTime.now(ZoneOffset.UTC));
        em.persist(user);
        return user;
    }

    public TokenService.Minted mintToken(Caller caller, String externalId, Long ttlSeconds) {
        long ttl = ttlSeconds == null ? defaultTtlSeconds : ttlSeconds;
        if (ttl < 60 || ttl > maxTtlSeconds) {
            throw ApiException.invalid("\"ttlSeconds\" must be between 60 and " + maxTtlSeconds + ".");
        }
        ChatUser user = requireByExternalId(caller, externalId);
        return tokens.mintUserToken(user.tenantId(), user.id(), user.externalId(), Duration.ofSeconds(ttl));
    }

    public Optional<ChatUser> findByExternalId(UUID tenantId, String externalId) {
        if (externalId == null || !EXTERNAL_ID.matcher(externalId).matches()) {
            return Optional.empty(); // e.g. the "~deleted" placeholder of erased users' messages is never usable
        }
        return em.createQuery("select u from ChatUser u where u.tenantId = :t and u.externalId = :e", ChatUser.class)
                .setParameter("t", tenantId).setParameter("e", externalId)
                .getResultStream().findFirst();
    }

    public ChatUser requireByExternalId(Caller caller, String externalId) {
        return findByExternalId(caller.requireTenant(), externalId == null ? "" : externalId)
                .orElseThrow(() -> ApiException.notFound("User"));
    }

    /** External ids of the given users of the caller's tenant, by internal id. */
    public Map<UUID, String> externalIds(UUID tenantId, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<ChatUser> users = em.createQuery("select u from ChatUser u where u.tenantId = :t and u.id in :ids", ChatUser.class)
                .setParameter("t", tenantId).setParameter("ids", ids).getResultList();
        return users.stream().collect(Collectors.toMap(ChatUser::id, ChatUser::externalId));
    }
}
