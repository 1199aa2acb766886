package com.chatplatform.api.user;

import com.chatplatform.api.audit.Actor;
import com.chatplatform.api.audit.AuditLog;
import com.chatplatform.api.identity.Caller;
import com.chatplatform.api.identity.TokenService;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import com.chatplatform.api.platform.SqlLike;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    com.chatplatform.api.plan.UsageService usage;

    @Inject
    AuditLog audit;

    public static final int MAX_CUSTOM_DATA = 4096;
    public static final int MAX_AVATAR_URL = 2048;
    static final Set<String> ROLES = Set.of("user", "moderator");

    /** A profile change; null fields stay as they are, "" clears avatarUrl and {} clears customData. */
    public record ProfileChange(String displayName, String avatarUrl, JsonObject customData, String role) {
        boolean isEmpty() {
            return displayName == null && avatarUrl == null && customData == null && role == null;
        }
    }

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
        usage.requireUserSlot(tenantId); // the plan's maximum number of users (quota.users_exceeded)
        ChatUser user = new ChatUser(UUID.randomUUID(), tenantId, externalId, name, OffsetDateTime.now(ZoneOffset.UTC));
        em.persist(user);
        return user;
    }

    /**
     * The tenant (API key or tenant admin) changes a user's profile: display name, avatar URL, custom data
     * and role in the tenant's application. Everything is checked before anything changes; audited.
     */
    @Transactional
    public ChatUser update(Caller caller, String externalId, ProfileChange change) {
        ChatUser user = requireByExternalId(caller, externalId);
        String from = user.role();
        List<String> fields = apply(user, change, true);
        audit.success(Actor.of(caller), user.tenantId(), AuditLog.USER_UPDATED,
                "user", user.externalId(), AuditLog.detail("fields", String.join(",", fields),
                        "roleFrom", fields.contains("role") ? from : null, "roleTo", fields.contains("role") ? user.role() : null));
        return user;
    }

    /** An end user changes their own display name, avatar URL and custom data (never their role). */
    @Transactional
    public ChatUser updateSelf(Caller caller, ProfileChange change) {
        UUID id = caller.requireUser();
        ChatUser user = em.find(ChatUser.class, id);
        if (user == null || !user.tenantId().equals(caller.requireTenant())) {
            throw ApiException.notFound("User");
        }
        if (change != null && change.role() != null) {
            throw new ApiException(ErrorCode.FORBIDDEN, "A user cannot change their own role; the tenant's backend or a tenant admin does.");
        }
        apply(user, change, false);
        return user;
    }

    public ChatUser requireSelf(Caller caller) {
        ChatUser user = em.find(ChatUser.class, caller.requireUser());
        if (user == null || !user.tenantId().equals(caller.requireTenant())) {
            throw ApiException.notFound("User");
        }
        return user;
    }

    private static List<String> apply(ChatUser user, ProfileChange change, boolean mayChangeRole) {
        if (change == null || change.isEmpty()) {
            throw ApiException.invalid("Give at least one of \"displayName\", \"avatarUrl\", \"customData\"" + (mayChangeRole ? ", \"role\"." : "."));
        }
        List<String> fields = new ArrayList<>();
        String name = user.displayName();
        if (change.displayName() != null) {
            name = change.displayName().strip();
            if (name.isEmpty() || name.length() > 200) {
                throw ApiException.invalid("\"displayName\" must have 1 to 200 characters.");
            }
            fields.add("displayName");
        }
        String avatar = user.avatarUrl();
        if (change.avatarUrl() != null) {
            avatar = change.avatarUrl().isEmpty() ? null : avatarUrl(change.avatarUrl());
            fields.add("avatarUrl");
        }
        String data = user.customData();
        if (change.customData() != null) {
            String json = change.customData().toString();
            if (json.length() > MAX_CUSTOM_DATA) {
                throw new ApiException(ErrorCode.USER_CUSTOM_DATA_TOO_LARGE,
                        "Custom data is at most " + MAX_CUSTOM_DATA + " characters of JSON; this is " + json.length() + ".");
            }
            data = change.customData().isEmpty() ? null : json;
            fields.add("customData");
        }
        String role = user.role();
        if (change.role() != null) {
            if (!ROLES.contains(change.role())) {
                throw ApiException.invalid("\"role\" is \"user\" or \"moderator\".");
            }
            role = change.role();
            fields.add("role");
        }
        user.updateProfile(name, avatar, data, role);
        return fields;
    }

    /** An https URL with a host, no user info, no whitespace, at most 2,048 characters. */
    static String avatarUrl(String value) {
        String v = value.strip();
        if (v.length() > MAX_AVATAR_URL || v.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            throw new ApiException(ErrorCode.USER_AVATAR_URL_INVALID);
        }
        try {
            URI uri = new URI(v);
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getHost().isEmpty() || uri.getRawUserInfo() != null) {
                throw new ApiException(ErrorCode.USER_AVATAR_URL_INVALID);
            }
        } catch (URISyntaxException e) {
            throw new ApiException(ErrorCode.USER_AVATAR_URL_INVALID);
        }
        return v;
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

    /** One page of a tenant's users by id, and the cursor of the next page (null on the last). */
    public record UserPage(List<ChatUser> users, String nextCursor) {
    }

    public static final int MAX_LIST = 200;

    /**
     * The caller's tenant's users in the order of their ids, optionally those whose id or display name starts with
     * {@code query} (case-insensitive); keyset-paged by id. The placeholder of erased users ("~deleted": no real id
     * starts with ~) is never listed.
     */
    public UserPage list(Caller caller, String query, String cursor, int limit) {
        UUID tenantId = caller.requireTenant();
        if (limit < 1 || limit > MAX_LIST) {
            throw ApiException.invalid("\"limit\" must be 1 to " + MAX_LIST + ".");
        }
        String q = query == null ? "" : query.strip();
        if (q.length() > 128) {
            throw ApiException.invalid("\"q\" is at most 128 characters.");
        }
        String after = "";
        if (cursor != null && !cursor.isBlank()) {
            try {
                after = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("\"cursor\" is not a cursor this API returned.");
            }
        }
        var typed = em.createQuery("select u from ChatUser u where u.tenantId = :t and u.externalId > :after and u.externalId not like '~%'"
                        + (q.isEmpty() ? "" : " and (lower(u.externalId) like :p escape '\\' or lower(u.displayName) like :p escape '\\')")
                        + " order by u.externalId", ChatUser.class)
                .setParameter("t", tenantId).setParameter("after", after)
                .setMaxResults(limit + 1);
        if (!q.isEmpty()) {
            typed.setParameter("p", SqlLike.lowerPrefix(q));
        }
        List<ChatUser> found = typed.getResultList();
        boolean more = found.size() > limit;
        List<ChatUser> page = more ? found.subList(0, limit) : found;
        String next = more ? Base64.getUrlEncoder().withoutPadding().encodeToString(
                page.get(page.size() - 1).externalId().getBytes(StandardCharsets.UTF_8)) : null;
        return new UserPage(List.copyOf(page), next);
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
