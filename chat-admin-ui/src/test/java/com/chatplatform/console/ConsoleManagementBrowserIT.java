package com.chatplatform.console;

import com.chatplatform.devstack.DevStack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.Keys;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static com.chatplatform.console.ConsoleApi.totp;
import static com.chatplatform.console.ConsoleApi.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's management pages in headless Chromium against the real stack ({@link ConsoleStack}, its own
 * database): plans and quotas (platform admin), token-signing keys, end users and settings (tenant admin), my account
 * (password, TOTP with a QR code, sign out everywhere), whole-tenant export and the jobs list (compliance officer),
 * and moderation (moderator: browse conversations, members and messages, ban, unban, hard-delete, records). Set-up goes through the API as the other browser ITs do; every effect of a
 * click is then checked through the API as well as on the page.
 */
class ConsoleManagementBrowserIT {

    private static final Path WORK = Path.of("target", "console-management-it").toAbsolutePath();
    private static final Path SCREENSHOTS = WORK.resolve("screenshots");
    private static final String ADMIN_EMAIL = "admin@console-management-it.example";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
    private static final String ADMIN_PASSWORD = "It-" + DevStack.randomString(20, ALPHABET);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ConsoleStack product;
    private static ConsoleApi api;

    private ConsoleBrowser browser;

    @BeforeAll
    static void startTheStack() throws Exception {
        product = ConsoleStack.start(WORK, ADMIN_EMAIL, ADMIN_PASSWORD);
        api = new ConsoleApi(product.apiUrl, ADMIN_EMAIL, ADMIN_PASSWORD);
    }

    @AfterAll
    static void stopTheStack() {
        if (product != null) {
            product.close();
        }
    }

    @BeforeEach
    void openBrowser(TestInfo test) throws IOException {
        browser = new ConsoleBrowser(product.consoleUrl, WORK.resolve("chromium-" + test.getTestMethod().orElseThrow().getName()));
    }

    @AfterEach
    void closeBrowser(TestInfo test) throws IOException {
        if (browser != null) {
            try {
                browser.screenshot(SCREENSHOTS.resolve(test.getTestMethod().orElseThrow().getName() + ".png"));
            } finally {
                browser.close();
            }
        }
    }

    // ---- platform admin: plans and quotas ---------------------------------------------------------------------

