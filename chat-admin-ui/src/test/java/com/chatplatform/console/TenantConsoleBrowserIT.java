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

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static com.chatplatform.console.ConsoleApi.totp;
import static com.chatplatform.console.ConsoleApi.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console as a tenant's people use it (tenant admin, compliance officer), in headless Chromium against the
 * real stack (same set-up as {@link ConsoleBrowserIT}, its own database). Tenants, invitations and accounts are
 * made through the API as a platform admin would; the journeys then run in the browser.
 */
class TenantConsoleBrowserIT {

    private static final Path WORK = Path.of("target", "tenant-console-it").toAbsolutePath();
    private static final Path SCREENSHOTS = WORK.resolve("screenshots");
    private static final String ADMIN_EMAIL = "admin@tenant-console-it.example";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final String ADMIN_PASSWORD = "It-" + DevStack.randomString(20, ALPHABET);

    private static ConsoleStack product;
    private static String consoleUrl;
    private static ConsoleApi api;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConsoleBrowser browser;

    @BeforeAll
    static void startTheStack() throws Exception {
        product = ConsoleStack.start(WORK, ADMIN_EMAIL, ADMIN_PASSWORD); // a fresh database: the API creates the admin
        consoleUrl = product.consoleUrl;
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
        browser = new ConsoleBrowser(consoleUrl, WORK.resolve("chromium-" + test.getTestMethod().orElseThrow().getName()));
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

    @Test
    void aTenantAdminWithASecondFactorSeesTheirUsageAndNoPlatformPage() throws Exception {
        String platform = api.adminToken();
        JsonNode own = api.createTenant(platform, "Own tenant " + DevStack.randomString(5, "abcdefghijkmnopqrstuvwxyz"));
        String ownId = own.path("tenant").path("id").asText();
        String key = own.path("apiKey").path("secret").asText();
        String otherName = "Other tenant " + DevStack.randomString(5, "abcdefghijkmnopqrstuvwxyz");
        String otherId = api.createTenant(platform, otherName).path("tenant").path("id").asText();

        String email = "admin-" + DevStack.randomString(6, "abcdefghijkmnopqrstuvwxyz") + "@own.example";
        String password = "Pw-" + DevStack.randomString(20, ALPHABET);
        String token = api.invitedAccount(platform, ownId, email, "tenant-admin", password);
        // Second factor on, through the API as the person would in their authenticator app.
        HttpResponse<String> enrol = api.call("POST", "/me/totp", token, null);
        assertEquals(200, enrol.statusCode(), enrol.body());
        String secret = JSON.readTree(enrol.body()).path("secret").asText();
        long step = System.currentTimeMillis() / 1000 / 30;
        HttpResponse<String> confirmed = api.call("POST", "/me/totp/confirm", token, "{\"code\":\"" + totp(secret, step) + "\"}");
        assertEquals(200, confirmed.statusCode(), confirmed.body());

        // Usage: alice sends 3 messages to bob with the tenant's API key; wait until the rollup counts them.
        String alice = api.newUser(key, "alice");
        api.newUser(key, "bob");
        HttpResponse<String> direct = api.call("POST", "/conversations/direct", alice, "{\"userId\":\"bob\"}");
        assertEquals(200, direct.statusCode(), direct.body());
        String conversationId = JSON.readTree(direct.body()).path("id").asText();
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> sent = api.call("POST", "/conversations/" + conversationId + "/messages", alice,
                    "{\"clientId\":\"m-" + i + "\",\"text\":\"hello " + i + "\"}");
            assertTrue(sent.statusCode() == 200 || sent.statusCode() == 201, sent.body());
        }
        waitForMessages(key, 3);

        // Password first: the form asks for the code.
        browser.open("");
        browser.assertAddressEndsWith("/console/login");
        browser.signIn(email, password);
        assertTrue(browser.loginError().contains("second factor"), browser.loginError());
        assertTrue(browser.isShown("login-totp"), "the code field appears");
        browser.assertAddressEndsWith("/console/login");
        // A wrong code is refused with a clear sentence.
        String wrong = wrongCode(secret, step);
        browser.type("login-totp", wrong);
        browser.click("login-submit");
        browser.waitForText("login-error", "The code is wrong");
        browser.assertAddressEndsWith("/console/login");
        // The next step's code (the confirmation used this step's).
        browser.type("login-totp", totp(secret, step + 1));
        browser.press(Keys.ENTER); // keyboard: Enter in the code field signs in

        browser.byId("usage-view");
        browser.assertAddressEndsWith("/console/usage");
        assertEquals(email, browser.text("account-email"));
        assertEquals("tenant-admin", browser.text("account-role"));
        browser.waitForText("analytics-messages-value", "3");
        assertEquals("3", browser.text("analytics-messages-value"));
        assertEquals("1", browser.text("analytics-active-users-value"));
        assertTrue(browser.isPresent("nav-usage") && browser.isPresent("nav-team") && browser.isPresent("nav-compliance"));
        assertFalse(browser.isPresent("nav-tenants"), "no platform navigation");
        assertFalse(browser.isPresent("nav-health"));
        browser.screenshot(SCREENSHOTS.resolve("console-tenant-usage.png"));

        // Platform pages by URL: refused, and nothing of the other tenant is on the page.
        for (String path : List.of("tenants", "tenants/" + otherId, "tenants/" + ownId, "health", "audit")) {
            browser.open(path);
            assertTrue(browser.shownText("not-allowed").contains("Not allowed"), path + ": " + browser.text("not-allowed"));
            assertFalse(browser.isPresent("tenants-grid"), path);
            assertFalse(browser.isPresent("tenant-detail"), path);
            assertFalse(browser.isPresent("health-view"), path);
            assertFalse(browser.pageShows(otherName), path + " shows the other tenant");
        }
        browser.screenshot(SCREENSHOTS.resolve("console-not-allowed.png"));
        // The root leads a tenant admin to their usage, not to the tenants list.
        browser.open("");
        browser.byId("usage-view");
        browser.assertAddressEndsWith("/console/usage");
    }

