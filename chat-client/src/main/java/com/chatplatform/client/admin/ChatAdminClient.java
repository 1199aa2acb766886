package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Typed client for the platform-administration part of the REST API ({@code /auth/login},
 * {@code /platform/tenants} and {@code /platform/audit}).
 *
 * <p>Instances are immutable and thread-safe. {@link #login} needs no token; the other calls need one,
 * given with {@link #withToken(String)}:
 * <pre>{@code
 * ChatAdminClient api = ChatAdminClient.create(URI.create("http://localhost:8080/api/v1"));
 * Session session = api.login("admin@example.com", "secret");
 * List<Tenant> tenants = api.withToken(session.token()).listTenants();
 * }</pre>
 *
 * <p>Errors: an answer with an error status throws {@link ChatApiException} (status and, from the
 * problem+json body, code, title and detail); a transport failure (connection refused, timeout) throws
 * {@link UncheckedIOException}.
 */
public final class ChatAdminClient {

    /** Default time to wait for a connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default time to wait for a whole answer. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final String baseUrl;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final String token;

    private ChatAdminClient(String baseUrl, HttpClient http, Duration requestTimeout, String token) {
        this.baseUrl = baseUrl;
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.token = token;
    }

    /**
     * A client for the API at {@code baseUrl} (e.g. {@code http://localhost:8080/api/v1}), with its own
     * {@link HttpClient} and the default timeouts.
     */
    public static ChatAdminClient create(URI baseUrl) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade: the server keeps every h2c connection (ADR 0018)
                .connectTimeout(DEFAULT_CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return create(baseUrl, http, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * A client for the API at {@code baseUrl} that sends through the given {@link HttpClient}. Over plain HTTP build it with
     * {@code .version(HttpClient.Version.HTTP_1_1)}: by default it asks for an h2c upgrade, and the server keeps the memory
     * of every h2c connection (ADR 0018).
     */
    public static ChatAdminClient create(URI baseUrl, HttpClient http, Duration requestTimeout) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("The API base URL must be an http or https URL, not: " + baseUrl);
        }
        String base = baseUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return new ChatAdminClient(base, Objects.requireNonNull(http, "http"),
                Objects.requireNonNull(requestTimeout, "requestTimeout"), null);
    }

    /** The same client sending {@code Authorization: Bearer <token>} on every call. */
    public ChatAdminClient withToken(String bearerToken) {
        if (bearerToken == null || bearerToken.isBlank()) {
            throw new IllegalArgumentException("A bearer token is required.");
        }
        return new ChatAdminClient(baseUrl, http, requestTimeout, bearerToken);
    }

    /** The API base URL without a trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    /**
     * {@code POST /auth/login}. Wrong credentials throw {@link ChatApiException} with status 401 and code
     * {@code auth.invalid_credentials}.
     */
    public Session login(String email, String password) {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(password, "password");
        return send("POST", "/auth/login", Map.of("email", email, "password", password), false, Session.class);
    }

    /**
     * {@code POST /auth/login} with a TOTP code (accounts with a second factor). Without a code such an account
     * answers 401 {@code auth.second_factor_required}; a wrong or reused code 401 {@code auth.second_factor_invalid}.
     */
    public Session login(String email, String password, String totp) {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(password, "password");
        if (totp == null || totp.isBlank()) {
            return login(email, password);
        }
        return send("POST", "/auth/login", Map.of("email", email, "password", password, "totp", totp.strip()), false,
                Session.class);
    }

    /** {@code POST /auth/invitations/accept}: creates the invited account and signs it in. */
    public Session acceptInvitation(String invitationToken, String password, String displayName) {
        Objects.requireNonNull(invitationToken, "invitationToken");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(displayName, "displayName");
        return send("POST", "/auth/invitations/accept",
                Map.of("token", invitationToken, "password", password, "displayName", displayName), false, Session.class);
    }

    /** {@code POST /platform/tenants/{id}/invitations} (platform-admin): invites a tenant's (first) admin. */
    public TeamInvitation inviteToTenant(String tenantId, String email, String role) {
        return send("POST", "/platform/tenants/" + segment(tenantId) + "/invitations",
                Map.of("email", Objects.requireNonNull(email, "email"), "role", Objects.requireNonNull(role, "role")), true,
                TeamInvitation.class);
    }

    /** {@code GET /team/members} (tenant-admin): the console accounts of the caller's tenant. */
    public List<TeamMember> listTeamMembers() {
        MemberList list = send("GET", "/team/members", null, true, MemberList.class);
        return list.items() == null ? List.of() : List.copyOf(list.items());
    }

    /** {@code GET /team/invitations} (tenant-admin): pending invitations, without tokens. */
    public List<TeamInvitation> listTeamInvitations() {
        InvitationList list = send("GET", "/team/invitations", null, true, InvitationList.class);
        return list.items() == null ? List.of() : List.copyOf(list.items());
    }

    /**
     * {@code POST /team/invitations} (tenant-admin): the answer carries the invitation token once. An email
     * already in the team throws 409 {@code account.exists}.
     */
    public TeamInvitation inviteTeamMember(String email, String role) {
        return send("POST", "/team/invitations",
                Map.of("email", Objects.requireNonNull(email, "email"), "role", Objects.requireNonNull(role, "role")), true,
                TeamInvitation.class);
    }

    /** {@code DELETE /team/invitations/{id}} (tenant-admin): withdraws a pending invitation. */
    public void withdrawTeamInvitation(String invitationId) {
        send("DELETE", "/team/invitations/" + segment(invitationId), null, true, Void.class);
    }

    /** {@code PATCH /team/members/{id}}; demoting the last tenant admin throws 409 {@code team.last_admin}. */
    public TeamMember changeTeamRole(String accountId, String role) {
        return send("PATCH", "/team/members/" + segment(accountId), Map.of("role", Objects.requireNonNull(role, "role")), true,
                TeamMember.class);
    }

    /** {@code DELETE /team/members/{id}}; removing the last tenant admin throws 409 {@code team.last_admin}. */
    public void removeTeamMember(String accountId) {
        send("DELETE", "/team/members/" + segment(accountId), null, true, Void.class);
    }

    /** {@code POST /compliance/exports {"userIds": [...]}}: starts an export job (compliance-officer, tenant-admin). */
    public ComplianceJob startExport(List<String> userIds) {
        return send("POST", "/compliance/exports", Map.of("userIds", List.copyOf(userIds)), true, ComplianceJob.class);
    }

    /** {@code GET /compliance/exports}: the tenant's export jobs. */
    public List<ComplianceJob> listExports() {
        return List.of(send("GET", "/compliance/exports", null, true, ComplianceJob[].class));
    }

    /** {@code GET /compliance/exports/{id}}. */
    public ComplianceJob getExport(String jobId) {
        return send("GET", "/compliance/exports/" + segment(jobId), null, true, ComplianceJob.class);
    }

    /** {@code POST /compliance/exports/{id}/cancel}. */
    public ComplianceJob cancelExport(String jobId) {
        return send("POST", "/compliance/exports/" + segment(jobId) + "/cancel", null, true, ComplianceJob.class);
    }

    /** {@code POST /compliance/exports/{id}/download}: a short-lived link to the finished export's ZIP. */
    public ExportDownload exportDownload(String jobId) {
        return send("POST", "/compliance/exports/" + segment(jobId) + "/download", null, true, ExportDownload.class);
    }

    /** {@code POST /compliance/erasures {"userId"}}: starts (or returns the running) erasure of a user. */
    public ComplianceJob startErasure(String userId) {
        return send("POST", "/compliance/erasures", Map.of("userId", Objects.requireNonNull(userId, "userId")), true,
                ComplianceJob.class);
    }

    /** {@code GET /compliance/erasures}. */
    public List<ComplianceJob> listErasures() {
        return List.of(send("GET", "/compliance/erasures", null, true, ComplianceJob[].class));
    }

    /** {@code GET /compliance/erasures/{id}}: with the proof report once completed. */
    public ComplianceJob getErasure(String jobId) {
        return send("GET", "/compliance/erasures/" + segment(jobId), null, true, ComplianceJob.class);
    }

    /** {@code GET /compliance/retention}: the tenant's policy and the conversations' ones. */
    public List<RetentionPolicy> listRetentionPolicies() {
        return List.of(send("GET", "/compliance/retention", null, true, RetentionPolicy[].class));
    }

    /** {@code PUT /compliance/retention {"maxAgeDays"}}: the tenant's policy; {@code null} removes it. */
    public List<RetentionPolicy> setTenantRetention(Integer maxAgeDays) {
        java.util.Map<String, Object> body = new java.util.HashMap<>();
        body.put("maxAgeDays", maxAgeDays);
        return List.of(send("PUT", "/compliance/retention", body, true, RetentionPolicy[].class));
    }

    /** {@code GET /compliance/holds}: the active legal holds. */
    public List<LegalHold> listLegalHolds() {
        return List.of(send("GET", "/compliance/holds", null, true, LegalHold[].class));
    }

    /** {@code POST /compliance/holds}: {@code targetType} is user or conversation. */
    public LegalHold placeLegalHold(String targetType, String targetId, String reason) {
        java.util.Map<String, Object> body = new java.util.HashMap<>();
        body.put("targetType", targetType);
        body.put("targetId", targetId);
        body.put("reason", reason);
        return send("POST", "/compliance/holds", body, true, LegalHold.class);
    }

    /** {@code DELETE /compliance/holds/{id}}: lifts a hold. */
    public LegalHold liftLegalHold(String holdId) {
        return send("DELETE", "/compliance/holds/" + segment(holdId), null, true, LegalHold.class);
    }

    /**
     * {@code GET /admin/search} (moderator, tenant-admin, compliance-officer): tenant-wide message search. {@code q}
     * as for {@code /search}; {@code senderId} and {@code conversationId} optional; {@code cursor} from the previous page.
     */
    public SearchHits searchTenant(String q, String senderId, String conversationId, String cursor) {
        StringBuilder params = new StringBuilder();
        param(params, "q", q);
        param(params, "senderId", senderId);
        param(params, "conversationId", conversationId);
        param(params, "cursor", cursor);
        return send("GET", "/admin/search" + params, null, true, SearchHits.class);
    }

    /**
     * {@code GET /users} (tenant-admin): the tenant's users by id; {@code query} an id or display name prefix
     * (case-insensitive, optional); {@code cursor} from the previous page.
     */
    public ChatUser.Page listUsers(String query, String cursor, Integer limit) {
        StringBuilder params = new StringBuilder();
        param(params, "q", query);
        param(params, "cursor", cursor);
        param(params, "limit", limit == null ? null : limit.toString());
        return send("GET", "/users" + params, null, true, ChatUser.Page.class);
    }

    /** {@code GET /users/{id}} (tenant-admin): an unknown id throws {@link ChatApiException} with status 404. */
    public ChatUser getUser(String userId) {
        return send("GET", "/users/" + segment(userId), null, true, ChatUser.class);
    }

    /** {@code PATCH /users/{id} {"displayName"}} (tenant-admin). */
    public ChatUser renameUser(String userId, String displayName) {
        return send("PATCH", "/users/" + segment(userId), Map.of("displayName", Objects.requireNonNull(displayName, "displayName")),
                true, ChatUser.class);
    }

    /** {@code DELETE /users/{id}}: starts the user's erasure (same job as {@link #startErasure}). */
    public ComplianceJob eraseUser(String userId) {
        return send("DELETE", "/users/" + segment(userId), null, true, ComplianceJob.class);
    }

    /** {@code GET /audit} (tenant-admin, compliance-officer): the caller's tenant's entries, newest first; tenantId is ignored. */
    public AuditPage listTenantAudit(AuditQuery query) {
        AuditQuery q = query == null ? AuditQuery.all() : query;
        StringBuilder params = new StringBuilder();
        param(params, "action", q.action());
        param(params, "from", q.from() == null ? null : q.from().toString());
        param(params, "to", q.to() == null ? null : q.to().toString());
        param(params, "limit", q.limit() == null ? null : q.limit().toString());
        param(params, "before", q.before() == null ? null : q.before().toString());
        return send("GET", "/audit" + params, null, true, AuditPage.class);
    }

    /** {@code GET /audit/verify} (tenant-admin, compliance-officer): walks the tenant's hash chain. */
    public AuditVerification verifyTenantAudit() {
        return send("GET", "/audit/verify", null, true, AuditVerification.class);
    }

    /** {@code GET /api-keys} (tenant-admin): the caller's tenant's keys, revoked ones included, never a secret. */
    public List<ApiKey> listOwnApiKeys() {
        ApiKeyList list = send("GET", "/api-keys", null, true, ApiKeyList.class);
        return list.items() == null ? List.of() : List.copyOf(list.items());
    }

    /** {@code POST /api-keys} (tenant-admin): a new key of the caller's tenant; its secret is shown only here. */
    public ApiKeySecret createOwnApiKey(String keyName) {
        return send("POST", "/api-keys", Map.of("name", Objects.requireNonNull(keyName, "keyName")), true, ApiKeySecret.class);
    }

    /** {@code DELETE /api-keys/{keyId}} (tenant-admin); the last active key answers 409 {@code api_key.last_active}. */
    public void revokeOwnApiKey(String keyId) {
        send("DELETE", "/api-keys/" + segment(keyId), null, true, Void.class);
    }

    /** {@code GET /platform/tenants} (platform-admin). */
    public List<Tenant> listTenants() {
        TenantList list = send("GET", "/platform/tenants", null, true, TenantList.class);
        return list.items() == null ? List.of() : List.copyOf(list.items());
    }

    /** {@code POST /platform/tenants}: the new tenant and its first API key, whose secret is shown only here. */
    public CreatedTenant createTenant(String name) {
        Objects.requireNonNull(name, "name");
        return send("POST", "/platform/tenants", Map.of("name", name), true, CreatedTenant.class);
    }

    /** {@code GET /platform/tenants/{id}}; an unknown id throws {@link ChatApiException} with status 404. */
    public Tenant getTenant(String tenantId) {
        return send("GET", "/platform/tenants/" + segment(tenantId), null, true, Tenant.class);
    }

    /** {@code POST /platform/tenants/{id}/api-keys}: a further API key; its secret is shown only here. */
    public ApiKeySecret createApiKey(String tenantId, String keyName) {
        Objects.requireNonNull(keyName, "keyName");
        return send("POST", "/platform/tenants/" + segment(tenantId) + "/api-keys", Map.of("name", keyName), true,
                ApiKeySecret.class);
    }

    /**
     * {@code PATCH /platform/tenants/{id}}: the renamed tenant. An invalid name throws {@link ChatApiException}
     * with status 400 ({@code request.invalid}) and a detail to show the person.
     */
    public Tenant renameTenant(String tenantId, String newName) {
        Objects.requireNonNull(newName, "newName");
        return send("PATCH", "/platform/tenants/" + segment(tenantId), Map.of("name", newName), true, Tenant.class);
    }

    /**
     * {@code POST /platform/tenants/{id}/suspend}: from now on the tenant's API keys and user tokens answer
     * {@code 403 tenant.suspended} and its open WebSocket connections are closed. Idempotent.
     */
    public Tenant suspendTenant(String tenantId) {
        return send("POST", "/platform/tenants/" + segment(tenantId) + "/suspend", null, true, Tenant.class);
    }

    /** {@code POST /platform/tenants/{id}/reactivate}: existing keys and unexpired tokens work again. Idempotent. */
    public Tenant reactivateTenant(String tenantId) {
        return send("POST", "/platform/tenants/" + segment(tenantId) + "/reactivate", null, true, Tenant.class);
    }

    /** {@code GET /platform/tenants/{id}/api-keys}: the tenant's keys, revoked ones included, never a secret. */
    public List<ApiKey> listApiKeys(String tenantId) {
        ApiKeyList list = send("GET", "/platform/tenants/" + segment(tenantId) + "/api-keys", null, true, ApiKeyList.class);
        return list.items() == null ? List.of() : List.copyOf(list.items());
    }

    /**
     * {@code DELETE /platform/tenants/{id}/api-keys/{keyId}}. Revoking the tenant's last active key throws
     * {@link ChatApiException} with status 409 and code {@code api_key.last_active}.
     */
    public void revokeApiKey(String tenantId, String keyId) {
        send("DELETE", "/platform/tenants/" + segment(tenantId) + "/api-keys/" + segment(keyId), null, true, Void.class);
    }

    /** {@code GET /platform/audit} with the query's filters: one page, newest first. */
    public AuditPage listAudit(AuditQuery query) {
        AuditQuery q = query == null ? AuditQuery.all() : query;
        StringBuilder params = new StringBuilder();
        param(params, "tenantId", q.tenantId());
        param(params, "action", q.action());
        param(params, "from", q.from() == null ? null : q.from().toString());
        param(params, "to", q.to() == null ? null : q.to().toString());
        param(params, "limit", q.limit() == null ? null : q.limit().toString());
        param(params, "before", q.before() == null ? null : q.before().toString());
        return send("GET", "/platform/audit" + params, null, true, AuditPage.class);
    }

    /**
     * {@code GET /platform/tenants/{id}/analytics} (platform-admin) for the UTC days {@code from} to {@code to},
     * both included; {@code null} for either takes the API's default (the 30 days up to today). A bad period
     * throws {@link ChatApiException} with status 400 and code {@code analytics.invalid_period} or
     * {@code analytics.period_too_long}.
     */
    public Analytics getTenantAnalytics(String tenantId, LocalDate from, LocalDate to) {
        return send("GET", "/platform/tenants/" + segment(tenantId) + "/analytics" + period(from, to), null, true, Analytics.class);
    }

    /** {@code GET /analytics}: the caller's own tenant (a tenant admin's token or the tenant's API key). */
    public Analytics getAnalytics(LocalDate from, LocalDate to) {
        return send("GET", "/analytics" + period(from, to), null, true, Analytics.class);
    }

    /** {@code GET /platform/health} (platform-admin): database, search and storage checked now, and the node. */
    public SystemHealth getSystemHealth() {
        return send("GET", "/platform/health", null, true, SystemHealth.class);
    }

    /**
     * {@code POST /platform/tenants/{id}/deletion} (platform-admin): what deleting the tenant would remove and a
     * one-time confirmation token. Nothing is deleted yet. An API without tenant deletion answers 404 or 405
     * ({@link ChatApiException}).
     */
    public TenantDeletionPlan requestTenantDeletion(String tenantId) {
        return send("POST", "/platform/tenants/" + segment(tenantId) + "/deletion", null, true, TenantDeletionPlan.class);
    }

    /** {@code POST /platform/tenants/{id}/deletion/confirm} with the token of {@link #requestTenantDeletion}. */
    public void confirmTenantDeletion(String tenantId, String token) {
        Objects.requireNonNull(token, "token");
        send("POST", "/platform/tenants/" + segment(tenantId) + "/deletion/confirm", Map.of("token", token), true, Void.class);
    }

    // ---- plans and quotas (platform-admin) ------------------------------------------------------------------

    /** {@code GET /platform/plans} (platform-admin). */
    public List<Plan> listPlans() {
        PlanList list = send("GET", "/platform/plans", null, true, PlanList.class);
        return list.items() == null ? List.of() : List.copyOf(list.items());
    }

    /**
     * {@code PATCH /platform/plans/{id}} (platform-admin) with merge-patch limits ({@code null} value: unlimited);
     * applies to every tenant on the plan. A bad value throws 400 {@code plan.invalid} naming the field.
     */
    public Plan updatePlanLimits(String planId, Map<String, Object> limitChanges) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("limits", new java.util.LinkedHashMap<>(limitChanges));
        return send("PATCH", "/platform/plans/" + segment(planId), body, true, Plan.class);
    }

    /**
     * {@code POST /platform/plans} (platform-admin): a new plan with every limit ({@code null}: unlimited where allowed).
     * A used id throws 409 {@code plan.exists}; a bad id or limit 400 {@code plan.invalid}.
     */
    public Plan createPlan(String planId, String name, Map<String, Object> limits) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("id", planId);
        body.put("name", name);
        body.put("limits", new java.util.LinkedHashMap<>(limits));
        return send("POST", "/platform/plans", body, true, Plan.class);
    }

    /** {@code GET /platform/tenants/{id}/plan} (platform-admin): plan, overrides, effective limits. */
    public TenantPlan getTenantPlan(String tenantId) {
        return send("GET", "/platform/tenants/" + segment(tenantId) + "/plan", null, true, TenantPlan.class);
    }

    /**
     * {@code PUT /platform/tenants/{id}/plan} (platform-admin): assigns {@code planId} with {@code overrides}, which
     * replace the tenant's earlier ones (an empty map removes them).
     */
    public TenantPlan setTenantPlan(String tenantId, String planId, Map<String, Object> overrides) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("plan", Objects.requireNonNull(planId, "planId"));
        body.put("overrides", overrides == null ? Map.of() : new java.util.LinkedHashMap<>(overrides));
        return send("PUT", "/platform/tenants/" + segment(tenantId) + "/plan", body, true, TenantPlan.class);
    }

    /** {@code GET /platform/tenants/{id}/usage} (platform-admin). */
    public TenantUsage getTenantUsage(String tenantId) {
        return send("GET", "/platform/tenants/" + segment(tenantId) + "/usage", null, true, TenantUsage.class);
    }

    /** {@code GET /usage} (tenant-admin): the caller's own tenant. */
    public TenantUsage getOwnUsage() {
        return send("GET", "/usage", null, true, TenantUsage.class);
    }

    /** {@code GET /settings} (tenant-admin): the caller's own plan, overrides, effective limits and compliance settings. */
    public TenantPlan getOwnSettings() {
        return send("GET", "/settings", null, true, TenantPlan.class);
    }

    /** {@code GET /compliance/settings} (tenant-admin, compliance-officer). */
    public ComplianceSettings getComplianceSettings() {
        return send("GET", "/compliance/settings", null, true, ComplianceSettings.class);
    }

    /** {@code PUT /compliance/settings}: {@code null} fields stay unchanged. */
    public ComplianceSettings updateComplianceSettings(String erasurePolicy, Long exportTtlSeconds) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("erasurePolicy", erasurePolicy);
        body.put("exportTtlSeconds", exportTtlSeconds);
        return send("PUT", "/compliance/settings", body, true, ComplianceSettings.class);
    }

    /** {@code POST /compliance/exports {"scope": "tenant"}}: an export of the whole tenant. */
    public ComplianceJob startTenantExport() {
        return send("POST", "/compliance/exports", Map.of("scope", "tenant"), true, ComplianceJob.class);
    }

    // ---- token-signing keys (tenant-admin) ------------------------------------------------------------------

    /** {@code GET /token-keys}: the tenant's signing keys, revoked ones included, never a secret. */
    public List<TokenKey> listTokenKeys() {
        TokenKeyList list = send("GET", "/token-keys", null, true, TokenKeyList.class);
        return list.items() == null ? List.of() : List.copyOf(list.items());
    }

    /** {@code POST /token-keys {"type":"hs256"}}: a new shared secret, present only in this answer. */
    public TokenKey createSharedSecret() {
        return send("POST", "/token-keys", Map.of("type", "hs256"), true, TokenKey.class);
    }

    /** {@code POST /token-keys {"type":"jwk","jwk":{...}}}: registers a public key given as JWK JSON text. */
    public TokenKey registerPublicKey(String jwkJson) {
        Object jwk;
        try {
            jwk = JSON.readValue(Objects.requireNonNull(jwkJson, "jwkJson"), Map.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("The key is not a JSON object: " + describe(e), e);
        }
        return send("POST", "/token-keys", Map.of("type", "jwk", "jwk", jwk), true, TokenKey.class);
    }

    /** {@code DELETE /token-keys/{kid}}: tokens signed with the key are refused from now on. */
    public TokenKey revokeTokenKey(String kid) {
        return send("DELETE", "/token-keys/" + segment(kid), null, true, TokenKey.class);
    }

    /** {@code GET /token-keys/jwks-urls}. */
    public List<JwksUrl> listJwksUrls() {
        JwksUrlList list = send("GET", "/token-keys/jwks-urls", null, true, JwksUrlList.class);
        return list.items() == null ? List.of() : List.copyOf(list.items());
    }

    /** {@code POST /token-keys/jwks-urls {"url"}}: fetched at once; it must be https and hold a usable key. */
    public JwksUrl registerJwksUrl(String url) {
        return send("POST", "/token-keys/jwks-urls", Map.of("url", Objects.requireNonNull(url, "url")), true, JwksUrl.class);
    }

    /** {@code DELETE /token-keys/jwks-urls/{id}}. */
    public void removeJwksUrl(String id) {
        send("DELETE", "/token-keys/jwks-urls/" + segment(id), null, true, Void.class);
    }

    // ---- end users (tenant-admin) ---------------------------------------------------------------------------

    /** {@code POST /users {"id","displayName"}}: a new chat user of the caller's tenant. */
    public ChatUser createUser(String userId, String displayName) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("id", userId);
        body.put("displayName", displayName);
        return send("POST", "/users", body, true, ChatUser.class);
    }

    /**
     * {@code PATCH /users/{id}}: {@code null} arguments stay unchanged; {@code role} is user or moderator;
     * {@code customDataJson} is a JSON object as text ("{}" clears it).
     */
    public ChatUser updateUser(String userId, String displayName, String role, String customDataJson) {
        Map<String, Object> body = new java.util.HashMap<>();
        if (displayName != null) {
            body.put("displayName", displayName);
        }
        if (role != null) {
            body.put("role", role);
        }
        if (customDataJson != null) {
            try {
                body.put("customData", JSON.readValue(customDataJson, Map.class));
            } catch (IOException e) {
                throw new IllegalArgumentException("Custom data must be a JSON object: " + describe(e), e);
            }
        }
        return send("PATCH", "/users/" + segment(userId), body, true, ChatUser.class);
    }

    /** {@code POST /users/{id}/tokens {"ttlSeconds"}}: a user token for testing ({@code null}: the API's default lifetime). */
    public UserToken mintUserToken(String userId, Long ttlSeconds) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("ttlSeconds", ttlSeconds);
        return send("POST", "/users/" + segment(userId) + "/tokens", body, true, UserToken.class);
    }

    /** {@code POST /users/{id}/revoke-tokens}: every token issued to the user so far stops working. */
    public void revokeUserTokens(String userId) {
        send("POST", "/users/" + segment(userId) + "/revoke-tokens", null, true, Void.class);
    }

    // ---- my account (every console person) ------------------------------------------------------------------

    /**
     * {@code POST /me/password}: every earlier token of the account stops working; the answer is a fresh session.
     * A wrong current password or a weak new one throws {@link ChatApiException} (400/401 with a detail).
     */
    public Session changePassword(String currentPassword, String newPassword) {
        return send("POST", "/me/password", Map.of("currentPassword", Objects.requireNonNull(currentPassword, "currentPassword"),
                "newPassword", Objects.requireNonNull(newPassword, "newPassword")), true, Session.class);
    }

    /** {@code POST /me/totp}: starts TOTP enrolment; sign-in is unchanged until {@link #confirmTotp}. */
    public TotpEnrolment startTotp() {
        return send("POST", "/me/totp", null, true, TotpEnrolment.class);
    }

    /** {@code POST /me/totp/confirm {"code"}}: from now on sign-in needs a code. Answers whether TOTP is on. */
    public boolean confirmTotp(String code) {
        return send("POST", "/me/totp/confirm", Map.of("code", Objects.requireNonNull(code, "code").strip()), true, Me.class)
                .totpEnabled();
    }

    /** {@code POST /me/totp/disable {"code"}}: turns the second factor off. Answers whether TOTP is still on. */
    public boolean disableTotp(String code) {
        return send("POST", "/me/totp/disable", Map.of("code", Objects.requireNonNull(code, "code").strip()), true, Me.class)
                .totpEnabled();
    }

    /** {@code GET /me}: whether the signed-in account has a second factor. */
    public boolean isTotpEnabled() {
        return send("GET", "/me", null, true, Me.class).totpEnabled();
    }

    /** {@code POST /auth/sign-out-everywhere}: every console token of the account issued so far, this one included, stops working. */
    public void signOutEverywhere() {
        send("POST", "/auth/sign-out-everywhere", null, true, Void.class);
    }

    // ---- moderation (tenant-admin, moderator) ---------------------------------------------------------------

    /**
     * {@code GET /admin/conversations} (tenant-admin, moderator): most recent activity first; {@code type} (direct,
     * group, channel) and {@code namePrefix} optional; {@code cursor} from the previous page.
     */
    public AdminConversation.Page listConversations(String type, String namePrefix, String cursor, Integer limit) {
        StringBuilder params = new StringBuilder();
        param(params, "type", type);
        param(params, "name", namePrefix);
        param(params, "cursor", cursor);
        param(params, "limit", limit == null ? null : limit.toString());
        return send("GET", "/admin/conversations" + params, null, true, AdminConversation.Page.class);
    }

    /** {@code GET /admin/conversations/{id}}: the conversation with its members; another tenant's id is 404. */
    public AdminConversation getConversation(String conversationId) {
        return send("GET", "/admin/conversations/" + segment(conversationId), null, true, AdminConversation.class);
    }

    /**
     * {@code GET /admin/conversations/{id}/messages?before=N} (audited by the API): the page of messages just before
     * {@code before} (the newest page when {@code null}), oldest first, tombstones included.
     */
    public AdminMessage.Page conversationMessages(String conversationId, Long before, Integer limit) {
        StringBuilder params = new StringBuilder();
        param(params, "before", before == null ? String.valueOf(Long.MAX_VALUE) : before.toString());
        param(params, "limit", limit == null ? null : limit.toString());
        return send("GET", "/admin/conversations/" + segment(conversationId) + "/messages" + params, null, true, AdminMessage.Page.class);
    }

    /** {@code GET /admin/moderation/records}: newest first; {@code userId}/{@code conversationId} optional filters. */
    public List<ModerationRecord> listModerationRecords(String userId, String conversationId, Integer limit) {
        StringBuilder params = new StringBuilder();
        param(params, "userId", userId);
        param(params, "conversationId", conversationId);
        param(params, "limit", limit == null ? null : limit.toString());
        RecordList list = send("GET", "/admin/moderation/records" + params, null, true, RecordList.class);
        return list.items() == null ? List.of() : List.copyOf(list.items());
    }

    /** {@code GET /admin/conversations/{id}/bans}: the conversation's active bans. */
    public List<ConversationBan> listBans(String conversationId) {
        BanList list = send("GET", "/admin/conversations/" + segment(conversationId) + "/bans", null, true, BanList.class);
        return list.items() == null ? List.of() : List.copyOf(list.items());
    }

    /** {@code POST /admin/conversations/{id}/bans {"userId","reason","expiresAt"}}; {@code expiresAt} null: until lifted. */
    public void banUser(String conversationId, String userId, String reason, java.time.Instant expiresAt) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("userId", Objects.requireNonNull(userId, "userId"));
        body.put("reason", reason);
        body.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
        send("POST", "/admin/conversations/" + segment(conversationId) + "/bans", body, true, Void.class);
    }

    /** {@code DELETE /admin/conversations/{id}/bans/{userId}}. */
    public void unbanUser(String conversationId, String userId) {
        send("DELETE", "/admin/conversations/" + segment(conversationId) + "/bans/" + segment(userId), null, true, Void.class);
    }

    /** {@code POST /admin/conversations/{id}/messages/{mid}/hard-delete {"reason"}}: removes the message's content for good. */
    public void hardDeleteMessage(String conversationId, String messageId, String reason) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("reason", reason);
        send("POST", "/admin/conversations/" + segment(conversationId) + "/messages/" + segment(messageId) + "/hard-delete",
                body, true, Void.class);
    }

    private static String period(LocalDate from, LocalDate to) {
        StringBuilder params = new StringBuilder();
        param(params, "from", from == null ? null : from.toString());
        param(params, "to", to == null ? null : to.toString());
        return params.toString();
    }

    private static void param(StringBuilder query, String name, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        query.append(query.isEmpty() ? '?' : '&').append(name).append('=')
                .append(URLEncoder.encode(value.strip(), StandardCharsets.UTF_8).replace("+", "%20"));
    }

    private static String segment(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("An id is required.");
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private <T> T send(String method, String path, Object body, boolean authenticated, Class<T> answerType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(requestTimeout)
                .header("Accept", "application/json, application/problem+json");
        if (authenticated) {
            if (token == null) {
                throw new IllegalStateException("This call needs a bearer token: use withToken(token) first.");
            }
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(write(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }

        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not reach the chat API at " + baseUrl + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("Interrupted while calling " + method + " " + path));
        }

        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw problem(status, response.body());
        }
        if (answerType == Void.class) {
            return null;
        }
        try {
            T answer = JSON.readValue(response.body(), answerType);
            if (answer == null) {
                throw new IOException("empty body");
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException("The chat API answered " + method + " " + path + " with a body that is not the expected JSON: "
                    + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        String text = e.getMessage();
        return text == null || text.isBlank() ? e.getClass().getSimpleName() : text;
    }

    private static byte[] write(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot encode the request body as JSON", e);
        }
    }

    /** Turns an error answer into an exception, reading the problem+json body when there is one. */
    static ChatApiException problem(int status, byte[] body) {
        if (body != null && body.length > 0) {
            try {
                Problem problem = JSON.readValue(body, Problem.class);
                if (problem != null) {
                    return new ChatApiException(status, blankToNull(problem.code()), blankToNull(problem.title()),
                            blankToNull(problem.detail()));
                }
            } catch (IOException notJson) {
                // e.g. an HTML error page from a proxy: keep the status only
            }
        }
        return new ChatApiException(status, null, null, null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TenantList(List<Tenant> items) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ApiKeyList(List<ApiKey> items) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record MemberList(List<TeamMember> items) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record InvitationList(List<TeamInvitation> items) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PlanList(List<Plan> items) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenKeyList(List<TokenKey> items) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record JwksUrlList(List<JwksUrl> items) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RecordList(List<ModerationRecord> items) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record BanList(List<ConversationBan> items) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Me(String email, String role, boolean totpEnabled) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Problem(String type, String title, Integer status, String detail, String code) {
    }

    @Override
    public String toString() {
        return "ChatAdminClient[" + baseUrl + (token == null ? "" : ", authenticated") + "]";
    }
}