    @Test
    void aPlatformAdminEditsAPlanAssignsATenantPlanAndExportsUsage() throws Exception {
        String platform = api.adminToken();
        String name = "Plans tenant " + DevStack.randomString(5, LOWER);
        JsonNode tenant = api.createTenant(platform, name);
        String tenantId = tenant.path("tenant").path("id").asText();
        String key = tenant.path("apiKey").path("secret").asText();
        api.newUser(key, "pat");
        api.newUser(key, "quinn");

        // The stack's default plan is configuration (chat.plan.default): read it, and move the tenant to another one.
        JsonNode initial = tenantPlan(platform, tenantId);
        String defaultPlan = initial.path("plan").path("id").asText();
        JsonNode defaultMax = initial.path("limits").path("maxUsers");
        String target = "enterprise".equals(defaultPlan) ? "free" : "enterprise";
        String targetName = plan(platform, target).path("name").asText();
        int burst = plan(platform, target).path("limits").path("tenantMessageBurst").asInt();

        browser.open("login");
        browser.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        browser.waitForTenantsView();
        browser.click("nav-plans");
        browser.byId("plans-view");
        browser.waitForCell("plans-grid", targetName);
        browser.waitForCell("plans-tenants-grid", name);
        browser.waitForCell("plans-tenants-grid", "2 / " + (defaultMax.isNull() ? "\u221e" : defaultMax.asText()));

        // A bad limit is refused by the API with a sentence naming the field; the plan is unchanged.
        browser.click("plan-edit-" + target);
        browser.byId("plan-dialog");
        assertEquals(String.valueOf(burst), browser.value("plan-limit-tenantMessageBurst"));
        browser.type("plan-limit-tenantMessageBurst", "lots");
        browser.click("plan-dialog-save");
        String refused = browser.shownText("plan-dialog-error");
        assertTrue(refused.contains("tenantMessageBurst"), refused);
        assertEquals(burst, plan(platform, target).path("limits").path("tenantMessageBurst").asInt());
        browser.type("plan-limit-tenantMessageBurst", String.valueOf(burst + 500));
        browser.click("plan-dialog-save");
        browser.waitForScript("return !document.getElementById('plan-dialog');");
        assertEquals(burst + 500, plan(platform, target).path("limits").path("tenantMessageBurst").asInt());

        // The tenant moves to the other plan with its own user quota of 5.
        browser.clickSelector("#plans-tenants-grid vaadin-button[data-tenant-name='" + name + "']");
        browser.byId("tenant-plan-dialog");
        browser.choose("tenant-plan-select", targetName);
        browser.typeArea("tenant-plan-overrides", "{\"maxUsers\": \"many\"}");
        browser.click("tenant-plan-save");
        assertTrue(browser.shownText("tenant-plan-dialog-error").contains("maxUsers"), browser.text("tenant-plan-dialog-error"));
        assertEquals(defaultPlan, tenantPlan(platform, tenantId).path("plan").path("id").asText(), "nothing changed");
        browser.typeArea("tenant-plan-overrides", "{\"maxUsers\": 5}");
        browser.click("tenant-plan-save");
        browser.waitForCell("plans-tenants-grid", "2 / 5");
        JsonNode assigned = tenantPlan(platform, tenantId);
        assertEquals(target, assigned.path("plan").path("id").asText());
        assertEquals(5, assigned.path("overrides").path("maxUsers").asInt());
        assertEquals(5, assigned.path("limits").path("maxUsers").asInt());
        assertEquals(burst + 500, assigned.path("limits").path("tenantMessageBurst").asInt(), "the plan's edited limit applies");

        // A new plan, its limits starting as the first plan's: a used id is refused, a new one is created.
        browser.click("plan-new");
        browser.byId("new-plan-dialog");
        browser.type("new-plan-id", target);
        browser.type("new-plan-name", "Copy");
        browser.click("new-plan-create");
        assertTrue(browser.shownText("new-plan-error").contains("already exists"), browser.text("new-plan-error"));
        browser.type("new-plan-id", "startup");
        browser.type("new-plan-name", "Startup");
        browser.type("new-plan-limit-maxUsers", "50");
        browser.click("new-plan-create");
        browser.waitForCell("plans-grid", "Startup");
        JsonNode startup = plan(platform, "startup");
        assertEquals("Startup", startup.path("name").asText());
        assertEquals(50, startup.path("limits").path("maxUsers").asInt());
        browser.screenshot(SCREENSHOTS.resolve("console-plans.png"));

        // The usage table as CSV: one line per tenant with plan, overrides and numbers.
        String[] csv = browser.fetchInPage(browser.href("plans-usage-export")).split("\n", 3);
        assertEquals("200", csv[0]);
        assertTrue(csv[1].startsWith("text/csv"), csv[1]);
        assertTrue(csv[2].startsWith("tenant_id,tenant_name,plan,overrides,users,max_users,storage_bytes,max_storage_bytes,messages_today"), csv[2]);
        String line = csv[2].lines().filter(l -> l.startsWith(tenantId)).findFirst().orElseThrow(() -> new AssertionError(csv[2]));
        assertTrue(line.startsWith(tenantId + "," + name + "," + target + ",maxUsers 5,2,5,"), line);

        browser.resize(820, 1000);
        browser.assertNoSidewaysScroll();
        browser.resize(1400, 900);
    }

    // ---- tenant admin: users, token keys, settings --------------------------------------------------------------