    @Test
    void aTenantAdminManagesTheTeam() throws Exception {
        String platform = api.adminToken();
        String tenantId = api.createTenant(platform, "Team tenant " + DevStack.randomString(5, "abcdefghijkmnopqrstuvwxyz"))
                .path("tenant").path("id").asText();
        String suffix = DevStack.randomString(6, "abcdefghijkmnopqrstuvwxyz");
        String email = "lead-" + suffix + "@team.example";
        String password = "Pw-" + DevStack.randomString(20, ALPHABET);
        String adminToken = api.invitedAccount(platform, tenantId, email, "tenant-admin", password);

        browser.open("login");
        browser.signIn(email, password);
        browser.byId("usage-view");
        browser.click("nav-team");
        browser.byId("team-view");
        browser.waitForCell("team-members-grid", email);
        assertTrue(browser.shownText("team-invitations-empty").contains("No pending invitations"));

        // The last admin cannot remove themselves: the API's refusal is shown and nothing changes.
        browser.click("team-remove-" + email);
        assertTrue(browser.confirmationText("confirm-remove").contains(email));
        browser.confirm("confirm-remove");
        assertTrue(browser.shownText("team-error").contains("last tenant admin"), browser.text("team-error"));
        assertEquals(1, members(adminToken).size());

        // Invite a compliance officer: the link is shown once.
        String officer = "officer-" + suffix + "@team.example";
        browser.click("team-invite");
        browser.type("invite-email", officer);
        browser.choose("invite-role", "compliance-officer");
        browser.click("invite-submit");
        browser.waitForScript("const f = document.getElementById('invite-link'); return !!f && (f.value || '').includes('token=inv_');");
        String link = String.valueOf(browser.js("return document.getElementById('invite-link').value;"));
        assertTrue(link.startsWith(consoleUrl + "accept-invitation?token=inv_"), link);
        assertTrue(browser.text("invite-warning").contains("shown only once"), browser.text("invite-warning"));
        browser.screenshot(SCREENSHOTS.resolve("console-team-invite.png"));
        browser.click("invite-done");
        browser.waitForCell("team-invitations-grid", officer);
        assertTrue(browser.cellTexts("team-invitations-grid").contains("compliance-officer"));
        assertFalse(browser.pageShows(link.substring(link.indexOf("inv_"))), "the token is shown only once");
        browser.screenshot(SCREENSHOTS.resolve("console-team.png"));
        // Tablet width: nothing scrolls sideways.
        browser.resize(820, 1000);
        browser.assertNoSidewaysScroll();
        browser.screenshot(SCREENSHOTS.resolve("console-team-tablet.png"));
        browser.resize(1400, 900);

        // The officer opens the link, chooses a password and lands on their start page.
        browser.signOut();
        browser.open(link.substring(consoleUrl.length()));
        browser.byId("accept-card");
        String officerPassword = "Pw-" + DevStack.randomString(20, ALPHABET);
        browser.type("accept-name", "Olga Officer");
        browser.type("accept-password", officerPassword);
        browser.type("accept-repeat", officerPassword);
        browser.click("accept-submit");
        browser.waitForText("account-role", "compliance-officer");
        assertEquals(officer, browser.text("account-email"));
        assertFalse(browser.isPresent("nav-team"), "a compliance officer does not manage the team");
        browser.open("team");
        assertTrue(browser.shownText("not-allowed").contains("Not allowed"));
        browser.signOut();

        // Back as the admin: the officer is a member; make them a moderator, then remove them.
        browser.open("login");
        browser.signIn(email, password);
        browser.byId("usage-view");
        browser.open("team");
        browser.waitForCell("team-members-grid", officer);
        assertTrue(browser.shownText("team-invitations-empty").contains("No pending invitations"));
        browser.choose("team-role-" + officer, "moderator");
        assertTrue(browser.confirmationText("confirm-role").contains("moderator"), browser.confirmationText("confirm-role"));
        browser.confirm("confirm-role");
        waitUntil(() -> "moderator".equals(member(adminToken, officer).path("role").asText()));
        browser.waitForCell("team-members-grid", "Olga Officer");

        browser.click("team-remove-" + officer);
        browser.confirm("confirm-remove");
        waitUntil(() -> members(adminToken).size() == 1);
        browser.waitForScript("return document.getElementById('team-members-grid').size === 1;");

        // Invite and withdraw.
        String temp = "temp-" + suffix + "@team.example";
        browser.click("team-invite");
        browser.type("invite-email", temp);
        browser.click("invite-submit");
        browser.byId("invite-link");
        browser.click("invite-done");
        browser.waitForCell("team-invitations-grid", temp);
        browser.click("team-withdraw-" + temp);
        browser.confirm("confirm-withdraw");
        assertTrue(browser.shownText("team-invitations-empty").contains("No pending invitations"));
        HttpResponse<String> pending = api.call("GET", "/team/invitations", adminToken, null);
        assertEquals(0, JSON.readTree(pending.body()).path("items").size(), pending.body());
    }

