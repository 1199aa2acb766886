package com.chatplatform.api.it;

import static com.chatplatform.api.it.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.chatplatform.api.identity.Access;
import com.chatplatform.api.platform.Endpoints;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The isolation matrix: EVERY REST endpoint and EVERY WebSocket command, tried (a) with another tenant's
 * credentials against this tenant's ids and (b) by a user of the same tenant who is not a member of the
 * conversation. Every call answers not-found or forbidden (or, for calls that name no victim id, answers only
 * about the caller's own data), the victim's rows are unchanged afterwards and no body contains the victim's
 * ids or text.
 *
 * <p>The endpoints are found by reflection (classes under com.chatplatform.api annotated with @Path) and the
 * WebSocket commands from ChatEndpoint's {@code case "type" ->} lines: {@link #everyEndpointAndCommandHasAMatrixEntry}
 * FAILS when one is added without an entry. Adding an entry is one line in {@link #restMatrix} or
 * {@link #wsMatrix}.
 */
class IsolationIT extends ApiTestBase {

    /** Methods any caller may reach (no @Access): the only public calls. */
    static final Set<String> PUBLIC = Set.of("POST /auth/login", "POST /auth/invitations/accept");

    /** What an entry expects from the attackers. */
    enum Expect {
        /** The call names the victim's ids: 403 or 404, nothing leaks, nothing changes. */
        REFUSED,
        /** The call names no victim id (lists, create, search): it may succeed, but only about the caller's own data. */
        OWN_DATA_ONLY,
        /** A platform-admin call: every tenant credential gets 403 auth.forbidden. */
        PLATFORM
    }

    /** Who attacks: (a) the other tenant's user / API key, (b) the same tenant's user outside the conversation. */
    enum Attacker { OTHER_TENANT_USER, OTHER_TENANT_API_KEY, OTHER_TENANT_ADMIN, SAME_TENANT_OUTSIDER }

    /** echoed: victim ids the attacker itself puts in the request body (a refusal may name them back). */
    record Entry(Expect expect, Set<Attacker> attackers, Function<String, TestApi.Reply> call, Set<String> echoed) {
        Entry(Expect expect, Set<Attacker> attackers, Function<String, TestApi.Reply> call) {
            this(expect, attackers, call, Set.of());
        }
    }

    /** The victim tenant's objects. */
    record Victim(String tenantId, String apiKey, String owner, String member, String outsider, String ownerToken,
                  String outsiderToken, String group, String messageId, String attachmentId, String secondKeyId,
                  String kid, String secret, Map<String, String> ids) {

        /** One of the victim's other objects (console account, invitation, compliance jobs, hold, JWKS URL). */
        String id(String name) {
            return ids.getOrDefault(name, name);
        }
    }

    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    // ---------------------------------------------------------------- the matrix: one line per endpoint

    Map<String, Entry> restMatrix(Victim v) {
        Map<String, Entry> m = new TreeMap<>();
        Set<Attacker> user = Set.of(Attacker.OTHER_TENANT_USER, Attacker.SAME_TENANT_OUTSIDER);
        Set<Attacker> otherUser = Set.of(Attacker.OTHER_TENANT_USER);
        Set<Attacker> key = Set.of(Attacker.OTHER_TENANT_API_KEY, Attacker.OTHER_TENANT_ADMIN);
        Set<Attacker> admin = Set.of(Attacker.OTHER_TENANT_ADMIN);
        Set<Attacker> notAdmin = Set.of(Attacker.OTHER_TENANT_USER, Attacker.OTHER_TENANT_API_KEY, Attacker.SAME_TENANT_OUTSIDER);
        Set<Attacker> all = Set.of(Attacker.values());
        String c = "v1/conversations/" + v.group();
        String msg = c + "/messages/" + v.messageId();
        // conversations
        m.put("POST /conversations/direct", new Entry(Expect.REFUSED, otherUser, t -> api.post("v1/conversations/direct", t, json("userId", v.owner()))));
        m.put("POST /conversations", new Entry(Expect.REFUSED, otherUser, t -> api.post("v1/conversations", t, json("type", "group", "name", "steal", "members", List.of(v.owner())))));
        m.put("GET /conversations", new Entry(Expect.OWN_DATA_ONLY, user, t -> api.get("v1/conversations", t)));
        m.put("GET /conversations/{id}", new Entry(Expect.REFUSED, user, t -> api.get(c, t)));
        m.put("PATCH /conversations/{id}", new Entry(Expect.REFUSED, user, t -> api.patch(c, t, json("name", "pwned"))));
        m.put("POST /conversations/{id}/members", new Entry(Expect.REFUSED, user, t -> api.post(c + "/members", t, json("userId", v.outsider()))));
        m.put("DELETE /conversations/{id}/members/{userId}", new Entry(Expect.REFUSED, user, t -> api.delete(c + "/members/" + v.member(), t)));
        m.put("PATCH /conversations/{id}/members/{userId}", new Entry(Expect.REFUSED, user, t -> api.patch(c + "/members/" + v.member(), t, json("role", "admin"))));
        m.put("POST /conversations/{id}/join", new Entry(Expect.REFUSED, user, t -> api.post(c + "/join", t, json())));
        m.put("POST /conversations/{id}/leave", new Entry(Expect.REFUSED, user, t -> api.post(c + "/leave", t, json())));
        m.put("POST /conversations/{id}/read", new Entry(Expect.REFUSED, user, t -> api.post(c + "/read", t, json("seq", 1))));
        m.put("GET /conversations/{conversationId}/events", new Entry(Expect.REFUSED, user, t -> api.get(c + "/events", t)));
        m.put("GET /sync", new Entry(Expect.OWN_DATA_ONLY, user, t -> api.get("v1/sync", t)));
        // realtime: receipts and presence
        m.put("POST /conversations/{conversationId}/delivered", new Entry(Expect.REFUSED, user, t -> api.post(c + "/delivered", t, json("seq", 1))));
        m.put("GET /conversations/{conversationId}/receipts", new Entry(Expect.REFUSED, user, t -> api.get(c + "/receipts", t)));
        // presence of the victim's users: answered "unknown" (no leak of existence or state), checked by leak()
        m.put("GET /presence", new Entry(Expect.OWN_DATA_ONLY, user, t -> api.get("v1/presence?userIds=" + v.owner() + "," + v.member(), t), Set.of(v.owner(), v.member())));
        // messages
        m.put("GET /conversations/{conversationId}/messages", new Entry(Expect.REFUSED, user, t -> api.get(c + "/messages", t)));
        m.put("POST /conversations/{conversationId}/messages", new Entry(Expect.REFUSED, user, t -> api.post(c + "/messages", t, json("clientId", UUID.randomUUID().toString(), "text", "intruder"))));
        m.put("PATCH /conversations/{conversationId}/messages/{messageId}", new Entry(Expect.REFUSED, user, t -> api.patch(msg, t, json("text", "pwned"))));
        m.put("DELETE /conversations/{conversationId}/messages/{messageId}", new Entry(Expect.REFUSED, user, t -> api.delete(msg, t)));
        m.put("GET /conversations/{conversationId}/messages/{messageId}/edits", new Entry(Expect.REFUSED, user, t -> api.get(msg + "/edits", t)));
        m.put("PUT /conversations/{conversationId}/messages/{messageId}/reactions/{emoji}", new Entry(Expect.REFUSED, user, t -> api.put(msg + "/reactions/:fire:", t)));
        m.put("DELETE /conversations/{conversationId}/messages/{messageId}/reactions/{emoji}", new Entry(Expect.REFUSED, user, t -> api.delete(msg + "/reactions/:ok:", t)));
        // media
        m.put("POST /conversations/{conversationId}/attachments/uploads", new Entry(Expect.REFUSED, user, t -> api.post(c + "/attachments/uploads", t, json("fileName", "x.png", "contentType", "image/png", "size", PNG.length))));
        m.put("POST /conversations/{conversationId}/attachments", new Entry(Expect.REFUSED, user, t -> api.postBytes(c + "/attachments?fileName=x.png", t, "image/png", PNG)));
        m.put("GET /attachments/{id}", new Entry(Expect.REFUSED, user, t -> api.get("v1/attachments/" + v.attachmentId(), t)));
        m.put("POST /attachments/{id}/complete", new Entry(Expect.REFUSED, user, t -> api.post("v1/attachments/" + v.attachmentId() + "/complete", t, json())));
        m.put("GET /attachments/{id}/content", new Entry(Expect.REFUSED, user, t -> api.get("v1/attachments/" + v.attachmentId() + "/content", t)));
        // search
        m.put("GET /search", new Entry(Expect.OWN_DATA_ONLY, user, t -> api.get("v1/search?q=" + v.secret(), t)));
        // tenant backend (API keys)
        m.put("POST /users", new Entry(Expect.OWN_DATA_ONLY, key, t -> api.post("v1/users", t, json("id", "u-" + UUID.randomUUID(), "displayName", "U"))));
        m.put("GET /users", new Entry(Expect.OWN_DATA_ONLY, key, t -> api.get("v1/users?limit=200&q=" + v.owner(), t)));
        m.put("GET /users/{id}", new Entry(Expect.REFUSED, key, t -> api.get("v1/users/" + v.owner(), t)));
        m.put("POST /users/{id}/tokens", new Entry(Expect.REFUSED, key, t -> api.post("v1/users/" + v.owner() + "/tokens", t, json("ttlSeconds", 60))));
        m.put("POST /users/{id}/revoke-tokens", new Entry(Expect.REFUSED, key, t -> api.post("v1/users/" + v.owner() + "/revoke-tokens", t, json())));
        m.put("GET /api-keys", new Entry(Expect.OWN_DATA_ONLY, key, t -> api.get("v1/api-keys", t)));
        m.put("POST /api-keys", new Entry(Expect.OWN_DATA_ONLY, key, t -> api.post("v1/api-keys", t, json("name", "mine"))));
        m.put("DELETE /api-keys/{keyId}", new Entry(Expect.REFUSED, key, t -> api.delete("v1/api-keys/" + v.secondKeyId(), t)));
        m.put("GET /token-keys", new Entry(Expect.OWN_DATA_ONLY, key, t -> api.get("v1/token-keys", t)));
        m.put("POST /token-keys", new Entry(Expect.OWN_DATA_ONLY, key, t -> api.post("v1/token-keys", t, json("type", "hs256"))));
        m.put("DELETE /token-keys/{kid}", new Entry(Expect.REFUSED, key, t -> api.delete("v1/token-keys/" + v.kid(), t)));
        m.put("GET /audit", new Entry(Expect.OWN_DATA_ONLY, key, t -> api.get("v1/audit", t)));
        m.put("PATCH /users/{id}", new Entry(Expect.REFUSED, key, t -> api.patch("v1/users/" + v.owner(), t, json("displayName", "pwned"))));
        m.put("DELETE /users/{id}", new Entry(Expect.REFUSED, key, t -> api.delete("v1/users/" + v.owner(), t)));
        m.put("GET /users/me", new Entry(Expect.OWN_DATA_ONLY, user, t -> api.get("v1/users/me", t)));
        // (the same tenant's outsider editing its own profile is its own data, and would change the victim tenant's rows)
        m.put("PATCH /users/me", new Entry(Expect.OWN_DATA_ONLY, otherUser, t -> api.patch("v1/users/me", t, json("displayName", "Me"))));
        m.put("GET /token-keys/jwks-urls", new Entry(Expect.OWN_DATA_ONLY, key, t -> api.get("v1/token-keys/jwks-urls", t)));
        m.put("POST /token-keys/jwks-urls", new Entry(Expect.OWN_DATA_ONLY, key, t -> api.post("v1/token-keys/jwks-urls", t, json("url", "ftp://example.com/jwks"))));
        m.put("DELETE /token-keys/jwks-urls/{id}", new Entry(Expect.REFUSED, key, t -> api.delete("v1/token-keys/jwks-urls/" + v.id("jwksUrl"), t)));
        m.put("GET /settings", new Entry(Expect.OWN_DATA_ONLY, key, t -> api.get("v1/settings", t)));
        m.put("GET /usage", new Entry(Expect.OWN_DATA_ONLY, key, t -> api.get("v1/usage", t)));
        m.put("GET /analytics", new Entry(Expect.OWN_DATA_ONLY, key, t -> api.get("v1/analytics", t)));
        m.put("GET /admin/search", new Entry(Expect.OWN_DATA_ONLY, key, t -> api.get("v1/admin/search?q=the", t)));
        m.put("GET /mentions", new Entry(Expect.OWN_DATA_ONLY, user, t -> api.get("v1/mentions", t)));
        m.put("GET /audit/verify", new Entry(Expect.OWN_DATA_ONLY, key, t -> api.get("v1/audit/verify", t)));
        // moderation: blocks, mutes, unread totals, bans and hard deletion (end users and the admin API)
        m.put("GET /blocks", new Entry(Expect.OWN_DATA_ONLY, user, t -> api.get("v1/blocks", t)));
        m.put("POST /blocks", new Entry(Expect.REFUSED, otherUser, t -> api.post("v1/blocks", t, json("userId", v.owner())), Set.of(v.owner())));
        m.put("DELETE /blocks/{userId}", new Entry(Expect.REFUSED, otherUser, t -> api.delete("v1/blocks/" + v.owner(), t)));
        m.put("GET /unread", new Entry(Expect.OWN_DATA_ONLY, user, t -> api.get("v1/unread", t)));
        m.put("PUT /conversations/{conversationId}/mute", new Entry(Expect.REFUSED, user, t -> api.call("PUT", c + "/mute", t, json())));
        m.put("DELETE /conversations/{conversationId}/mute", new Entry(Expect.REFUSED, user, t -> api.delete(c + "/mute", t)));
        m.put("GET /conversations/{conversationId}/bans", new Entry(Expect.REFUSED, user, t -> api.get(c + "/bans", t)));
        m.put("POST /conversations/{conversationId}/bans", new Entry(Expect.REFUSED, user, t -> api.post(c + "/bans", t, json("userId", v.member())), Set.of(v.member())));
        m.put("DELETE /conversations/{conversationId}/bans/{userId}", new Entry(Expect.REFUSED, user, t -> api.delete(c + "/bans/" + v.member(), t)));
        m.put("POST /conversations/{conversationId}/messages/{messageId}/hard-delete", new Entry(Expect.REFUSED, user, t -> api.post(msg + "/hard-delete", t, json("reason", "x"))));
        String ac = "v1/admin/conversations/" + v.group();
        m.put("GET /admin/conversations/{conversationId}/bans", new Entry(Expect.REFUSED, key, t -> api.get(ac + "/bans", t)));
        m.put("POST /admin/conversations/{conversationId}/bans", new Entry(Expect.REFUSED, key, t -> api.post(ac + "/bans", t, json("userId", v.member())), Set.of(v.member())));
        m.put("DELETE /admin/conversations/{conversationId}/bans/{userId}", new Entry(Expect.REFUSED, key, t -> api.delete(ac + "/bans/" + v.member(), t)));
        m.put("POST /admin/conversations/{conversationId}/messages/{messageId}/hard-delete", new Entry(Expect.REFUSED, key, t -> api.post(ac + "/messages/" + v.messageId() + "/hard-delete", t, json())));
        // admin conversation browsing (tenant backends, tenant admins, moderators)
        m.put("GET /admin/conversations", new Entry(Expect.OWN_DATA_ONLY, all, t -> api.get("v1/admin/conversations?limit=200", t)));
        m.put("GET /admin/conversations/{conversationId}", new Entry(Expect.REFUSED, all, t -> api.get(ac, t)));
        m.put("GET /admin/conversations/{conversationId}/messages", new Entry(Expect.REFUSED, all, t -> api.get(ac + "/messages", t)));
        m.put("POST /admin/conversations/{conversationId}/messages", new Entry(Expect.REFUSED, all, t -> api.post(ac + "/messages", t,
                json("senderId", v.owner(), "clientId", UUID.randomUUID().toString(), "text", "on behalf")), Set.of(v.owner())));
        // threads
        m.put("GET /conversations/{conversationId}/threads", new Entry(Expect.REFUSED, user, t -> api.get(c + "/threads", t)));
        m.put("GET /conversations/{conversationId}/threads/{messageId}", new Entry(Expect.REFUSED, user, t -> api.get(c + "/threads/" + v.messageId(), t)));
        // pins (members; the admin API), archive (owners and admins), channel browsing
        m.put("GET /conversations/{conversationId}/pins", new Entry(Expect.REFUSED, user, t -> api.get(c + "/pins", t)));
        m.put("PUT /conversations/{conversationId}/pins/{messageId}", new Entry(Expect.REFUSED, user, t -> api.put(c + "/pins/" + v.messageId(), t)));
        m.put("DELETE /conversations/{conversationId}/pins/{messageId}", new Entry(Expect.REFUSED, user, t -> api.delete(c + "/pins/" + v.messageId(), t)));
        m.put("GET /admin/conversations/{conversationId}/pins", new Entry(Expect.REFUSED, all, t -> api.get(ac + "/pins", t)));
        m.put("PUT /admin/conversations/{conversationId}/pins/{messageId}", new Entry(Expect.REFUSED, all, t -> api.put(ac + "/pins/" + v.messageId(), t)));
        m.put("DELETE /admin/conversations/{conversationId}/pins/{messageId}", new Entry(Expect.REFUSED, all, t -> api.delete(ac + "/pins/" + v.messageId(), t)));
        m.put("PUT /conversations/{conversationId}/archive", new Entry(Expect.REFUSED, user, t -> api.put(c + "/archive", t)));
        m.put("DELETE /conversations/{conversationId}/archive", new Entry(Expect.REFUSED, user, t -> api.delete(c + "/archive", t)));
        m.put("GET /channels", new Entry(Expect.OWN_DATA_ONLY, user, t -> api.get("v1/channels?limit=200", t)));
        m.put("GET /admin/moderation/records", new Entry(Expect.OWN_DATA_ONLY, key, t -> api.get("v1/admin/moderation/records?userId=" + v.owner(), t)));
        // console accounts: their own account only; team management inside their own tenant
        m.put("GET /me", new Entry(Expect.OWN_DATA_ONLY, all, t -> api.get("v1/me", t)));
        m.put("POST /me/password", new Entry(Expect.OWN_DATA_ONLY, notAdmin, t -> api.post("v1/me/password", t, json("currentPassword", "wrong-password-x", "newPassword", "another-long-passphrase-9"))));
        m.put("POST /me/totp", new Entry(Expect.OWN_DATA_ONLY, all, t -> api.post("v1/me/totp", t, json())));
        m.put("POST /me/totp/confirm", new Entry(Expect.OWN_DATA_ONLY, all, t -> api.post("v1/me/totp/confirm", t, json("code", "000000"))));
        m.put("POST /me/totp/disable", new Entry(Expect.OWN_DATA_ONLY, all, t -> api.post("v1/me/totp/disable", t, json("code", "000000"))));
        // deprecated (ADR 0018): over HTTP/1.1 the container refuses a DELETE with a body before the API sees it
        m.put("DELETE /me/totp", new Entry(Expect.OWN_DATA_ONLY, all, t -> api.deleteWithBody("v1/me/totp", t, json("code", "000000"))));
        m.put("POST /auth/sign-out-everywhere", new Entry(Expect.OWN_DATA_ONLY, notAdmin, t -> api.post("v1/auth/sign-out-everywhere", t, json())));
        m.put("POST /auth/invitations/accept", new Entry(Expect.OWN_DATA_ONLY, Set.of(), t -> api.post("v1/auth/invitations/accept", null, json("token", "not-a-token", "password", "violet-harbour-42-lantern", "displayName", "X"))));
        m.put("GET /team/members", new Entry(Expect.OWN_DATA_ONLY, all, t -> api.get("v1/team/members", t)));
        m.put("GET /team/invitations", new Entry(Expect.OWN_DATA_ONLY, all, t -> api.get("v1/team/invitations", t)));
        m.put("POST /team/invitations", new Entry(Expect.OWN_DATA_ONLY, all, t -> api.post("v1/team/invitations", t, json("email", "new-" + UUID.randomUUID() + "@example.com", "role", "moderator"))));
        m.put("DELETE /team/invitations/{id}", new Entry(Expect.REFUSED, all, t -> api.delete("v1/team/invitations/" + v.id("invitation"), t)));
        m.put("PATCH /team/members/{id}", new Entry(Expect.REFUSED, all, t -> api.patch("v1/team/members/" + v.id("admin"), t, json("role", "moderator"))));
        m.put("DELETE /team/members/{id}", new Entry(Expect.REFUSED, all, t -> api.delete("v1/team/members/" + v.id("admin"), t)));
        // compliance (tenant backends and compliance officers / tenant admins)
        String cp = "v1/compliance/";
        m.put("POST /compliance/exports", new Entry(Expect.REFUSED, key, t -> api.post(cp + "exports", t, json("userIds", List.of(v.owner()))), Set.of(v.owner())));
        m.put("GET /compliance/exports", new Entry(Expect.OWN_DATA_ONLY, key, t -> api.get(cp + "exports", t)));
        m.put("GET /compliance/exports/{id}", new Entry(Expect.REFUSED, key, t -> api.get(cp + "exports/" + v.id("export"), t)));
        m.put("POST /compliance/exports/{id}/cancel", new Entry(Expect.REFUSED, key, t -> api.post(cp + "exports/" + v.id("export") + "/cancel", t, json())));
        m.put("POST /compliance/exports/{id}/download", new Entry(Expect.REFUSED, key, t -> api.post(cp + "exports/" + v.id("export") + "/download", t, json())));
        m.put("POST /compliance/erasures", new Entry(Expect.REFUSED, key, t -> api.post(cp + "erasures", t, json("userId", v.owner()))));
        m.put("GET /compliance/erasures", new Entry(Expect.OWN_DATA_ONLY, key, t -> api.get(cp + "erasures", t)));
        m.put("GET /compliance/erasures/{id}", new Entry(Expect.REFUSED, key, t -> api.get(cp + "erasures/" + v.id("erasure"), t)));
        m.put("GET /compliance/retention", new Entry(Expect.OWN_DATA_ONLY, key, t -> api.get(cp + "retention", t)));
        m.put("PUT /compliance/retention", new Entry(Expect.OWN_DATA_ONLY, key, t -> api.call("PUT", cp + "retention", t, json("maxAgeDays", 3650))));
        m.put("PUT /compliance/retention/conversations/{conversationId}", new Entry(Expect.REFUSED, key, t -> api.call("PUT", cp + "retention/conversations/" + v.group(), t, json("maxAgeDays", 1))));
        m.put("POST /compliance/retention/runs", new Entry(Expect.OWN_DATA_ONLY, key, t -> api.post(cp + "retention/runs", t, json())));
        m.put("GET /compliance/retention/runs", new Entry(Expect.OWN_DATA_ONLY, key, t -> api.get(cp + "retention/runs", t)));
        m.put("GET /compliance/retention/runs/{id}", new Entry(Expect.REFUSED, key, t -> api.get(cp + "retention/runs/" + v.id("retentionRun"), t)));
        m.put("POST /compliance/holds", new Entry(Expect.REFUSED, key, t -> api.post(cp + "holds", t, json("targetType", "conversation", "targetId", v.group(), "reason", "x"))));
        m.put("GET /compliance/holds", new Entry(Expect.OWN_DATA_ONLY, key, t -> api.get(cp + "holds", t)));
        m.put("DELETE /compliance/holds/{id}", new Entry(Expect.REFUSED, key, t -> api.delete(cp + "holds/" + v.id("hold"), t)));
        m.put("GET /compliance/settings", new Entry(Expect.OWN_DATA_ONLY, key, t -> api.get(cp + "settings", t)));
        m.put("PUT /compliance/settings", new Entry(Expect.OWN_DATA_ONLY, key, t -> api.call("PUT", cp + "settings", t, json("erasurePolicy", "anonymise"))));
        m.put("GET /compliance/events", new Entry(Expect.OWN_DATA_ONLY, key, t -> api.get(cp + "events", t)));
        // platform administration: no tenant credential gets in
        String p = "v1/platform/tenants/" + v.tenantId();
        m.put("GET /platform/tenants", new Entry(Expect.PLATFORM, all, t -> api.get("v1/platform/tenants", t)));
        m.put("POST /platform/tenants", new Entry(Expect.PLATFORM, all, t -> api.post("v1/platform/tenants", t, json("name", "x"))));
        m.put("GET /platform/tenants/{id}", new Entry(Expect.PLATFORM, all, t -> api.get(p, t)));
        m.put("PATCH /platform/tenants/{id}", new Entry(Expect.PLATFORM, all, t -> api.patch(p, t, json("name", "pwned"))));
        m.put("POST /platform/tenants/{id}/suspend", new Entry(Expect.PLATFORM, all, t -> api.post(p + "/suspend", t, json())));
        m.put("POST /platform/tenants/{id}/reactivate", new Entry(Expect.PLATFORM, all, t -> api.post(p + "/reactivate", t, json())));
        m.put("POST /platform/tenants/{id}/deletion", new Entry(Expect.PLATFORM, all, t -> api.post(p + "/deletion", t, json())));
        m.put("POST /platform/tenants/{id}/deletion/confirm", new Entry(Expect.PLATFORM, all, t -> api.post(p + "/deletion/confirm", t, json("token", "x"))));
        m.put("GET /platform/tenants/{id}/api-keys", new Entry(Expect.PLATFORM, all, t -> api.get(p + "/api-keys", t)));
        m.put("POST /platform/tenants/{id}/api-keys", new Entry(Expect.PLATFORM, all, t -> api.post(p + "/api-keys", t, json("name", "x"))));
        m.put("DELETE /platform/tenants/{id}/api-keys/{keyId}", new Entry(Expect.PLATFORM, all, t -> api.delete(p + "/api-keys/" + v.secondKeyId(), t)));
        m.put("GET /platform/audit", new Entry(Expect.PLATFORM, all, t -> api.get("v1/platform/audit?tenantId=" + v.tenantId(), t)));
        m.put("GET /platform/audit/verify", new Entry(Expect.PLATFORM, all, t -> api.get("v1/platform/audit/verify?tenantId=" + v.tenantId(), t)));
        m.put("GET /platform/health", new Entry(Expect.PLATFORM, all, t -> api.get("v1/platform/health", t)));
        m.put("GET /platform/plans", new Entry(Expect.PLATFORM, all, t -> api.get("v1/platform/plans", t)));
        m.put("POST /platform/plans", new Entry(Expect.PLATFORM, all, t -> api.post("v1/platform/plans", t, json("id", "stolen", "name", "Stolen"))));
        m.put("GET /platform/plans/{id}", new Entry(Expect.PLATFORM, all, t -> api.get("v1/platform/plans/enterprise", t)));
        m.put("PATCH /platform/plans/{id}", new Entry(Expect.PLATFORM, all, t -> api.patch("v1/platform/plans/free", t, json("maxUsers", 1000000))));
        m.put("GET /platform/tenants/{tenantId}/plan", new Entry(Expect.PLATFORM, all, t -> api.get(p + "/plan", t)));
        m.put("PUT /platform/tenants/{tenantId}/plan", new Entry(Expect.PLATFORM, all, t -> api.call("PUT", p + "/plan", t, json("planId", "enterprise"))));
        m.put("GET /platform/tenants/{tenantId}/usage", new Entry(Expect.PLATFORM, all, t -> api.get(p + "/usage", t)));
        m.put("GET /platform/tenants/{id}/analytics", new Entry(Expect.PLATFORM, all, t -> api.get(p + "/analytics", t)));
        m.put("GET /platform/tenants/{id}/invitations", new Entry(Expect.PLATFORM, all, t -> api.get(p + "/invitations", t)));
        m.put("POST /platform/tenants/{id}/invitations", new Entry(Expect.PLATFORM, all, t -> api.post(p + "/invitations", t, json("email", "x@example.com", "role", "tenant-admin"))));
        m.put("GET /platform/tenants/{id}/members", new Entry(Expect.PLATFORM, all, t -> api.get(p + "/members", t)));
        m.put("POST /platform/search/reindex", new Entry(Expect.PLATFORM, all, t -> api.post("v1/platform/search/reindex", t, json("tenantId", v.tenantId()))));
        m.put("GET /platform/search/reindex/{jobId}", new Entry(Expect.PLATFORM, all, t -> api.get("v1/platform/search/reindex/" + UUID.randomUUID(), t)));
        // public
        m.put("POST /auth/login", new Entry(Expect.OWN_DATA_ONLY, Set.of(), t -> api.post("v1/auth/login", null, json("email", "x@example.test", "password", "wrong-password-x"))));
        return m;
    }

    /** WebSocket commands: the frame each attacker sends (victim ids inside), by command type. */
    Map<String, Function<String, Object>> wsMatrix(Victim v) {
        Map<String, Function<String, Object>> m = new TreeMap<>();
        m.put("send", ref -> json("type", "send", "clientId", ref, "conversationId", v.group(), "text", "intruder"));
        m.put("edit", ref -> json("type", "edit", "ref", ref, "conversationId", v.group(), "messageId", v.messageId(), "text", "pwned"));
        m.put("delete", ref -> json("type", "delete", "ref", ref, "conversationId", v.group(), "messageId", v.messageId()));
        m.put("react", ref -> json("type", "react", "ref", ref, "conversationId", v.group(), "messageId", v.messageId(), "emoji", ":fire:", "action", "add"));
        m.put("read", ref -> json("type", "read", "ref", ref, "conversationId", v.group(), "seq", 1));
        m.put("delivered", ref -> json("type", "delivered", "ref", ref, "conversationId", v.group(), "seq", 1));
        m.put("typing", ref -> json("type", "typing", "ref", ref, "conversationId", v.group()));
        m.put("ping", ref -> null); // names no conversation: nothing to attack (answered with pong)
        return m;
    }

    // ---------------------------------------------------------------- coverage (fails when an endpoint is added)

    @Test
    void everyEndpointAndCommandHasAMatrixEntry() throws Exception {
        Map<String, Method> endpoints = endpoints();
        Victim dummy = new Victim("t", "k", "o", "m", "x", "ot", "xt", "g", "msg", "att", "key", "kid", "secret", Map.of());
        Set<String> matrix = restMatrix(dummy).keySet();
        Set<String> missing = new TreeSet<>(endpoints.keySet());
        missing.removeAll(matrix);
        assertTrue(missing.isEmpty(), () -> "REST endpoints without an isolation matrix entry (add one line to IsolationIT.restMatrix): " + missing);
        Set<String> stale = new TreeSet<>(matrix);
        stale.removeAll(endpoints.keySet());
        assertTrue(stale.isEmpty(), () -> "matrix entries for endpoints that do not exist: " + stale);
        List<String> undeclared = endpoints.entrySet().stream()
                .filter(e -> access(e.getValue()) == null && !PUBLIC.contains(e.getKey())).map(Map.Entry::getKey).toList();
        assertTrue(undeclared.isEmpty(), () -> "endpoints without @Access that are not listed as public: " + undeclared);
        assertTrue(endpoints.size() >= 45, "found only " + endpoints.size() + " endpoints: is the scan broken?");

        String source = Files.readString(java.nio.file.Path.of("src/main/java/com/chatplatform/api/realtime/ChatEndpoint.java"));
        Set<String> commands = new TreeSet<>();
        Matcher cases = Pattern.compile("case \"([a-z_.]+)\" ->").matcher(source);
        while (cases.find()) {
            commands.add(cases.group(1));
        }
        assertTrue(commands.containsAll(List.of("send", "edit")), commands::toString);
        assertEquals(commands, wsMatrix(dummy).keySet(), "WebSocket commands and IsolationIT.wsMatrix must match");
    }

    /** "METHOD /path" of every JAX-RS resource method of the API. */
    static Map<String, Method> endpoints() throws IOException, URISyntaxException, ClassNotFoundException {
        return Endpoints.all();
    }

    private static Access access(Method m) {
        return Endpoints.access(m);
    }

    // ---------------------------------------------------------------- the attack

    @Test
    void noOtherTenantAndNoOutsiderReachesTheVictimsData() throws Exception {
        Victim v = victim();
        TenantFixtures.TenantFixture other = fixtures.newTenant("Attacker " + UUID.randomUUID());
        Map<Attacker, String> credentials = Map.of(Attacker.OTHER_TENANT_USER, other.alice(),
                Attacker.OTHER_TENANT_API_KEY, other.apiKey(), Attacker.OTHER_TENANT_ADMIN, fixtures.tenantAdmin(other.tenantId()).token(),
                Attacker.SAME_TENANT_OUTSIDER, v.outsiderToken());
        Map<String, String> before = fingerprint(v.tenantId());
        List<String> failures = new ArrayList<>();
        int calls = 0;
        for (Map.Entry<String, Entry> e : restMatrix(v).entrySet()) {
            Entry entry = e.getValue();
            for (Attacker attacker : entry.attackers()) {
                TestApi.Reply r = entry.call().apply(credentials.get(attacker));
                calls++;
                String where = e.getKey() + " as " + attacker + ": " + r.status() + " " + (r.body() == null ? "" : r.body());
                boolean ok = switch (entry.expect()) {
                    case REFUSED -> r.status() == 403 || r.status() == 404;
                    case PLATFORM -> r.status() == 403 && "auth.forbidden".equals(r.code());
                    case OWN_DATA_ONLY -> r.status() < 500;
                };
                if (!ok) {
                    failures.add("unexpected answer " + where);
                }
                leak(v, r.raw().request().uri() + " " + entry.echoed(), r.body() == null ? new String(r.raw().body()) : r.body().toString())
                        .ifPresent(leak -> failures.add("leaks " + leak + ": " + where));
            }
        }
        // The public login answers no one's data.
        TestApi.Reply login = restMatrix(v).get("POST /auth/login").call().apply(null);
        assertEquals(401, login.status());

        // WebSocket: the same attackers send every command with the victim's ids.
        Map<Attacker, TestApi.Socket> sockets = new LinkedHashMap<>();
        try {
            for (Attacker attacker : List.of(Attacker.OTHER_TENANT_USER, Attacker.SAME_TENANT_OUTSIDER)) {
                TestApi.Socket socket = api.connect(credentials.get(attacker));
                sockets.put(attacker, socket);
                socket.next("ready");
                for (Map.Entry<String, Function<String, Object>> command : wsMatrix(v).entrySet()) {
                    String ref = "r-" + UUID.randomUUID();
                    Object frame = command.getValue().apply(ref);
                    if (frame == null) {
                        continue;
                    }
                    socket.send(frame);
                    JsonNode answer = socket.next();
                    calls++;
                    String where = "ws " + command.getKey() + " as " + attacker + ": " + answer;
                    if (!"error".equals(answer.path("type").asText()) || !Set.of("conversation.not_member", "message.not_found",
                            "resource.not_found", "auth.forbidden").contains(answer.path("code").asText())) {
                        failures.add("unexpected answer " + where);
                    }
                    leak(v, frame.toString(), answer.toString()).ifPresent(leak -> failures.add("leaks " + leak + ": " + where));
                }
            }
            assertTrue(failures.isEmpty(), () -> failures.size() + " isolation failures in the matrix:\n" + String.join("\n", failures));
            // Nothing of the victim changed: every row of every tenant_id table is as before.
            assertEquals(before, fingerprint(v.tenantId()), "the victim's rows changed");

            // Fan-out: a message the victim sends now never reaches the attackers' sockets.
            String fresh = "fresh" + UUID.randomUUID().toString().replace("-", "");
            assertEquals(200, api.post("v1/conversations/" + v.group() + "/messages", v.ownerToken(),
                    json("clientId", UUID.randomUUID().toString(), "text", fresh)).status());
            for (Map.Entry<Attacker, TestApi.Socket> s : sockets.entrySet()) {
                s.getValue().send(json("type", "ping", "ref", "after"));
                JsonNode f;
                do {
                    f = s.getValue().next();
                    assertTrue(!f.toString().contains(fresh) && !f.toString().contains(v.group()), "fan-out leaks to " + s.getKey() + ": " + f);
                } while (!"pong".equals(f.path("type").asText()));
            }
        } finally {
            sockets.values().forEach(TestApi.Socket::close);
        }
        assertTrue(calls > 80, "only " + calls + " calls made");
    }

    @Test
    void theVictimsConversationAndMessagesAreUnchangedByTheAttack() throws Exception {
        // A narrower, exact re-read of what the matrix tries to change, through the victim's own eyes.
        Victim v = victim();
        TenantFixtures.TenantFixture other = fixtures.newTenant("Attacker " + UUID.randomUUID());
        JsonNode conversation = api.get("v1/conversations/" + v.group(), v.ownerToken()).body();
        JsonNode messages = api.get("v1/conversations/" + v.group() + "/messages", v.ownerToken()).body();
        JsonNode events = api.get("v1/conversations/" + v.group() + "/events", v.ownerToken()).body();
        Map<Attacker, String> credentials = Map.of(Attacker.OTHER_TENANT_USER, other.alice(),
                Attacker.OTHER_TENANT_API_KEY, other.apiKey(), Attacker.OTHER_TENANT_ADMIN, fixtures.tenantAdmin(other.tenantId()).token(),
                Attacker.SAME_TENANT_OUTSIDER, v.outsiderToken());
        for (Entry entry : restMatrix(v).values()) {
            for (Attacker attacker : entry.attackers()) {
                entry.call().apply(credentials.get(attacker));
            }
        }
        assertEquals(conversation, api.get("v1/conversations/" + v.group(), v.ownerToken()).body());
        assertEquals(messages, api.get("v1/conversations/" + v.group() + "/messages", v.ownerToken()).body());
        assertEquals(events, api.get("v1/conversations/" + v.group() + "/events", v.ownerToken()).body());
        assertEquals(200, api.get("v1/users/" + v.owner(), v.apiKey()).status());
        assertEquals(200, api.get("v1/attachments/" + v.attachmentId(), v.ownerToken()).status());
        assertEquals("active", api.get("v1/platform/tenants/" + v.tenantId(), fixtures.adminToken()).body().get("status").asText());
    }

    // ---------------------------------------------------------------- set-up and checks

    private Victim victim() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Victim " + UUID.randomUUID());
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String owner = "v-own-" + suffix;
        String member = "v-mem-" + suffix;
        String outsider = "v-out-" + suffix;
        String ownerToken = fixtures.addUser(t, owner);
        fixtures.addUser(t, member);
        String outsiderToken = fixtures.addUser(t, outsider);
        TestApi.Reply group = api.post("v1/conversations", ownerToken, json("type", "group", "name", "Private " + suffix, "members", List.of(member)));
        assertEquals(201, group.status(), () -> String.valueOf(group.body()));
        String groupId = group.body().get("id").asText();
        String secret = "secret" + UUID.randomUUID().toString().replace("-", "");
        TestApi.Reply sent = api.post("v1/conversations/" + groupId + "/messages", ownerToken, json("clientId", "s1", "text", "the " + secret));
        assertEquals(200, sent.status(), () -> String.valueOf(sent.body()));
        String messageId = sent.body().get("id").asText();
        assertEquals(200, api.put("v1/conversations/" + groupId + "/messages/" + messageId + "/reactions/:ok:", ownerToken).status());
        TestApi.Reply upload = api.postBytes("v1/conversations/" + groupId + "/attachments?fileName=v.png", ownerToken, "image/png", PNG);
        assertEquals(201, upload.status(), () -> String.valueOf(upload.body()));
        String attachmentId = upload.body().get("id").asText();
        TestApi.Reply second = api.post("v1/api-keys", t.apiKey(), json("name", "second"));
        assertEquals(201, second.status(), () -> String.valueOf(second.body()));
        TestApi.Reply kid = api.post("v1/token-keys", t.apiKey(), json("type", "hs256"));
        assertEquals(201, kid.status(), () -> String.valueOf(kid.body()));
        eventually(() -> api.get("v1/search?q=" + secret, ownerToken).body().get("items").size() > 0 ? true : null);
        eventually(() -> api.get("v1/attachments/" + attachmentId, ownerToken).status() == 200 ? true : null);
        Map<String, String> ids = new java.util.HashMap<>();
        TenantFixtures.Account admin = fixtures.tenantAdmin(t.tenantId());
        ids.put("admin", admin.id());
        TestApi.Reply invitation = api.post("v1/team/invitations", admin.token(), json("email", "v-" + suffix + "@example.com", "role", "moderator"));
        assertEquals(201, invitation.status(), () -> String.valueOf(invitation.body()));
        ids.put("invitation", invitation.body().get("id").asText());
        String leaver = "v-gone-" + suffix;
        fixtures.addUser(t, leaver);
        ids.put("export", started(api.post("v1/compliance/exports", t.apiKey(), json("userIds", List.of(owner)))));
        ids.put("erasure", started(api.post("v1/compliance/erasures", t.apiKey(), json("userId", leaver))));
        ids.put("retentionRun", started(api.post("v1/compliance/retention/runs", t.apiKey(), json())));
        TestApi.Reply hold = api.post("v1/compliance/holds", t.apiKey(), json("targetType", "user", "targetId", member, "reason", "litigation"));
        assertEquals(201, hold.status(), () -> String.valueOf(hold.body()));
        ids.put("hold", hold.body().get("id").asText());
        UUID jwksUrl = UUID.randomUUID();
        try (Connection c = ChatServices.postgres().connect("chat");
             PreparedStatement ps = c.prepareStatement("insert into tenant_jwks_url (id, tenant_id, url, created_at) values (?, ?, ?, now())")) {
            ps.setObject(1, jwksUrl);
            ps.setObject(2, UUID.fromString(t.tenantId()));
            ps.setString(3, "https://keys.example.com/" + suffix + "/jwks.json");
            ps.executeUpdate();
        }
        ids.put("jwksUrl", jwksUrl.toString());
        // Every asynchronous effect has settled before the fingerprint is taken: the jobs and the analytics rollup.
        for (String job : List.of("exports/" + ids.get("export"), "erasures/" + ids.get("erasure"), "retention/runs/" + ids.get("retentionRun"))) {
            eventually(() -> "completed".equals(api.get("v1/compliance/" + job, t.apiKey()).body().path("status").asText()) ? true : null);
        }
        eventually(() -> api.get("v1/analytics", t.apiKey()).body().at("/totals/messages").asLong() >= 1 ? true : null);
        return new Victim(t.tenantId(), t.apiKey(), owner, member, outsider, ownerToken, outsiderToken, groupId, messageId,
                attachmentId, second.body().get("id").asText(), kid.body().get("kid").asText(), secret, ids);
    }

    private static String started(TestApi.Reply job) {
        assertEquals(202, job.status(), () -> String.valueOf(job.body()));
        return job.body().get("id").asText();
    }

    /** A victim id or text in a body, unless the request itself named it. */
    private static java.util.Optional<String> leak(Victim v, String request, String body) {
        List<String> secrets = new ArrayList<>(List.of(v.secret(), v.tenantId(), v.group(), v.messageId(), v.attachmentId(), v.secondKeyId(),
                v.kid(), v.owner(), v.member()));
        secrets.addAll(v.ids().values());
        for (String secret : secrets) {
            if (body.contains(secret) && !request.contains(secret)) {
                return java.util.Optional.of(secret);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Below the application and row-level security, the schema itself (V21): a message or event whose conversation,
     * sender or actor belongs to another tenant is refused, even on the superuser connection of this test, which
     * row-level security does not filter. Nothing is written; a consistent row goes in.
     */
    @Test
    void theDatabaseRefusesMessagesAndEventsThatMixTenants() throws Exception {
        TenantFixtures.TenantFixture a = fixtures.newTenant("Mix A " + UUID.randomUUID());
        TenantFixtures.TenantFixture b = fixtures.newTenant("Mix B " + UUID.randomUUID());
        try (Connection c = ChatServices.postgres().connect("chat")) {
            String aliceA = TenantFixtures.userRowId(a.tenantId(), "alice");
            String aliceB = TenantFixtures.userRowId(b.tenantId(), "alice");
            String message = "insert into message (id, tenant_id, conversation_id, seq, sender_id, client_id, text, created_at) "
                    + "values (gen_random_uuid(), ?::uuid, ?::uuid, 1000000, ?::uuid, gen_random_uuid()::text, 'mixed', now())";
            String event = "insert into conversation_event (conversation_id, seq, tenant_id, kind, actor_id, payload, created_at) "
                    + "values (?::uuid, 1000000, ?::uuid, 'message.created', ?::uuid, '{}', now())";
            List<String> refused = new ArrayList<>();
            refused.add(insert(c, message, a.tenantId(), b.conversationId(), aliceA)); // another tenant's conversation
            refused.add(insert(c, message, a.tenantId(), a.conversationId(), aliceB)); // another tenant's sender
            refused.add(insert(c, event, b.conversationId(), a.tenantId(), aliceA));
            refused.add(insert(c, event, a.conversationId(), a.tenantId(), aliceB));
            assertEquals(List.of("23503", "23503", "23503", "23503"), refused, "foreign key violations");
            c.setAutoCommit(false);
            try {
                assertEquals("ok", insert(c, message, a.tenantId(), a.conversationId(), aliceA), "a consistent message goes in");
                assertEquals("ok", insert(c, event, a.conversationId(), a.tenantId(), aliceA), "a consistent event goes in");
            } finally {
                c.rollback();
            }
            try (PreparedStatement ps = c.prepareStatement("select (select count(*) from message where seq = 1000000 and conversation_id "
                    + "in (?::uuid, ?::uuid)) + (select count(*) from conversation_event where seq = 1000000 and conversation_id in (?::uuid, ?::uuid))")) {
                ps.setString(1, a.conversationId());
                ps.setString(2, b.conversationId());
                ps.setString(3, a.conversationId());
                ps.setString(4, b.conversationId());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(0, rs.getLong(1), "nothing was written");
                }
            }
        }
    }

    /** Runs the insert; "ok", or the SQL state it failed with. */
    private static String insert(Connection c, String sql, String first, String second, String third) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, first);
            ps.setString(2, second);
            ps.setString(3, third);
            ps.executeUpdate();
            return "ok";
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    /** An md5 of every row with the tenant's id, per table that has tenant_id (new tables included). */
    static Map<String, String> fingerprint(String tenantId) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = ChatServices.postgres().connect("chat")) {
            List<String> tables = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select c.table_name from information_schema.columns c "
                    + "join information_schema.tables t using (table_schema, table_name) where c.table_schema = 'public' "
                    + "and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE' order by 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (PreparedStatement ps = c.prepareStatement("select count(*) || ':' || coalesce(md5(string_agg(x::text, '|' order by x::text)), '') "
                        + "from \"" + table + "\" x where tenant_id = ?")) {
                    ps.setObject(1, UUID.fromString(tenantId));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        out.put(table, rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    static String describe(Map<String, ?> m) {
        return m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