    @Test
    void aTenantAdminManagesUsersTokenKeysAndSettingsButNoPlatformPage() throws Exception {
        String platform = api.adminToken();
        JsonNode tenant = api.createTenant(platform, "Keys tenant " + DevStack.randomString(5, LOWER));
        String tenantId = tenant.path("tenant").path("id").asText();
        String key = tenant.path("apiKey").path("secret").asText();
        String otherName = "Elsewhere " + DevStack.randomString(5, LOWER);
        String otherId = api.createTenant(platform, otherName).path("tenant").path("id").asText();
        String email = "admin-" + DevStack.randomString(6, LOWER) + "@keys.example";
        String password = "Pw-" + DevStack.randomString(20, ALPHABET);
        api.invitedAccount(platform, tenantId, email, "tenant-admin", password);

        browser.open("login");
        browser.signIn(email, password);
        browser.byId("usage-view");

        // Platform pages and another tenant by URL: refused, nothing of the other tenant shown.
        for (String path : List.of("plans", "tenants", "tenants/" + otherId, "tenants/" + tenantId, "health")) {
            browser.open(path);
            assertTrue(browser.shownText("not-allowed").contains("Not allowed"), path);
            assertFalse(browser.pageShows(otherName), path);
            assertFalse(browser.isPresent("plans-grid"), path);
        }
        assertFalse(browser.isPresent("nav-plans"));

        // Users: create, edit role and custom data, a bad JSON is refused, a test token works.
        browser.open("users");
        browser.type("users-new-id", "erin");
        browser.type("users-new-name", "Erin");
        browser.click("users-create");
        browser.waitForText("user-id", "erin");
        browser.choose("user-role", "moderator");
        browser.typeArea("user-custom-data", "{\"team\": \"blue\"}");
        browser.type("user-display-name", "Erin E.");
        browser.click("user-save");
        browser.waitForText("user-details", "Role moderator");
        JsonNode erin = JSON.readTree(api.call("GET", "/users/erin", key, null).body());
        assertEquals("moderator", erin.path("role").asText());
        assertEquals("blue", erin.path("customData").path("team").asText());
        assertEquals("Erin E.", erin.path("displayName").asText());
        browser.typeArea("user-custom-data", "[not json");
        browser.click("user-save");
        assertTrue(browser.shownText("users-error").contains("Custom data must be a JSON object"), browser.text("users-error"));
        assertEquals("blue", JSON.readTree(api.call("GET", "/users/erin", key, null).body()).path("customData").path("team").asText());
        browser.type("users-new-id", "erin");
        browser.click("users-create");
        assertTrue(browser.shownText("users-error").startsWith("Could not create the user"), browser.text("users-error"));

        browser.click("user-mint-token");
        browser.byId("user-token");
        String minted = browser.value("user-token-value");
        assertTrue(browser.text("user-token-warning").contains("not shown again"));
        HttpResponse<String> me = api.call("GET", "/users/me", minted, null);
        assertEquals(200, me.statusCode(), me.body());
        assertEquals("erin", JSON.readTree(me.body()).path("id").asText());
        browser.click("user-token-done");
        browser.click("user-revoke-tokens");
        browser.confirm("confirm-revoke-user-tokens");
        browser.waitForText("user-erasure", "revoked");
        assertEquals(401, api.call("GET", "/users/me", minted, null).statusCode(), "the test token is revoked");

        // The list: every user of the tenant (GET /users), filtered as one types an id or name prefix; a row opens the user.
        browser.open("users");
        browser.waitForGridCell("users-list", "erin");
        browser.type("users-id", "Erin E");
        browser.waitForGridCell("users-list", "Erin E.");
        List<String> filtered = browser.gridCellTexts("users-list");
        assertTrue(filtered.contains("erin"), filtered::toString);
        browser.type("users-id", "no-such-user");
        assertTrue(browser.shownText("users-none").contains("starts with"), browser.text("users-none"));
        browser.type("users-id", "er");
        browser.clickGridCell("users-list", "erin");
        browser.waitForText("user-id", "erin");
        browser.waitForText("user-details", "Role moderator");

        // Token keys: empty state, a new HS256 secret shown once signs a token the API accepts; revoked, refused.
        browser.click("nav-token-keys");
        assertTrue(browser.shownText("token-keys-empty").contains("No signing keys"));
        assertTrue(browser.shownText("jwks-urls-empty").contains("No JWKS URLs"));
        browser.click("token-key-new-secret");
        browser.byId("token-key-secret");
        String secret = browser.value("token-key-secret-value");
        assertTrue(browser.text("token-key-secret-warning").contains("will not be shown again"));
        browser.click("token-key-secret-done");
        JsonNode keys = JSON.readTree(api.call("GET", "/token-keys", key, null).body()).path("items");
        assertEquals(1, keys.size());
        String kid = keys.get(0).path("kid").asText();
        assertTrue(keys.get(0).path("secret").isMissingNode() || keys.get(0).path("secret").isNull(), "never listed again");
        browser.waitForCell("token-keys-grid", kid);
        String jwt = hs256(secret, kid, tenantId, "erin");
        HttpResponse<String> signed = api.call("GET", "/users/me", jwt, null);
        assertEquals(200, signed.statusCode(), signed.body());
        browser.typeArea("token-key-jwk", "{\"kty\": \"EC\"}");
        browser.click("token-key-register");
        browser.waitForScript("const e = document.getElementById('token-keys-error');"
                + " return !!e && e.textContent.trim().length > 0 && getComputedStyle(e).display !== 'none';");
        assertTrue(browser.text("token-keys-error").startsWith("Could not register the key"), browser.text("token-keys-error"));
        assertEquals(1, JSON.readTree(api.call("GET", "/token-keys", key, null).body()).path("items").size(), "nothing registered");
        browser.clickSelector("#token-keys-grid vaadin-button[data-kid='" + kid + "']");
        assertTrue(browser.confirmationText("confirm-revoke-token-key").contains(kid));
        browser.confirm("confirm-revoke-token-key");
        browser.waitForCellStartingWith("token-keys-grid", "revoked");
        assertEquals(401, api.call("GET", "/users/me", jwt, null).statusCode(), "a revoked key's tokens are refused");
        browser.screenshot(SCREENSHOTS.resolve("console-token-keys.png"));

        // Settings: limits read-only, compliance settings and retention saved through the API.
        JsonNode settings = JSON.readTree(api.call("GET", "/settings", key, null).body());
        browser.click("nav-settings");
        browser.waitForText("settings-plan", "Plan: " + settings.path("plan").path("name").asText());
        browser.waitForCell("settings-limits", "maxUsers");
        browser.waitForCell("settings-limits", settings.path("limits").path("maxUsers").isNull() ? "unlimited"
                : settings.path("limits").path("maxUsers").asText());
        browser.choose("settings-erasure-policy", "deleted (delete)");
        browser.type("settings-export-ttl", "48");
        browser.click("settings-compliance-save");
        waitUntil(() -> "delete".equals(JSON.readTree(api.call("GET", "/compliance/settings", key, null).body()).path("erasurePolicy").asText()));
        assertEquals(48 * 3600, JSON.readTree(api.call("GET", "/compliance/settings", key, null).body()).path("exportTtlSeconds").asLong());
        browser.type("settings-retention-days", "30");
        browser.click("settings-retention-save");
        waitUntil(() -> api.call("GET", "/compliance/retention", key, null).body().contains("\"maxAgeDays\":30"));
        browser.type("settings-export-ttl", "100000");
        browser.click("settings-compliance-save");
        assertTrue(browser.shownText("settings-error").contains("exportTtlSeconds"), browser.text("settings-error"));
        assertEquals(48 * 3600, JSON.readTree(api.call("GET", "/compliance/settings", key, null).body()).path("exportTtlSeconds").asLong());
        browser.screenshot(SCREENSHOTS.resolve("console-settings.png"));

        // The new pages at tablet width: no sideways scrolling.
        browser.resize(820, 1000);
        for (String path : List.of("users", "token-keys", "settings", "moderation", "account")) {
            browser.open(path);
            browser.byId(path.equals("users") ? "users-view" : path + "-view");
            browser.assertNoSidewaysScroll();
        }
        browser.resize(1400, 900);
    }