    @Test
    void aComplianceOfficerExportsAndErasesAUser() throws Exception {
        String platform = api.adminToken();
        JsonNode tenant = api.createTenant(platform, "Compliance tenant " + DevStack.randomString(5, "abcdefghijkmnopqrstuvwxyz"));
        String tenantId = tenant.path("tenant").path("id").asText();
        String key = tenant.path("apiKey").path("secret").asText();
        String carol = api.newUser(key, "carol");
        api.newUser(key, "dave");
        HttpResponse<String> direct = api.call("POST", "/conversations/direct", carol, "{\"userId\":\"dave\"}");
        assertEquals(200, direct.statusCode(), direct.body());
        String conversationId = JSON.readTree(direct.body()).path("id").asText();
        for (int i = 1; i <= 2; i++) {
            HttpResponse<String> sent = api.call("POST", "/conversations/" + conversationId + "/messages", carol,
                    "{\"clientId\":\"c-" + i + "\",\"text\":\"carol says " + i + "\"}");
            assertTrue(sent.statusCode() == 200 || sent.statusCode() == 201, sent.body());
        }
        String email = "officer-" + DevStack.randomString(6, "abcdefghijkmnopqrstuvwxyz") + "@compliance.example";
        String password = "Pw-" + DevStack.randomString(20, ALPHABET);
        api.invitedAccount(platform, tenantId, email, "compliance-officer", password);

        browser.open("login");
        browser.signIn(email, password);
        browser.byId("compliance-view");
        browser.assertAddressEndsWith("/console/compliance");
        assertTrue(browser.isPresent("nav-compliance"));
        assertFalse(browser.isPresent("nav-usage"), "usage is for tenant admins");
        assertFalse(browser.isPresent("nav-team"));
        assertTrue(browser.shownText("holds-empty").contains("No active legal holds"));

        // Export: progress until completed, then a short-lived link to the ZIP.
        browser.type("export-user", "carol");
        browser.click("export-start");
        browser.waitForStatus("export-status", "completed");
        assertTrue(browser.text("export-progress").contains("messages"), browser.text("export-progress"));
        browser.click("export-download");
        browser.waitForScript("const a = document.getElementById('export-link'); return !!a && !!a.getAttribute('href');");
        String url = String.valueOf(browser.js("return document.getElementById('export-link').getAttribute('href');"));
        HttpResponse<byte[]> zip = api.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, zip.statusCode());
        assertTrue(zip.body().length > 4 && zip.body()[0] == 'P' && zip.body()[1] == 'K', "a ZIP");
        browser.screenshot(SCREENSHOTS.resolve("console-compliance-export.png"));

