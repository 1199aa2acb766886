package com.chatplatform.api.identity;

import com.chatplatform.api.audit.Actor;
import com.chatplatform.api.audit.AuditLog;
import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A tenant's console team: invitations (single-use link tokens, stored as SHA-256, expiring), accepting
 * them, and the members (tenant admins, compliance officers, moderators). A tenant always keeps at least
 * one tenant admin: removing or demoting the last one answers team.last_admin. Every lookup is scoped by
 * the tenant given (the caller's own, or the one a platform admin names); other tenants' ids answer not found.
 */
@ApplicationScoped
public class TeamService {
    public static final String TENANT_ADMIN = "tenant-admin";
    public static final Set<String> TENANT_ROLES = Set.of(TENANT_ADMIN, "compliance-officer", "moderator");
    static final String TOKEN_PREFIX = "inv_";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}");

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    AccountService accounts;

    @Inject
    @ConfigProperty(name = "chat.invitation.ttl-hours", defaultValue = "72")
    long invitationTtlHours;

    /** A new invitation: the only time its token exists outside the invitee's link. */
    public record IssuedInvitation(UUID id, String email, String role, Instant expiresAt, String token) {
    }

    public record InvitationView(UUID id, String email, String role, UUID invitedBy, Instant createdAt, Instant expiresAt) {
        static InvitationView of(Invitation i) {
            return new InvitationView(i.id(), i.email(), i.role(), i.invitedBy(), i.createdAt().toInstant(), i.expiresAt().toInstant());
        }
    }

    public record MemberView(UUID id, String email, String displayName, String role, Instant createdAt, boolean totpEnabled) {
        static MemberView of(Account a) {
            return new MemberView(a.id(), a.email(), a.displayName(), a.role(), a.createdAt().toInstant(), a.totpEnabled());
        }
    }

    /**
     * Invites a person to a tenant's console team. Inviting an email again replaces its pending
     * invitation (the old link stops working); an email that already has an account in this tenant
     * answers account.exists.
     */
    @Transactional
    public IssuedInvitation invite(Caller caller, UUID tenantId, String email, String role) {
        String e = email == null ? "" : AccountService.normalise(email);
        if (e.length() > 320 || !EMAIL.matcher(e).matches()) {
            throw ApiException.invalid("\"email\" must be an email address.");
        }
        if (role == null || !TENANT_ROLES.contains(role)) {
            throw ApiException.invalid("\"role\" is one of tenant-admin, compliance-officer, moderator.");
        }
        accounts.findByEmail(e).filter(a -> tenantId.equals(a.tenantId())).ifPresent(a -> {
            throw new ApiException(ErrorCode.ACCOUNT_EXISTS, "This person is already a member of the team.");
        });
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (Invitation old : em.createQuery("select i from Invitation i where i.tenantId = :t and i.email = :e "
                        + "and i.acceptedAt is null and i.revokedAt is null", Invitation.class)
                .setParameter("t", tenantId).setParameter("e", e).getResultList()) {
            old.revoke(now);
        }
        String token = TOKEN_PREFIX + Secrets.randomToken(32);
        Invitation invitation = new Invitation(UUID.randomUUID(), tenantId, e, role, Secrets.sha256Hex(token), caller.principalId(),
                now, now.plusHours(invitationTtlHours));
        em.persist(invitation);
        audit.success(Actor.of(caller), tenantId, AuditLog.INVITATION_CREATED, "invitation", invitation.id(),
                AuditLog.detail("email", e, "role", role));
        return new IssuedInvitation(invitation.id(), e, role, invitation.expiresAt().toInstant(), token);
    }

    /** Pending invitations of the tenant (not accepted, withdrawn or expired), newest first. */
    public List<InvitationView> pending(UUID tenantId) {
        return em.createQuery("select i from Invitation i where i.tenantId = :t and i.acceptedAt is null and i.revokedAt is null "
                        + "and i.expiresAt > :now order by i.createdAt desc", Invitation.class)
                .setParameter("t", tenantId).setParameter("now", OffsetDateTime.now(ZoneOffset.UTC))
                .setMaxResults(1000).getResultStream().map(InvitationView::of).toList();
    }

    /** Withdraws a pending invitation; its link stops working. Withdrawing twice changes nothing. */
    @Transactional
    public void revokeInvitation(Caller caller, UUID tenantId, UUID invitationId) {
        Invitation i = em.find(Invitation.class, invitationId, LockModeType.PESSIMISTIC_WRITE);
        if (i == null || !i.tenantId().equals(tenantId) || i.acceptedAt() != null) {
            throw ApiException.notFound("Invitation");
        }
        if (i.revokedAt() == null) {
            i.revoke(OffsetDateTime.now(ZoneOffset.UTC));
            audit.success(Actor.of(caller), tenantId, AuditLog.INVITATION_REVOKED, "invitation", i.id(), AuditLog.detail("email", i.email()));
        }
    }

    /**
     * Accepts an invitation: creates the console account with the invitation's email, tenant and role.
     * Unknown or withdrawn tokens answer invitation.invalid, used ones invitation.used, expired ones
     * invitation.expired; the password must meet the policy.
     */
    @Transactional
    public Account accept(String token, String password, String displayName) {
        if (token == null || !token.startsWith(TOKEN_PREFIX)) {
            throw new ApiException(ErrorCode.INVITATION_INVALID);
        }
        Invitation i = em.createQuery("select i from Invitation i where i.tokenHash = :h", Invitation.class)
                .setParameter("h", Secrets.sha256Hex(token)).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst().orElseThrow(() -> new ApiException(ErrorCode.INVITATION_INVALID));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (i.acceptedAt() != null) {
            audit.failure(Actor.ANONYMOUS, i.tenantId(), AuditLog.INVITATION_ACCEPTED, "invitation", i.id(),
                    AuditLog.detail("email", i.email(), "reason", ErrorCode.INVITATION_USED.code()));
            throw new ApiException(ErrorCode.INVITATION_USED);
        }
        if (i.revokedAt() != null) {
            throw new ApiException(ErrorCode.INVITATION_INVALID);
        }
        if (!i.expiresAt().isAfter(now)) {
            audit.failure(Actor.ANONYMOUS, i.tenantId(), AuditLog.INVITATION_ACCEPTED, "invitation", i.id(),
                    AuditLog.detail("email", i.email(), "reason", ErrorCode.INVITATION_EXPIRED.code()));
            throw new ApiException(ErrorCode.INVITATION_EXPIRED);
        }
        String name = displayName == null || displayName.isBlank() ? i.email().substring(0, i.email().indexOf('@')) : displayName.strip();
        if (name.length() > 200) {
            throw ApiException.invalid("\"displayName\" must have at most 200 characters.");
        }
        PasswordPolicy.check(password, i.email());
        if (accounts.findByEmail(i.email()).isPresent()) {
            throw new ApiException(ErrorCode.ACCOUNT_EXISTS, "There is already a console account with this email; sign in with it.");
        }
        Account account = new Account(UUID.randomUUID(), i.tenantId(), i.email(), PasswordHasher.hash(password), i.role(), now);
        account.setDisplayName(name);
        em.persist(account);
        i.accept(account.id(), now);
        audit.success(Actor.account(account.id()), i.tenantId(), AuditLog.INVITATION_ACCEPTED, "invitation", i.id(),
                AuditLog.detail("email", i.email(), "role", i.role(), "accountId", account.id()));
        return account;
    }

    /** The tenant's console accounts, oldest first. */
    public List<MemberView> members(UUID tenantId) {
        return em.createQuery("select a from Account a where a.tenantId = :t order by a.createdAt, a.id", Account.class)
                .setParameter("t", tenantId).setMaxResults(1000).getResultStream().map(MemberView::of).toList();
    }

    /** Changes a member's role; demoting the tenant's last tenant admin answers team.last_admin. */
    @Transactional
    public MemberView changeRole(Caller caller, UUID tenantId, UUID accountId, String role) {
        if (role == null || !TENANT_ROLES.contains(role)) {
            throw ApiException.invalid("\"role\" is one of tenant-admin, compliance-officer, moderator.");
        }
        int admins = lockAdmins(tenantId);
        Account a = requireMember(tenantId, accountId);
        String from = a.role();
        if (from.equals(role)) {
            return MemberView.of(a);
        }
        if (TENANT_ADMIN.equals(from) && admins <= 1) {
            audit.failure(Actor.of(caller), tenantId, AuditLog.ACCOUNT_ROLE_CHANGED, "account", a.id(),
                    AuditLog.detail("email", a.email(), "from", from, "to", role, "reason", ErrorCode.TEAM_LAST_ADMIN.code()));
            throw new ApiException(ErrorCode.TEAM_LAST_ADMIN, "This is the tenant's last tenant admin; make someone else tenant admin first.");
        }
        a.setRole(role);
        audit.success(Actor.of(caller), tenantId, AuditLog.ACCOUNT_ROLE_CHANGED, "account", a.id(),
                AuditLog.detail("email", a.email(), "from", from, "to", role));
        return MemberView.of(a);
    }

    /** Removes a member's account (its tokens stop working at once); the last tenant admin cannot be removed. */
    @Transactional
    public void remove(Caller caller, UUID tenantId, UUID accountId) {
        int admins = lockAdmins(tenantId);
        Account a = requireMember(tenantId, accountId);
        if (TENANT_ADMIN.equals(a.role()) && admins <= 1) {
            audit.failure(Actor.of(caller), tenantId, AuditLog.ACCOUNT_REMOVED, "account", a.id(),
                    AuditLog.detail("email", a.email(), "reason", ErrorCode.TEAM_LAST_ADMIN.code()));
            throw new ApiException(ErrorCode.TEAM_LAST_ADMIN, "This is the tenant's last tenant admin; make someone else tenant admin first.");
        }
        em.remove(a);
        audit.success(Actor.of(caller), tenantId, AuditLog.ACCOUNT_REMOVED, "account", a.id(),
                AuditLog.detail("email", a.email(), "role", a.role()));
    }

    /** Locks the tenant's admins (so concurrent demotions cannot together remove the last one) and counts them. */
    private int lockAdmins(UUID tenantId) {
        return em.createNativeQuery("select id from account where tenant_id = ?1 and role = ?2 for update")
                .setParameter(1, tenantId).setParameter(2, TENANT_ADMIN).getResultList().size();
    }

    private Account requireMember(UUID tenantId, UUID accountId) {
        Account a = em.find(Account.class, accountId);
        if (a == null || !tenantId.equals(a.tenantId())) {
            throw ApiException.notFound("Member");
        }
        return a;
    }
}