    // ---- every person: my account -------------------------------------------------------------------------------

    @Test
    void aPersonChangesTheirPasswordTurnsOnTotpAndSignsOutEverywhere() throws Exception {
        String platform = api.adminToken();
        String tenantId = api.createTenant(platform, "Account tenant " + DevStack.randomString(5, LOWER)).path("tenant").path("id").asText();
        String email = "officer-" + DevStack.randomString(6, LOWER) + "@account.example";
        String password = "Pw-" + DevStack.randomString(20, ALPHABET);
        String firstToken = api.invitedAccount(platform, tenantId, email, "compliance-officer", password);

        browser.open("login");
        browser.signIn(email, password);
        browser.byId("compliance-view");
        browser.click("nav-account");
        browser.byId("account-view");
        assertEquals("false", browser.byId("account-totp-state").getDomAttribute("data-enabled"));

        // Wrong current password: refused, the old password still works.
        String newPassword = "Pw-" + DevStack.randomString(20, ALPHABET);
        browser.type("account-current-password", "not-my-password");
        browser.type("account-new-password", newPassword);
        browser.type("account-repeat-password", newPassword);
        browser.click("account-change-password");
        assertTrue(browser.shownText("account-error").startsWith("Could not change the password"), browser.text("account-error"));
        assertEquals(200, api.login(email, password, null).statusCode());
        browser.type("account-current-password", password);
        browser.type("account-new-password", newPassword);
        browser.type("account-repeat-password", newPassword);
        browser.click("account-change-password");
        waitUntil(() -> api.login(email, newPassword, null).statusCode() == 200);
        assertEquals(401, api.login(email, password, null).statusCode(), "the old password no longer works");
        assertEquals(401, api.call("GET", "/me", firstToken, null).statusCode(), "older tokens end with the change");
        // A session elsewhere (another device), opened with the new password.
        String elsewhere = JSON.readTree(api.login(email, newPassword, null).body()).path("token").asText();
        // This session goes on with its fresh token.
        browser.click("nav-compliance");
        browser.byId("compliance-view");
        assertFalse(browser.isShown("compliance-error"));

        // TOTP: QR code drawn by the console, the key beside it, confirmed with a code from "the app".
        browser.click("nav-account");
        browser.click("account-totp-start");
        browser.waitForScript("return !!document.querySelector('#account-totp-qr svg path');");
        String secret = browser.value("account-totp-secret");
        assertTrue(secret.length() >= 16, secret);
        browser.js("document.getElementById('account-totp-qr').scrollIntoView({block: 'center'});");
        browser.screenshot(SCREENSHOTS.resolve("console-account-totp.png"));
        long step = System.currentTimeMillis() / 1000 / 30;
        browser.type("account-totp-code", totp(secret, step));
        browser.click("account-totp-confirm");
        browser.waitForText("account-totp-state", "On:");
        browser.screenshot(SCREENSHOTS.resolve("console-account.png"));
        assertEquals(401, api.login(email, newPassword, null).statusCode(), "sign-in now needs a code");

        browser.signOut();
        browser.signIn(email, newPassword);
        assertTrue(browser.loginError().contains("second factor"), browser.loginError());
        browser.type("login-totp", totp(secret, step + 1));
        browser.press(Keys.ENTER);
        browser.byId("compliance-view");

        // Sign out everywhere: confirmation first; then this browser is at the login and other tokens are refused.
        assertEquals(200, api.call("GET", "/me", elsewhere, null).statusCode());
        browser.click("nav-account");
        browser.click("account-sign-out-everywhere");
        assertTrue(browser.confirmationText("confirm-sign-out-everywhere").contains("Every session"));
        browser.confirm("confirm-sign-out-everywhere");
        browser.byId("login-card");
        assertEquals(401, api.call("GET", "/me", elsewhere, null).statusCode(), "the other session ended too");
    }

