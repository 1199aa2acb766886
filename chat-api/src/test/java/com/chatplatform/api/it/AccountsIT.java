package com.chatplatform.api.it;

import static com.chatplatform.api.it.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.chatplatform.api.identity.Totp;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Console accounts of tenants: invitations, roles and what each may call, the last tenant admin,
 * lock-out, TOTP, sign-out everywhere; and end users' profiles.
 */
class AccountsIT extends ApiTestBase {
    static final String PASSWORD = "violet-harbour-42-lantern";

    record Member(String id, String email, String token) {
    }

    private static String email(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** The platform admin invites someone to the tenant; answers the invitation reply. */
    private TestApi.Reply platformInvite(String tenantId, String email, String role) {
        return api.post("v1/platform/tenants/" + tenantId + "/invitations", fixtures.adminToken(), json("email", email, "role", role));
    }

    private Member accept(TestApi.Reply invitation, String displayName) {
        assertEquals(201, invitation.status(), () -> String.valueOf(invitation.body()));
        TestApi.Reply accepted = api.post("v1/auth/invitations/accept", null,
                json("token", invitation.body().get("token").asText(), "password", PASSWORD, "displayName", displayName));
        assertEquals(201, accepted.status(), () -> String.valueOf(accepted.body()));
        return new Member(accepted.body().at("/account/id").asText(), accepted.body().at("/account/email").asText(),
                accepted.body().get("token").asText());
    }

    /** A tenant admin of the tenant, invited by the platform admin. */
    private Member tenantAdmin(String tenantId) {
        return accept(platformInvite(tenantId, email("admin"), "tenant-admin"), "Admin");
    }

    /** A member with the given role, invited by a tenant admin. */
    private Member member(Member admin, String role) {
        return accept(api.post("v1/team/invitations", admin.token(), json("email", email(role), "role", role)), role);
    }

    private TestApi.Reply login(String email, String password) {
        return api.post("v1/auth/login", null, json("email", email, "password", password));
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static void sql(String statement, Object... params) throws Exception {
        try (Connection c = ChatServices.postgres().connect("chat"); PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            assertEquals(1, s.executeUpdate(), statement);
        }
    }

    @Test
    void anInvitedTenantAdminSignsInAndActsOnlyInsideItsOwnTenant() {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Accounts " + UUID.randomUUID());
        TenantFixtures.TenantFixture other = fixtures.newTenant("Accounts other " + UUID.randomUUID());
        String annEmail = email("ann");
        TestApi.Reply invitation = platformInvite(t.tenantId(), annEmail, "tenant-admin");
        assertEquals(201, invitation.status(), () -> String.valueOf(invitation.body()));
        String token = invitation.body().get("token").asText();
        assertTrue(token.startsWith("inv_"));
        Instant expires = Instant.parse(invitation.body().get("expiresAt").asText());
        assertTrue(expires.isAfter(Instant.now().plusSeconds(71 * 3600)) && expires.isBefore(Instant.now().plusSeconds(73 * 3600)), expires::toString);
        TestApi.Reply pending = api.get("v1/platform/tenants/" + t.tenantId() + "/invitations", fixtures.adminToken());
        assertEquals(annEmail, pending.body().at("/items/0/email").asText());
        assertFalse(pending.body().toString().contains(token), "the token is shown once");

        // A weak password is refused and the invitation stays usable.
        TestApi.Reply weak = api.post("v1/auth/invitations/accept", null, json("token", token, "password", "password1234", "displayName", "Ann"));
        assertEquals(400, weak.status());
        assertEquals("account.password_policy", weak.code());
        assertEquals("account.password_policy", api.post("v1/auth/invitations/accept", null,
                json("token", token, "password", annEmail, "displayName", "Ann")).code());
        TestApi.Reply accepted = api.post("v1/auth/invitations/accept", null, json("token", token, "password", PASSWORD, "displayName", "Ann"));
        assertEquals(201, accepted.status(), () -> String.valueOf(accepted.body()));
        assertEquals("tenant-admin", accepted.body().at("/account/role").asText());
        assertEquals(t.tenantId(), accepted.body().at("/account/tenantId").asText());
        // Single use.
        TestApi.Reply again = api.post("v1/auth/invitations/accept", null, json("token", token, "password", PASSWORD, "displayName", "Ann"));
        assertEquals(409, again.status());
        assertEquals("invitation.used", again.code());

        TestApi.Reply signedIn = login(annEmail, PASSWORD);
        assertEquals(200, signedIn.status(), () -> String.valueOf(signedIn.body()));
        String ann = signedIn.body().get("token").asText();
        TestApi.Reply me = api.get("v1/me", ann);
        assertEquals(200, me.status());
        assertEquals("tenant-admin", me.body().get("role").asText());
        assertEquals(t.tenantId(), me.body().get("tenantId").asText());
        assertEquals("Ann", me.body().get("displayName").asText());
        assertFalse(me.body().get("totpEnabled").asBoolean());

        // The tenant admin API, with the tenant admin's own rights, inside its tenant.
        assertEquals(201, api.post("v1/users", ann, json("id", "carol", "displayName", "Carol")).status());
        assertEquals(200, api.get("v1/users/alice", ann).status());
        assertEquals(201, api.post("v1/users/alice/tokens", ann, json("ttlSeconds", 600)).status());
        TestApi.Reply key = api.post("v1/api-keys", ann, json("name", "made by ann"));
        assertEquals(201, key.status(), () -> String.valueOf(key.body()));
        assertEquals(200, api.get("v1/api-keys", ann).status());
        assertEquals(201, api.post("v1/token-keys", ann, json("type", "hs256")).status());
        assertEquals(200, api.get("v1/token-keys", ann).status());
        TestApi.Reply audit = api.get("v1/audit?limit=200", ann);
        assertEquals(200, audit.status());
        assertTrue(audit.body().get("items").size() > 0);
        for (JsonNode entry : audit.body().get("items")) {
            assertEquals(t.tenantId(), entry.get("tenantId").asText(), "only its own tenant's audit entries");
        }
        assertTrue(audit.body().toString().contains("invitation.accepted"));
        assertEquals(200, api.get("v1/team/members", ann).status());

        // Never another tenant's data...
        assertEquals(201, api.post("v1/users", other.apiKey(), json("id", "only-other")).status());
        assertEquals(404, api.get("v1/users/only-other", ann).status());
        assertEquals(404, api.post("v1/users/only-other/tokens", ann, json()).status());
        String otherKeyId = api.get("v1/api-keys", other.apiKey()).body().at("/items/0/id").asText();
        assertEquals(404, api.delete("v1/api-keys/" + otherKeyId, ann).status());
        assertEquals(1, api.get("v1/api-keys", other.apiKey()).body().get("items").size(), "the other tenant's key is untouched");
        // ... nor the platform API, nor end-user calls.
        for (String path : new String[] {"v1/platform/tenants", "v1/platform/tenants/" + t.tenantId(), "v1/platform/audit",
                "v1/platform/tenants/" + other.tenantId() + "/members", "v1/platform/tenants/" + t.tenantId() + "/api-keys",
                "v1/conversations"}) {
            TestApi.Reply r = api.get(path, ann);
            assertEquals(403, r.status(), path);
            assertEquals("auth.forbidden", r.code(), path);
        }
        assertEquals(403, api.post("v1/platform/tenants/" + other.tenantId() + "/invitations", ann,
                json("email", email("x"), "role", "tenant-admin")).status());
        assertEquals(403, api.post("v1/platform/tenants", ann, json("name", "nope")).status());
        assertEquals(403, api.post("v1/platform/tenants/" + other.tenantId() + "/suspend", ann, json()).status());
        // The platform admin sees the team.
        TestApi.Reply members = api.get("v1/platform/tenants/" + t.tenantId() + "/members", fixtures.adminToken());
        assertEquals(annEmail, members.body().at("/items/0/email").asText());
    }

    @Test
    void complianceOfficersReadTheAuditLogAndModeratorsGetNoAdminCalls() {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Roles " + UUID.randomUUID());
        Member admin = tenantAdmin(t.tenantId());
        Member officer = member(admin, "compliance-officer");
        Member moderator = member(admin, "moderator");

        assertEquals(200, api.get("v1/audit", officer.token()).status());
        assertEquals("compliance-officer", api.get("v1/me", officer.token()).body().get("role").asText());
        for (Member m : new Member[] {officer, moderator}) {
            assertEquals("auth.forbidden", api.post("v1/api-keys", m.token(), json("name", "nope")).code());
            assertEquals("auth.forbidden", api.get("v1/api-keys", m.token()).code());
            assertEquals("auth.forbidden", api.get("v1/users/alice", m.token()).code());
            assertEquals("auth.forbidden", api.post("v1/users", m.token(), json("id", "zed")).code());
            assertEquals("auth.forbidden", api.post("v1/token-keys", m.token(), json("type", "hs256")).code());
            assertEquals("auth.forbidden", api.get("v1/team/members", m.token()).code());
            assertEquals("auth.forbidden", api.post("v1/team/invitations", m.token(), json("email", email("y"), "role", "tenant-admin")).code());
            assertEquals("auth.forbidden", api.get("v1/platform/tenants", m.token()).code());
            assertEquals(200, api.get("v1/me", m.token()).status());
        }
        assertEquals("auth.forbidden", api.get("v1/audit", moderator.token()).code());
        assertEquals(1, api.get("v1/api-keys", t.apiKey()).body().get("items").size(), "nothing was created");
        // API keys do not manage the console team.
        assertEquals("auth.forbidden", api.get("v1/team/members", t.apiKey()).code());

        TestApi.Reply team = api.get("v1/team/members", admin.token());
        assertEquals(3, team.body().get("items").size());
        // A pending invitation can be withdrawn; its link then stops working.
        TestApi.Reply invitation = api.post("v1/team/invitations", admin.token(), json("email", email("late"), "role", "moderator"));
        assertEquals(201, invitation.status());
        String id = invitation.body().get("id").asText();
        assertEquals(id, api.get("v1/team/invitations", admin.token()).body().at("/items/0/id").asText());
        assertEquals(204, api.delete("v1/team/invitations/" + id, admin.token()).status());
        assertEquals(0, api.get("v1/team/invitations", admin.token()).body().get("items").size());
        TestApi.Reply withdrawn = api.post("v1/auth/invitations/accept", null,
                json("token", invitation.body().get("token").asText(), "password", PASSWORD));
        assertEquals(404, withdrawn.status());
        assertEquals("invitation.invalid", withdrawn.code());
        // Bad roles and emails are refused; an existing member cannot be invited again.
        assertEquals("request.invalid", api.post("v1/team/invitations", admin.token(), json("email", email("p"), "role", "platform-admin")).code());
        assertEquals("request.invalid", api.post("v1/team/invitations", admin.token(), json("email", "not-an-email", "role", "moderator")).code());
        assertEquals("account.exists", api.post("v1/team/invitations", admin.token(), json("email", officer.email(), "role", "moderator")).code());
    }

    @Test
    void aTenantAlwaysKeepsATenantAdmin() {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Last admin " + UUID.randomUUID());
        TenantFixtures.TenantFixture other = fixtures.newTenant("Last admin other " + UUID.randomUUID());
        Member a = tenantAdmin(t.tenantId());
        TestApi.Reply demoteSelf = api.patch("v1/team/members/" + a.id(), a.token(), json("role", "moderator"));
        assertEquals(409, demoteSelf.status());
        assertEquals("team.last_admin", demoteSelf.code());
        assertEquals("team.last_admin", api.delete("v1/team/members/" + a.id(), a.token()).code());
        assertEquals("tenant-admin", api.get("v1/me", a.token()).body().get("role").asText());

        Member b = member(a, "tenant-admin");
        TestApi.Reply demoted = api.patch("v1/team/members/" + b.id(), a.token(), json("role", "moderator"));
        assertEquals(200, demoted.status(), () -> String.valueOf(demoted.body()));
        assertEquals("moderator", demoted.body().get("role").asText());
        assertEquals("auth.forbidden", api.get("v1/team/members", b.token()).code(), "a role change applies at once");
        assertEquals(200, api.patch("v1/team/members/" + b.id(), a.token(), json("role", "tenant-admin")).status());
        assertEquals(200, api.get("v1/team/members", b.token()).status());
        // Another tenant's admin cannot see or touch this team's members.
        Member o = tenantAdmin(other.tenantId());
        assertEquals(404, api.patch("v1/team/members/" + b.id(), o.token(), json("role", "moderator")).status());
        assertEquals(404, api.delete("v1/team/members/" + b.id(), o.token()).status());
        // With two admins, one may remove the other; the removed account's tokens stop working.
        assertEquals(204, api.delete("v1/team/members/" + a.id(), b.token()).status());
        assertEquals(401, api.get("v1/me", a.token()).status());
        assertEquals(401, login(a.email(), PASSWORD).status());
        assertEquals("team.last_admin", api.patch("v1/team/members/" + b.id(), b.token(), json("role", "compliance-officer")).code());
        assertEquals(1, api.get("v1/team/members", b.token()).body().get("items").size());
    }

    @Test
    void expiredReplacedAndUnknownInvitationsAreRefused() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Invitations " + UUID.randomUUID());
        String who = email("late");
        TestApi.Reply invitation = platformInvite(t.tenantId(), who, "tenant-admin");
        assertEquals(201, invitation.status());
        sql("update account_invitation set expires_at = now() - interval '1 minute' where id = ?",
                UUID.fromString(invitation.body().get("id").asText()));
        TestApi.Reply expired = api.post("v1/auth/invitations/accept", null,
                json("token", invitation.body().get("token").asText(), "password", PASSWORD));
        assertEquals(410, expired.status());
        assertEquals("invitation.expired", expired.code());
        assertEquals(401, login(who, PASSWORD).status(), "no account was created");
        assertEquals(0, api.get("v1/platform/tenants/" + t.tenantId() + "/invitations", fixtures.adminToken()).body().get("items").size());

        // Inviting again replaces the old link.
        TestApi.Reply first = platformInvite(t.tenantId(), who, "tenant-admin");
        TestApi.Reply second = platformInvite(t.tenantId(), who, "tenant-admin");
        assertEquals("invitation.invalid", api.post("v1/auth/invitations/accept", null,
                json("token", first.body().get("token").asText(), "password", PASSWORD)).code());
        accept(second, null);
        assertEquals("invitation.invalid", api.post("v1/auth/invitations/accept", null, json("token", "inv_forged", "password", PASSWORD)).code());
        assertEquals("invitation.invalid", api.post("v1/auth/invitations/accept", null, json("password", PASSWORD)).code());
        // A platform admin's invitation needs an existing tenant.
        assertEquals(404, platformInvite(UUID.randomUUID().toString(), email("n"), "tenant-admin").status());
    }

    @Test
    void fiveFailuresLockTheEmailEvenForTheRightPasswordAndUnknownEmailsLookTheSame() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Lockout " + UUID.randomUUID());
        Member m = tenantAdmin(t.tenantId());
        String unknown = email("nobody");
        TestApi.Reply wrong = login(m.email(), "wrong-password-123");
        TestApi.Reply nobody = login(unknown, "wrong-password-123");
        assertEquals(401, wrong.status());
        assertEquals(wrong.status(), nobody.status());
        assertEquals(wrong.code(), nobody.code());
        assertEquals(wrong.body().get("detail"), nobody.body().get("detail"));
        for (int i = 2; i <= 5; i++) {
            assertEquals("auth.invalid_credentials", login(m.email(), "wrong-password-" + i).code());
            assertEquals("auth.invalid_credentials", login(unknown, "wrong-password-" + i).code());
        }
        for (String email : new String[] {m.email(), unknown}) {
            TestApi.Reply locked = login(email, PASSWORD);
            assertEquals(429, locked.status(), email);
            assertEquals("auth.account_locked", locked.code());
            long retry = Long.parseLong(locked.header("Retry-After"));
            assertTrue(retry > 0 && retry <= 900, "Retry-After " + retry);
        }
        // The account's existing tokens are not affected; the lock-out is in the audit log with the address.
        assertEquals(200, api.get("v1/me", m.token()).status());
        TestApi.Reply audit = api.get("v1/platform/audit?action=auth.locked_out&tenantId=" + t.tenantId(), fixtures.adminToken());
        assertEquals(1, audit.body().get("items").size(), () -> audit.body().toString());
        assertEquals(m.email(), audit.body().at("/items/0/detail/email").asText());
        assertFalse(audit.body().at("/items/0/sourceIp").isNull());
        TestApi.Reply refusals = api.get("v1/platform/audit?action=auth.sign_in&tenantId=" + t.tenantId(), fixtures.adminToken());
        assertTrue(refusals.body().toString().contains("\"reason\":\"locked\""), () -> refusals.body().toString());

        // When the lock ends (here: moved into the past), the right password works again.
        sql("update sign_in_throttle set locked_until = now() - interval '1 second' where email_hash = ?", sha256(m.email()));
        assertEquals(200, login(m.email(), PASSWORD).status());
    }