        // Legal hold on dave: placed, listed, lifted.
        browser.type("hold-target", "dave");
        browser.type("hold-reason", "Case 42");
        browser.click("hold-place");
        browser.waitForCell("holds-grid", "Case 42");
        browser.click("hold-lift-dave");
        browser.confirm("confirm-lift");
        assertTrue(browser.shownText("holds-empty").contains("No active legal holds"));

        // Retention for the tenant.
        browser.type("retention-days", "400");
        browser.click("retention-save");
        browser.waitForText("retention-current", "kept for 400 days");

        // Erasure: the button stays disabled until the user id is typed; then the proof report.
        browser.type("erase-user", "carol");
        browser.click("erase-start");
        browser.byId("erase-dialog");
        browser.type("erase-typed", "caro");
        browser.waitForScript("return document.getElementById('erase-confirm').hasAttribute('disabled');");
        browser.type("erase-typed", "carol");
        browser.waitForScript("return !document.getElementById('erase-confirm').hasAttribute('disabled');");
        browser.click("erase-confirm");
        browser.waitForStatus("erasure-status", "completed");
        browser.waitForText("erasure-report", "Proof of erasure");
        assertTrue(browser.text("erasure-report").contains("profileRemoved"), browser.text("erasure-report"));
        browser.screenshot(SCREENSHOTS.resolve("console-compliance-erasure.png"));
        browser.resize(820, 1000);
        browser.assertNoSidewaysScroll();
        browser.screenshot(SCREENSHOTS.resolve("console-compliance-tablet.png"));
        assertEquals(404, api.call("GET", "/users/carol", key, null).statusCode(), "carol is gone");
        browser.resize(1400, 900);