    // ---- compliance officer: whole-tenant export and the jobs list ----------------------------------------------

    @Test
    void aComplianceOfficerExportsTheWholeTenantAndListsTheJobs() throws Exception {
        String platform = api.adminToken();
        JsonNode tenant = api.createTenant(platform, "Export tenant " + DevStack.randomString(5, LOWER));
        String tenantId = tenant.path("tenant").path("id").asText();
        String key = tenant.path("apiKey").path("secret").asText();
        String rita = api.newUser(key, "rita");
        api.newUser(key, "sam");
        HttpResponse<String> direct = api.call("POST", "/conversations/direct", rita, "{\"userId\":\"sam\"}");
        assertEquals(200, direct.statusCode(), direct.body());
        String conversationId = JSON.readTree(direct.body()).path("id").asText();
        HttpResponse<String> sent = api.call("POST", "/conversations/" + conversationId + "/messages", rita,
                "{\"clientId\":\"x-1\",\"text\":\"for the record\"}");
        assertTrue(sent.statusCode() == 200 || sent.statusCode() == 201, sent.body());
        String email = "officer-" + DevStack.randomString(6, LOWER) + "@export.example";
        String password = "Pw-" + DevStack.randomString(20, ALPHABET);
        api.invitedAccount(platform, tenantId, email, "compliance-officer", password);

        browser.open("login");
        browser.signIn(email, password);
        browser.byId("compliance-view");
        assertTrue(browser.shownText("jobs-empty").contains("No exports or erasures yet"));
        browser.click("export-tenant");
        assertTrue(browser.confirmationText("confirm-tenant-export").contains("whole tenant"));
        browser.confirm("confirm-tenant-export");
        browser.waitForStatus("export-status", "completed");
        browser.click("jobs-refresh");
        browser.waitForCell("jobs-grid", "whole tenant");
        browser.waitForCell("jobs-grid", "completed");
        JsonNode exports = JSON.readTree(api.call("GET", "/compliance/exports", key, null).body());
        assertEquals(1, exports.size());
        assertEquals("tenant", exports.get(0).path("subject").path("scope").asText());
        String jobId = exports.get(0).path("id").asText();

        String[] csv = browser.fetchInPage(browser.href("jobs-export")).split("\n", 3);
        assertEquals("200", csv[0]);
        assertTrue(csv[2].startsWith("id,kind,subject,status,created_at,finished_at,size_bytes,error"), csv[2]);
        assertTrue(csv[2].contains(jobId + ",export,whole tenant,completed,"), csv[2]);
        browser.screenshot(SCREENSHOTS.resolve("console-compliance-jobs.png"));
    }