    @Test
    void totpIsEnrolledConfirmedRequiredAtSignInAndCodesCannotBeReplayed() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Totp " + UUID.randomUUID());
        Member m = tenantAdmin(t.tenantId());
        TestApi.Reply start = api.post("v1/me/totp", m.token(), json());
        assertEquals(200, start.status(), () -> String.valueOf(start.body()));
        String secret = start.body().get("secret").asText();
        assertTrue(start.body().get("otpauthUri").asText().startsWith("otpauth://totp/"));
        assertTrue(start.body().get("otpauthUri").asText().contains("secret=" + secret));
        assertEquals(200, login(m.email(), PASSWORD).status(), "not active before confirmation");

        long s0 = Totp.step(Instant.now());
        String wrongCode = Totp.code(secret, s0 + 5);
        assertEquals("totp.invalid_code", api.post("v1/me/totp/confirm", m.token(), json("code", wrongCode)).code());
        TestApi.Reply confirmed = api.post("v1/me/totp/confirm", m.token(), json("code", Totp.code(secret, s0)));
        assertEquals(200, confirmed.status(), () -> String.valueOf(confirmed.body()));
        assertTrue(confirmed.body().get("totpEnabled").asBoolean());
        assertEquals("totp.already_enabled", api.post("v1/me/totp", m.token(), json()).code());