        // The tenant's audit log shows the erasure, and its chain verifies.
        browser.click("nav-tenant-audit");
        browser.byId("tenant-audit-view");
        browser.type("tenant-audit-action", "compliance.erasure_completed");
        browser.click("tenant-audit-filter");
        browser.waitForCell("tenant-audit-grid", "compliance.erasure_completed");
        assertEquals(1L, ((Number) browser.js("return document.getElementById('tenant-audit-grid').size;")).longValue(),
                "filtered by action: the one erasure");
        browser.click("tenant-audit-verify");
        browser.waitForText("tenant-audit-verification", "The chain verifies");
        browser.screenshot(SCREENSHOTS.resolve("console-tenant-audit.png"));
    }

    @Test
    void aTenantAdminOpensRenamesAndErasesAUser() throws Exception {
        String platform = api.adminToken();
        JsonNode tenant = api.createTenant(platform, "Users tenant " + DevStack.randomString(5, "abcdefghijkmnopqrstuvwxyz"));
        String tenantId = tenant.path("tenant").path("id").asText();
        String key = tenant.path("apiKey").path("secret").asText();
        api.newUser(key, "gina");
        String email = "admin-" + DevStack.randomString(6, "abcdefghijkmnopqrstuvwxyz") + "@users.example";
        String password = "Pw-" + DevStack.randomString(20, ALPHABET);
        api.invitedAccount(platform, tenantId, email, "tenant-admin", password);

        browser.open("login");
        browser.signIn(email, password);
        browser.byId("usage-view");
        browser.click("nav-users");
        browser.byId("users-view");
        assertTrue(browser.shownText("users-empty").contains("Enter a user id"));
        browser.type("users-id", "nobody");
        browser.click("users-open");
        assertTrue(browser.shownText("users-error").contains("no user with the id \u201cnobody\u201d"), browser.text("users-error"));
        assertFalse(browser.isShown("user-card"));

        browser.type("users-id", "gina");
        browser.click("users-open");
        browser.waitForText("user-id", "gina");
        browser.type("user-display-name", "Gina G.");
        browser.click("user-save");
        waitUntil(() -> "Gina G.".equals(JSON.readTree(api.call("GET", "/users/gina", key, null).body()).path("displayName").asText()));
        browser.screenshot(SCREENSHOTS.resolve("console-users.png"));

        browser.click("user-erase");
        browser.byId("user-erase-dialog");
        browser.waitForScript("return document.getElementById('user-erase-confirm').hasAttribute('disabled');");
        browser.type("user-erase-typed", "gina");
        browser.waitForScript("return !document.getElementById('user-erase-confirm').hasAttribute('disabled');");
        browser.click("user-erase-confirm");
        browser.waitForText("user-erasure", "Erasure ");
        waitUntil(() -> api.call("GET", "/users/gina", key, null).statusCode() == 404);

        // API keys: create one (secret once, it works), revoke it (refused at once), the last key cannot be revoked.
        browser.click("nav-api-keys");
        browser.byId("own-keys-view");
        browser.waitForCell("api-keys-grid", "default");
        String secret = browser.createApiKey("ci");
        assertTrue(secret.startsWith("sk_"), secret);
        assertEquals(200, api.call("GET", "/api-keys", secret, null).statusCode());
        browser.waitForCell("api-keys-grid", "ci");
        browser.pressRevoke("ci");
        browser.confirm("confirm-revoke");
        waitUntil(() -> api.call("GET", "/api-keys", secret, null).statusCode() == 401);
        browser.pressRevoke("default");
        browser.confirm("confirm-revoke");
        assertTrue(browser.shownText("own-keys-error").contains("Could not revoke the key"), browser.text("own-keys-error"));
        assertEquals(200, api.call("GET", "/api-keys", key, null).statusCode(), "the last key still works");
        browser.screenshot(SCREENSHOTS.resolve("console-own-api-keys.png"));
    }

    @Test
    void aModeratorSearchesTheTenantsMessages() throws Exception {
        String platform = api.adminToken();
        JsonNode tenant = api.createTenant(platform, "Search tenant " + DevStack.randomString(5, "abcdefghijkmnopqrstuvwxyz"));
        String tenantId = tenant.path("tenant").path("id").asText();
        String key = tenant.path("apiKey").path("secret").asText();
        String erin = api.newUser(key, "erin");
        api.newUser(key, "frank");
        HttpResponse<String> direct = api.call("POST", "/conversations/direct", erin, "{\"userId\":\"frank\"}");
        assertEquals(200, direct.statusCode(), direct.body());
        String conversationId = JSON.readTree(direct.body()).path("id").asText();
        String word = "zebra" + DevStack.randomString(6, "abcdefghijkmnopqrstuvwxyz");
        HttpResponse<String> sent = api.call("POST", "/conversations/" + conversationId + "/messages", erin,
                "{\"clientId\":\"s-1\",\"text\":\"look at the " + word + " here\"}");
        assertTrue(sent.statusCode() == 200 || sent.statusCode() == 201, sent.body());
        String email = "mod-" + DevStack.randomString(6, "abcdefghijkmnopqrstuvwxyz") + "@search.example";
        String password = "Pw-" + DevStack.randomString(20, ALPHABET);
        String token = api.invitedAccount(platform, tenantId, email, "moderator", password);
        // Indexing is asynchronous: wait until the API finds the message.
        waitUntil(() -> JSON.readTree(api.call("GET", "/admin/search?q=" + word, token, null).body()).path("items").size() == 1);

        browser.open("login");
        browser.signIn(email, password);
        browser.byId("search-view");
        browser.assertAddressEndsWith("/console/search");
        assertTrue(browser.isPresent("nav-search"));
        assertFalse(browser.isPresent("nav-compliance"), "moderators do not run compliance jobs");
        assertTrue(browser.shownText("search-empty").contains("Enter words"));
        browser.type("search-q", word);
        browser.click("search-submit");
        browser.waitForCell("search-grid", "look at the " + word + " here");
        assertTrue(browser.cellTexts("search-grid").contains("erin"));
        browser.screenshot(SCREENSHOTS.resolve("console-search.png"));
        browser.type("search-q", "nothingmatches" + word);
        browser.click("search-submit");
        assertTrue(browser.shownText("search-empty").contains("No messages match"));
        browser.open("compliance");
        assertTrue(browser.shownText("not-allowed").contains("Not allowed"));
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static List<JsonNode> members(String token) throws Exception {
        HttpResponse<String> r = api.call("GET", "/team/members", token, null);
        assertEquals(200, r.statusCode(), r.body());
        List<JsonNode> items = new ArrayList<>();
        JSON.readTree(r.body()).path("items").forEach(items::add);
        return items;
    }

    private static JsonNode member(String token, String email) throws Exception {
        return members(token).stream().filter(m -> email.equals(m.path("email").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no member " + email));
    }

    private static void waitForMessages(String key, long count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = api.call("GET", "/analytics", key, null);
            if (JSON.readTree(r.body()).path("totals").path("messages").asLong() >= count) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the analytics never counted " + count + " messages");
    }

    /** A six-digit code that is valid for none of the steps around {@code step}. */
    private static String wrongCode(String secret, long step) throws Exception {
        List<String> valid = List.of(totp(secret, step - 1), totp(secret, step), totp(secret, step + 1), totp(secret, step + 2));
        for (int n = 123456; ; n++) {
            String code = String.format("%06d", n);
            if (!valid.contains(code)) {
                return code;
            }
        }
    }
}