    // ---- moderator: bans, hard deletion, records ----------------------------------------------------------------

    @Test
    void aModeratorBansUnbansAndHardDeletesAndSeesTheRecords() throws Exception {
        String platform = api.adminToken();
        JsonNode tenant = api.createTenant(platform, "Moderated tenant " + DevStack.randomString(5, LOWER));
        String tenantId = tenant.path("tenant").path("id").asText();
        String key = tenant.path("apiKey").path("secret").asText();
        String frank = api.newUser(key, "frank");
        String gina = api.newUser(key, "gina");
        HttpResponse<String> group = api.call("POST", "/conversations", frank, "{\"type\":\"group\",\"name\":\"Lobby\",\"members\":[\"gina\"]}");
        assertEquals(201, group.statusCode(), group.body());
        String conversationId = JSON.readTree(group.body()).path("id").asText();
        HttpResponse<String> sent = api.call("POST", "/conversations/" + conversationId + "/messages", gina,
                "{\"clientId\":\"g-1\",\"text\":\"something nasty\"}");
        assertEquals(200, sent.statusCode(), sent.body());
        String messageId = JSON.readTree(sent.body()).path("id").asText();
        String otherKey = api.createTenant(platform, "Other moderated " + DevStack.randomString(5, LOWER)).path("apiKey").path("secret").asText();
        String otherUser = api.newUser(otherKey, "olga");
        api.newUser(otherKey, "oscar");
        HttpResponse<String> otherGroup = api.call("POST", "/conversations", otherUser, "{\"type\":\"group\",\"name\":\"Other lobby\",\"members\":[\"oscar\"]}");
        assertEquals(201, otherGroup.statusCode(), otherGroup.body());
        String otherConversationId = JSON.readTree(otherGroup.body()).path("id").asText();
        assertEquals(200, api.call("POST", "/conversations/" + otherConversationId + "/messages", otherUser,
                "{\"clientId\":\"o-1\",\"text\":\"secret of another tenant\"}").statusCode());
        String email = "mod-" + DevStack.randomString(6, LOWER) + "@moderation.example";
        String password = "Pw-" + DevStack.randomString(20, ALPHABET);
        api.invitedAccount(platform, tenantId, email, "moderator", password);

        browser.open("login");
        browser.signIn(email, password);
        browser.byId("search-view");
        assertFalse(browser.isPresent("nav-token-keys"), "keys are for tenant admins");
        browser.click("nav-moderation");
        browser.byId("moderation-view");
        assertTrue(browser.shownText("moderation-records-empty").contains("No moderation actions yet"));

        // An unknown id: a clear not-found, nothing shown.
        browser.type("moderation-conversation", UUID.randomUUID().toString());
        browser.click("moderation-open");
        assertTrue(browser.shownText("moderation-error").startsWith("Could not open the conversation"), browser.text("moderation-error"));
        // Another tenant's conversation, by URL: the same not-found, none of its members or messages shown.
        browser.open("moderation?conversation=" + otherConversationId);
        assertTrue(browser.shownText("moderation-error").startsWith("Could not open the conversation"), browser.text("moderation-error"));
        assertFalse(browser.isShown("moderation-detail"));
        assertFalse(browser.pageShows("secret of another tenant"));
        assertFalse(browser.pageShows("Other lobby"));
        browser.open("moderation");

        // Browse: the conversation is listed; opening it shows its members and messages.
        browser.waitForCell("moderation-conversations-grid", "Lobby");
        browser.clickSelector("#moderation-conversations-grid vaadin-button[data-conversation-name='Lobby']");
        assertEquals(conversationId, browser.value("moderation-conversation"));
        browser.waitForText("moderation-detail-title", "Lobby");
        browser.waitForCell("moderation-members-grid", "frank");
        browser.waitForCell("moderation-members-grid", "gina");
        browser.waitForCell("moderation-messages-grid", "something nasty");
        browser.js("document.getElementById('moderation-detail-title').scrollIntoView({block: 'start'});");
        browser.screenshot(SCREENSHOTS.resolve("console-moderation.png"));
        assertTrue(browser.shownText("moderation-bans-empty").contains("Nobody is banned"));
        browser.type("moderation-ban-reason", "spam");
        browser.clickSelector("#moderation-members-grid vaadin-button[data-user-id='gina']");
        assertTrue(browser.confirmationText("confirm-ban").contains("gina"));
        browser.confirm("confirm-ban");
        browser.waitForCell("moderation-bans-grid", "gina");
        browser.waitForCell("moderation-records-grid", "spam");
        HttpResponse<String> banned = api.call("POST", "/conversations/" + conversationId + "/messages", gina,
                "{\"clientId\":\"g-2\",\"text\":\"again\"}");
        assertNotEquals(200, banned.statusCode(), "a banned user cannot write: " + banned.body());

        browser.clickSelector("#moderation-bans-grid vaadin-button[data-user-id='gina']");
        browser.confirm("confirm-unban");
        assertTrue(browser.shownText("moderation-bans-empty").contains("Nobody is banned"));
        JsonNode bans = JSON.readTree(api.call("GET", "/admin/conversations/" + conversationId + "/bans", key, null).body());
        assertEquals(0, bans.path("items").size());

        // Hard deletion from the message list, behind a confirmation; the message is a tombstone afterwards.
        browser.type("moderation-delete-reason", "abuse");
        browser.clickSelector("#moderation-messages-grid vaadin-button[data-message-id='" + messageId + "']");
        assertTrue(browser.confirmationText("confirm-hard-delete").contains("cannot be undone"));
        browser.confirm("confirm-hard-delete");
        browser.waitForCell("moderation-records-grid", "abuse");
        browser.waitForCell("moderation-messages-grid", "(removed by a moderator)");
        assertFalse(browser.cellTexts("moderation-messages-grid").contains("something nasty"));
        JsonNode messages = JSON.readTree(api.call("GET", "/conversations/" + conversationId + "/messages?after=0", frank, null).body());
        JsonNode tombstone = null;
        for (JsonNode m : messages.path("items")) {
            if (messageId.equals(m.path("id").asText())) {
                tombstone = m;
            }
        }
        assertTrue(tombstone != null && tombstone.path("hardDeleted").asBoolean() && tombstone.path("text").asText().isEmpty(),
                String.valueOf(tombstone));

        String[] csv = browser.fetchInPage(browser.href("moderation-records-export")).split("\n", 3);
        assertEquals("200", csv[0]);
        assertEquals(4, csv[2].lines().count(), "header, ban, unban, hard deletion: " + csv[2]);
        assertTrue(csv[2].contains("," + messageId + ","), csv[2]);
    }