        TestApi.Reply noCode = login(m.email(), PASSWORD);
        assertEquals(401, noCode.status());
        assertEquals("auth.second_factor_required", noCode.code());
        assertEquals("auth.invalid_credentials", login(m.email(), "wrong-password-1").code(), "the password is checked first");
        String next = Totp.code(secret, s0 + 1);
        TestApi.Reply withCode = api.post("v1/auth/login", null, json("email", m.email(), "password", PASSWORD, "totp", next));
        assertEquals(200, withCode.status(), () -> String.valueOf(withCode.body()));
        assertTrue(withCode.body().at("/account/totpEnabled").asBoolean());
        TestApi.Reply replay = api.post("v1/auth/login", null, json("email", m.email(), "password", PASSWORD, "totp", next));
        assertEquals(401, replay.status());
        assertEquals("auth.second_factor_invalid", replay.code());
        assertEquals("auth.second_factor_invalid", api.post("v1/auth/login", null,
                json("email", m.email(), "password", PASSWORD, "totp", Totp.code(secret, s0))).code(), "an older step than the last used");
        assertTrue(api.get("v1/me", m.token()).body().get("totpEnabled").asBoolean());

        // Turning it off needs a fresh code (the used one is refused); wait for the next step to begin.
        assertEquals("totp.invalid_code", api.post("v1/me/totp/disable", m.token(), json("code", next)).code());
        while (Totp.step(Instant.now()) < s0 + 1) {
            Thread.sleep(500);
        }
        TestApi.Reply off = api.post("v1/me/totp/disable", m.token(), json("code", Totp.code(secret, s0 + 2)));
        assertEquals(200, off.status(), () -> String.valueOf(off.body()));
        assertFalse(off.body().get("totpEnabled").asBoolean());
        assertEquals(200, login(m.email(), PASSWORD).status());
        assertEquals("totp.not_enabled", api.post("v1/me/totp/disable", m.token(), json("code", "123456")).code());
        TestApi.Reply audit = api.get("v1/audit?action=account.totp_enabled", m.token());
        assertEquals(1, audit.body().get("items").size());
    }

    @Test
    void signingOutEverywhereRefusesEarlierTokens() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Sign out " + UUID.randomUUID());
        Member m = tenantAdmin(t.tenantId());
        String old = login(m.email(), PASSWORD).body().get("token").asText();
        Thread.sleep(1100); // token times have one-second precision
        TestApi.Reply out = api.post("v1/auth/sign-out-everywhere", old, json());
        assertEquals(200, out.status(), () -> String.valueOf(out.body()));
        assertNotNull(out.body().get("tokensValidAfter"));
        for (String token : new String[] {old, m.token()}) {
            TestApi.Reply r = api.get("v1/me", token);
            assertEquals(401, r.status());
            assertEquals("auth.token_revoked", r.code());
        }
        String fresh = login(m.email(), PASSWORD).body().get("token").asText();
        assertEquals(200, api.get("v1/me", fresh).status());
        assertEquals("auth.forbidden", api.post("v1/auth/sign-out-everywhere", t.apiKey(), json()).code());
    }

    @Test
    void changingThePasswordNeedsTheCurrentOneMeetsThePolicyAndEndsOtherSessions() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Password " + UUID.randomUUID());
        Member m = tenantAdmin(t.tenantId());
        Thread.sleep(1100); // token times have one-second precision
        String next = "amber-signal-77-orchard";
        TestApi.Reply wrong = api.post("v1/me/password", m.token(), json("currentPassword", "not-the-password", "newPassword", next));
        assertEquals(401, wrong.status());
        assertEquals("auth.invalid_credentials", wrong.code());
        assertEquals("account.password_policy", api.post("v1/me/password", m.token(),
                json("currentPassword", PASSWORD, "newPassword", "short")).code());
        assertEquals(200, login(m.email(), PASSWORD).status(), "nothing changed");
        TestApi.Reply changed = api.post("v1/me/password", m.token(), json("currentPassword", PASSWORD, "newPassword", next));
        assertEquals(200, changed.status(), () -> String.valueOf(changed.body()));
        assertEquals("auth.token_revoked", api.get("v1/me", m.token()).code(), "earlier tokens stop working");
        assertEquals(200, api.get("v1/me", changed.body().get("token").asText()).status());
        assertEquals(401, login(m.email(), PASSWORD).status());
        assertEquals(200, login(m.email(), next).status());
        TestApi.Reply audit = api.get("v1/audit?action=account.password_changed", changed.body().get("token").asText());
        assertEquals(2, audit.body().get("items").size(), () -> audit.body().toString());
        assertEquals("success", audit.body().at("/items/0/outcome").asText());
        assertEquals("failure", audit.body().at("/items/1/outcome").asText());
    }

    @Test
    void theTenantsUsersAreListedByIdPagedAndFoundByIdOrNamePrefix() {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Listing " + UUID.randomUUID());
        TenantFixtures.TenantFixture other = fixtures.newTenant("Listing other " + UUID.randomUUID());
        for (int i = 1; i <= 5; i++) {
            assertEquals(201, api.post("v1/users", t.apiKey(), json("id", "zed-" + i, "displayName", "Zed " + i)).status());
        }
        assertEquals(201, api.post("v1/users", t.apiKey(), json("id", "q-1", "displayName", "Zorro")).status());
        assertEquals(201, api.post("v1/users", other.apiKey(), json("id", "zed-other", "displayName", "Zed elsewhere")).status());

        // Every user once, in id order, two per page.
        java.util.List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            TestApi.Reply page = api.get("v1/users?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), t.apiKey());
            assertEquals(200, page.status(), () -> String.valueOf(page.body()));
            page.body().get("items").forEach(u -> seen.add(u.get("id").asText()));
            cursor = page.body().path("nextCursor").isTextual() ? page.body().get("nextCursor").asText() : null;
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(java.util.List.of("alice", "bob", "q-1", "zed-1", "zed-2", "zed-3", "zed-4", "zed-5"), seen);
        assertEquals(4, pages);

        // Prefix of the id or of the display name, case-insensitive; LIKE wildcards are literal; only the own tenant.
        assertEquals(java.util.List.of("zed-1", "zed-2", "zed-3", "zed-4", "zed-5"), ids(api.get("v1/users?q=ZED", t.apiKey()).body()));
        assertEquals(java.util.List.of("q-1"), ids(api.get("v1/users?q=zor", t.apiKey()).body()));
        assertEquals(java.util.List.of(), ids(api.get("v1/users?q=%25", t.apiKey()).body()));
        assertEquals(java.util.List.of("zed-other"), ids(api.get("v1/users?q=zed", other.apiKey()).body()));

        // Bad input and the wrong credential.
        assertEquals("request.invalid", api.get("v1/users?limit=0", t.apiKey()).code());
        assertEquals("request.invalid", api.get("v1/users?limit=201", t.apiKey()).code());
        assertEquals("request.invalid", api.get("v1/users?cursor=%21%21", t.apiKey()).code());
        assertEquals("request.invalid", api.get("v1/users?q=" + "x".repeat(129), t.apiKey()).code());
        assertEquals("auth.forbidden", api.get("v1/users", t.alice()).code());
    }

    private static java.util.List<String> ids(JsonNode page) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        page.get("items").forEach(u -> ids.add(u.get("id").asText()));
        return ids;
    }

    @Test
    void endUserProfilesAreEditedByTheTenantAndByTheUsersThemselvesWithinLimits() {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Profiles " + UUID.randomUUID());
        TenantFixtures.TenantFixture other = fixtures.newTenant("Profiles other " + UUID.randomUUID());
        TestApi.Reply updated = api.patch("v1/users/alice", t.apiKey(), json("displayName", "Alice A",
                "avatarUrl", "https://cdn.example.com/a.png", "customData", json("plan", "gold"), "role", "moderator"));
        assertEquals(200, updated.status(), () -> String.valueOf(updated.body()));
        assertEquals("moderator", updated.body().get("role").asText());
        JsonNode alice = api.get("v1/users/alice", t.apiKey()).body();
        assertEquals("Alice A", alice.get("displayName").asText());
        assertEquals("https://cdn.example.com/a.png", alice.get("avatarUrl").asText());
        assertEquals("gold", alice.at("/customData/plan").asText());

        // Bad input changes nothing.
        String big = "x".repeat(5000);
        assertEquals("user.avatar_url_invalid", api.patch("v1/users/alice", t.apiKey(), json("displayName", "Changed", "avatarUrl", "http://cdn.example.com/a.png")).code());
        assertEquals("user.avatar_url_invalid", api.patch("v1/users/alice", t.apiKey(), json("avatarUrl", "javascript:alert(1)")).code());
        assertEquals("user.avatar_url_invalid", api.patch("v1/users/alice", t.apiKey(), json("avatarUrl", "https://" + "a".repeat(2100) + ".com")).code());
        assertEquals("user.custom_data_too_large", api.patch("v1/users/alice", t.apiKey(), json("displayName", "Changed", "customData", json("big", big))).code());
        assertEquals("request.invalid", api.patch("v1/users/alice", t.apiKey(), json("displayName", "Changed", "role", "admin")).code());
        assertEquals("request.invalid", api.patch("v1/users/alice", t.apiKey(), json()).code());
        assertEquals(alice, api.get("v1/users/alice", t.apiKey()).body());

        // The user edits their own profile, never their role.
        TestApi.Reply self = api.get("v1/users/me", t.alice());
        assertEquals(200, self.status(), () -> String.valueOf(self.body()));
        assertEquals("alice", self.body().get("id").asText());
        TestApi.Reply own = api.patch("v1/users/me", t.alice(), json("displayName", "Ally", "customData", json("theme", "dark")));
        assertEquals(200, own.status(), () -> String.valueOf(own.body()));
        assertEquals("Ally", own.body().get("displayName").asText());
        assertEquals("dark", own.body().at("/customData/theme").asText());
        JsonNode before = api.get("v1/users/me", t.alice()).body();
        assertEquals("auth.forbidden", api.patch("v1/users/me", t.alice(), json("displayName", "Boss", "role", "moderator")).code());
        assertEquals("user.avatar_url_invalid", api.patch("v1/users/me", t.alice(), json("displayName", "Boss", "avatarUrl", "http://x.example/a.png")).code());
        assertEquals("user.custom_data_too_large", api.patch("v1/users/me", t.alice(), json("displayName", "Boss", "customData", json("big", big))).code());
        assertEquals(before, api.get("v1/users/me", t.alice()).body());
        assertEquals("moderator", before.get("role").asText());
        // Users cannot edit other users; another tenant's "alice" is someone else.
        assertEquals("auth.forbidden", api.patch("v1/users/bob", t.alice(), json("displayName", "Bobby")).code());
        assertEquals(200, api.patch("v1/users/alice", other.apiKey(), json("displayName", "Other Alice")).status());
        assertEquals("Ally", api.get("v1/users/alice", t.apiKey()).body().get("displayName").asText());
        // Clearing: "" for the avatar, {} for custom data.
        TestApi.Reply cleared = api.patch("v1/users/alice", t.apiKey(), json("avatarUrl", "", "customData", json()));
        assertEquals(200, cleared.status());
        assertTrue(cleared.body().get("avatarUrl") == null || cleared.body().get("avatarUrl").isNull());
        assertTrue(cleared.body().get("customData") == null || cleared.body().get("customData").isNull());
        // A tenant admin edits users too, and the change is audited.
        Member admin = tenantAdmin(t.tenantId());
        assertEquals(200, api.patch("v1/users/bob", admin.token(), json("role", "moderator")).status());
        TestApi.Reply audit = api.get("v1/audit?action=user.updated", admin.token());
        // Three accepted changes by the tenant (self-edits and refused changes are not in it).
        assertEquals(3, audit.body().get("items").size(), () -> audit.body().toString());
        assertEquals("moderator", audit.body().at("/items/0/detail/roleTo").asText());
        assertEquals("account", audit.body().at("/items/0/actorKind").asText());
    }
}