    // ---- keyboard only ------------------------------------------------------------------------------------------

    @Test
    void aKeyboardOnlyJourneySignsInAndCreatesASigningSecret() throws Exception {
        String platform = api.adminToken();
        JsonNode tenant = api.createTenant(platform, "Keyboard tenant " + DevStack.randomString(5, LOWER));
        String tenantId = tenant.path("tenant").path("id").asText();
        String key = tenant.path("apiKey").path("secret").asText();
        String email = "keys-" + DevStack.randomString(6, LOWER) + "@keyboard.example";
        String password = "Pw-" + DevStack.randomString(20, ALPHABET);
        api.invitedAccount(platform, tenantId, email, "tenant-admin", password);

        browser.open("login");
        browser.byId("login-card");
        browser.tabTo("login-email", 20);
        browser.press(email);
        browser.press(Keys.TAB);
        assertEquals("login-password", browser.focusedId());
        browser.press(password);
        browser.press(Keys.ENTER);
        browser.byId("usage-view");

        browser.tabTo("nav-token-keys", 40);
        browser.press(Keys.ENTER);
        browser.byId("token-keys-view");
        browser.tabTo("token-key-new-secret", 40);
        browser.press(Keys.ENTER);
        browser.byId("token-key-secret");
        browser.tabTo("token-key-secret-done", 10);
        browser.press(Keys.ENTER);
        browser.waitForScript("return !document.getElementById('token-key-secret');");
        assertEquals(1, JSON.readTree(api.call("GET", "/token-keys", key, null).body()).path("items").size());
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static JsonNode plan(String platformToken, String id) throws Exception {
        HttpResponse<String> r = api.call("GET", "/platform/plans/" + id, platformToken, null);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static JsonNode tenantPlan(String platformToken, String tenantId) throws Exception {
        HttpResponse<String> r = api.call("GET", "/platform/tenants/" + tenantId + "/plan", platformToken, null);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    /** A user token as the tenant's backend signs it with its HS256 shared secret (base64url, as the console showed it). */
    private static String hs256(String secret, String kid, String tenantId, String userId) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = System.currentTimeMillis() / 1000;
        String header = b64.encodeToString(("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}").getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"iss\":\"" + tenantId + "\",\"sub\":\"" + userId + "\",\"aud\":\"chat\",\"iat\":" + now
                + ",\"exp\":" + (now + 600) + "}").getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getUrlDecoder().decode(secret), "HmacSHA256"));
        String signature = b64.encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
        return header + "." + payload + "." + signature;
    }
}
