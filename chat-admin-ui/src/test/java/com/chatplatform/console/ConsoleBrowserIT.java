package com.chatplatform.console;

import com.chatplatform.devstack.DevStack;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.Keys;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console as a platform admin uses it, in headless Chromium, against the real stack: PostgreSQL, S3 and
 * Elasticsearch from {@link DevStack}, and one Payara Micro ({@link ConsoleStack}) running the API WAR
 * at /api and the console WAR at /console. The API creates the bootstrap admin at start
 * (CHAT_BOOTSTRAP_ADMIN_EMAIL/PASSWORD) in a fresh database.
 *
 * <p>System properties (set by failsafe in the pom): payara.microJar, chat.api.war, chat.console.war,
 * chat.es.home, chrome.binary, chrome.driver.
 */
class ConsoleBrowserIT {

    private static final Path WORK = Path.of("target", "console-it").toAbsolutePath();
    private static final Path SCREENSHOTS = WORK.resolve("screenshots");
    private static final String ADMIN_EMAIL = "admin@console-it.example";
    private static final String ADMIN_PASSWORD = "It-" + DevStack.randomString(20,
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789");

    /** A 1x1 PNG, sent as an attachment. */
    private static final byte[] PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

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
        browser = new ConsoleBrowser(consoleUrl,
                WORK.resolve("chromium-" + test.getTestMethod().orElseThrow().getName()));
    }

    @AfterEach
    void closeBrowser(TestInfo test) throws IOException {
        if (browser != null) {
            try {
                browser.screenshot(WORK.resolve("screenshots").resolve(test.getTestMethod().orElseThrow().getName() + ".png"));
            } finally {
                browser.close();
            }
        }
    }

    @Test
    void anAnonymousVisitorIsSentToTheLoginView() {
        browser.open("tenants");

        browser.assertAddressEndsWith("/console/login");
        assertTrue(browser.isPresent("login-card"));
        assertFalse(browser.isPresent("tenants-grid"), "no tenant data before signing in");
    }

    @Test
    void aWrongPasswordShowsAnErrorInTheForm() {
        browser.open("login");

        browser.signIn(ADMIN_EMAIL, ADMIN_PASSWORD + "-wrong");

        assertEquals("Incorrect email or password.", browser.loginError());
        browser.assertAddressEndsWith("/console/login");
        assertFalse(browser.isPresent("tenants-grid"));
    }

    @Test
    void theAdminSignsInCreatesATenantAndSeesItsSecretOnce() {
        browser.open("");
        browser.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        assertEquals(ADMIN_EMAIL, browser.waitForTenantsView(), "the navbar shows who is signed in");

        String name = "Console IT " + DevStack.randomString(6, "abcdefghijklmnopqrstuvwxyz");
        assertFalse(browser.gridCellTexts().contains(name));

        String secret = browser.createTenant(name);
        assertTrue(secret.startsWith("sk_"), "an API key secret starts with sk_, got: " + secret);
        assertTrue(secret.length() > 10, secret);
        assertTrue(browser.secretWarning().contains("will not be shown again"), browser.secretWarning());
        assertTrue(browser.pageShows(secret), "the dialog shows the secret");

        browser.closeSecretDialog();
        browser.waitForGridCell(name);

        // A fresh load lists the tenant from the API, and the secret is nowhere on the page any more.
        browser.open("tenants");
        browser.waitForTenantsView();
        browser.waitForGridCell(name);
        assertFalse(browser.pageShows(secret), "the secret is shown only once");
    }

    @Test
    void signingOutForgetsTheSession() {
        browser.open("login");
        browser.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        browser.waitForTenantsView();

        browser.signOut();
        browser.open("tenants");

        browser.assertAddressEndsWith("/console/login");
        assertFalse(browser.isPresent("tenants-grid"));
    }

    @Test
    void theAdminRenamesSuspendsAndReactivatesATenantAndRotatesItsKeys() throws Exception {
        browser.open("");
        browser.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        browser.waitForTenantsView();
        String name = "Journey " + DevStack.randomString(6, "abcdefghijklmnopqrstuvwxyz");
        String firstSecret = browser.createTenant(name);
        browser.closeSecretDialog();
        assertEquals(200, callWithKey(firstSecret).statusCode(), "a fresh tenant's key works");

        // Open it from the grid.
        browser.openTenantFromGrid(name);
        browser.assertAddressMatches(".*/console/tenants/[0-9a-f-]{36}$");
        assertEquals("active", browser.text("tenant-status"));
        browser.waitForCell("api-keys-grid", "default");

        // Rename: the API's validation message for a blank name, then a real rename.
        browser.renameTenantTo("   ");
        assertEquals("A tenant needs a name of 1 to 200 characters.", browser.fieldError("tenant-name-field"));
        String renamed = name + " renamed";
        browser.renameTenantTo(renamed);
        browser.waitForTenantTitle(renamed);

        // Suspend, after a confirmation that says what happens; the key is refused at once.
        browser.click("tenant-suspend");
        String consequence = browser.confirmationText("confirm-suspend");
        assertTrue(consequence.contains("API keys and user tokens stop working at once")
                && consequence.contains("open connections are closed"), consequence);
        browser.confirm("confirm-suspend");
        browser.waitForTenantStatus("suspended");
        assertTrue(browser.isShown("tenant-reactivate"));
        assertFalse(browser.isShown("tenant-suspend"));
        HttpResponse<String> refused = callWithKey(firstSecret);
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("\"tenant.suspended\""), refused.body());

        // Reactivate: the same key works again.
        browser.click("tenant-reactivate");
        browser.confirm("confirm-reactivate");
        browser.waitForTenantStatus("active");
        assertEquals(200, callWithKey(firstSecret).statusCode(), "the key works again after reactivation");

        // Rotate: a new key (secret shown once), revoke the first one; the last active key cannot go.
        String secondSecret = browser.createApiKey("rotation");
        assertTrue(secondSecret.startsWith("sk_"), secondSecret);
        assertNotEquals(firstSecret, secondSecret);
        browser.waitForCell("api-keys-grid", "rotation");
        assertFalse(browser.pageShows(secondSecret), "the secret is gone once the dialog is closed");
        browser.pressRevoke("default");
        browser.confirm("confirm-revoke");
        browser.waitForCellStartingWith("api-keys-grid", "revoked ");
        HttpResponse<String> revoked = callWithKey(firstSecret);
        assertEquals(401, revoked.statusCode(), revoked.body());
        assertTrue(revoked.body().contains("auth.api_key_revoked"), revoked.body());
        browser.pressRevoke("rotation");
        browser.confirm("confirm-revoke");
        String refusal = browser.shownText("api-keys-error");
        assertTrue(refusal.contains("last active API key"), refusal);
        assertEquals(200, callWithKey(secondSecret).statusCode(), "the refused revocation changed nothing");
        browser.resize(1400, 1350); // the whole page for the documentation's screenshot
        browser.screenshot(SCREENSHOTS.resolve("tenant-detail.png"));
        browser.resize(1400, 900);

        // The tenant's audit log lists all of it, newest first, and exports it as CSV.
        String tenantId = browser.currentUrl().substring(browser.currentUrl().lastIndexOf('/') + 1);
        browser.click("tenant-audit-link");
        browser.byId("audit-grid");
        browser.waitForCell("audit-grid", "api_key.revoked");
        List<String> cells = browser.cellTexts("audit-grid");
        for (String action : List.of("tenant.created", "tenant.renamed", "tenant.suspended", "tenant.reactivated",
                "api_key.created", "api_key.revoked")) {
            assertTrue(cells.contains(action), action + " in " + cells);
        }
        assertTrue(cells.contains(renamed), "the tenant column shows its name: " + cells);
        assertFalse(cells.contains("auth.sign_in"), "only this tenant's entries: " + cells);
        browser.screenshot(SCREENSHOTS.resolve("audit.png"));

        String href = browser.href("audit-export");
        String download = browser.fetchInPage(href);
        String[] parts = download.split("\n", 3);
        assertEquals("200", parts[0], download);
        assertTrue(parts[1].startsWith("text/csv"), parts[1]);
        String csv = parts[2];
        assertTrue(csv.startsWith("id,occurred_at,tenant_id,tenant_name,actor_kind,actor_id,action,"), csv);
        for (String action : List.of("tenant.created", "tenant.renamed", "tenant.suspended", "tenant.reactivated",
                "api_key.created", "api_key.revoked")) {
            assertTrue(csv.contains("," + action + ","), action + " in " + csv);
        }
        assertTrue(csv.contains(tenantId), csv);
        assertTrue(csv.indexOf(",tenant.created,") > csv.indexOf(",tenant.suspended,"), "newest first: " + csv);
        long rows = csv.lines().count() - 1;
        assertTrue(browser.text("audit-count").startsWith(rows + " entries"), rows + " rows vs " + browser.text("audit-count"));

        // Tablet width: the filters wrap and the grid switches to its narrow layout, with no sideways scrolling.
        browser.resize(820, 1100);
        browser.waitForScript("return document.getElementById('audit-grid').getAttribute('data-layout') === 'narrow';");
        browser.waitForCellStartingWith("audit-grid", "tenant.suspended");
        assertEquals(Boolean.TRUE, browser.js("const t = document.getElementById('audit-grid').shadowRoot.querySelector('#table');"
                + " return t.scrollWidth <= t.clientWidth + 1;"), "the audit grid must not scroll sideways at 820 px");
        browser.screenshot(SCREENSHOTS.resolve("audit-tablet.png"));

        // Back in the tenant list, the renamed tenant is there (the documentation's screenshot of the list).
        browser.resize(1400, 900);
        browser.click("nav-tenants");
        browser.waitForTenantsView();
        browser.waitForGridCell(renamed);
        browser.screenshot(SCREENSHOTS.resolve("tenants.png"));
    }

    @Test
    void theAuditLogPagesWithLoadMoreAndFilters() throws Exception {
        // 60 renames through the API (as the admin) give one tenant more than one page of entries.
        String token = api.adminToken();
        HttpResponse<String> created = api.call("POST", "/platform/tenants", token, "{\"name\":\"Paging IT\"}");
        assertEquals(201, created.statusCode(), created.body());
        String tenantId = JSON.readTree(created.body()).path("tenant").path("id").asText();
        for (int i = 1; i <= 60; i++) {
            HttpResponse<String> renamed = api.call("PATCH", "/platform/tenants/" + tenantId, token,
                    "{\"name\":\"Paging IT " + i + "\"}");
            assertEquals(200, renamed.statusCode(), renamed.body());
        }

        browser.open("login");
        browser.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        browser.waitForTenantsView();
        browser.click("nav-audit");
        browser.byId("audit-grid");
        browser.open("audit?tenantId=" + tenantId);
        browser.waitForText("audit-count", "50 entries loaded");
        assertTrue(browser.isShown("audit-load-more"));
        browser.click("audit-load-more");
        browser.waitForText("audit-count", "all loaded");
        int loaded = Integer.parseInt(browser.text("audit-count").split(" ")[0]);
        assertTrue(loaded >= 61, "tenant.created and 60 renames, at least: " + browser.text("audit-count"));
        assertFalse(browser.isShown("audit-load-more"));
        List<String> cells = browser.cellTexts("audit-grid");
        assertTrue(cells.contains("Paging IT 60"), "the tenant column shows its current name: " + cells);

        // A date range before the tenant existed: a clear empty state.
        browser.open("audit?tenantId=" + tenantId);
        browser.type("audit-to", "1/1/2020");
        browser.byId("audit-to").sendKeys(org.openqa.selenium.Keys.ENTER);
        browser.waitForVaadin();
        browser.waitForPageShows("No audit entries match these filters.");
        assertFalse(browser.isShown("audit-load-more"));
    }

    @Test
    void aTenantThatDoesNotExistShowsANotFoundMessage() {
        browser.open("login");
        browser.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        browser.waitForTenantsView();

        browser.open("tenants/00000000-0000-4000-8000-000000000000");
        assertTrue(browser.shownText("tenant-not-found").contains("Tenant not found"), browser.text("tenant-not-found"));
        assertTrue(browser.text("tenant-not-found").contains("There is no tenant with the id"),
                browser.text("tenant-not-found"));
        assertFalse(browser.isShown("tenant-detail"));

        browser.open("tenants/not-a-tenant-id");
        assertTrue(browser.shownText("tenant-not-found").contains("\u201cnot-a-tenant-id\u201d"),
                browser.text("tenant-not-found"));
        assertFalse(browser.pageShows("Exception"), "no stack trace");
    }

    @Test
    void theTenantDashboardShowsExactNumbersAfterMessagesAreSent() throws Exception {
        // Through the API as a tenant's users would: alice sends 3 messages (one with an image), bob 2.
        String token = api.adminToken();
        HttpResponse<String> created = api.call("POST", "/platform/tenants", token, "{\"name\":\"Dashboard IT\"}");
        assertEquals(201, created.statusCode(), created.body());
        String tenantId = JSON.readTree(created.body()).path("tenant").path("id").asText();
        String key = JSON.readTree(created.body()).path("apiKey").path("secret").asText();
        String alice = api.newUser(key, "alice");
        String bob = api.newUser(key, "bob");
        HttpResponse<String> direct = api.call("POST", "/conversations/direct", alice, "{\"userId\":\"bob\"}");
        assertEquals(200, direct.statusCode(), direct.body());
        String conversationId = JSON.readTree(direct.body()).path("id").asText();
        HttpResponse<String> upload = api.send(HttpRequest.newBuilder(api.uri("/conversations/" + conversationId
                        + "/attachments?fileName=dot.png")).header("Authorization", "Bearer " + alice).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(PNG)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, upload.statusCode(), upload.body());
        String attachmentId = JSON.readTree(upload.body()).path("id").asText();
        send(alice, conversationId, "a-1", "hello", null);
        send(alice, conversationId, "a-2", "a picture", attachmentId);
        send(alice, conversationId, "a-3", "and more", null);
        send(bob, conversationId, "b-1", "hi", null);
        send(bob, conversationId, "b-2", "bye", null);
        // The rollups count new messages within seconds; wait for the API before looking at the page.
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = api.call("GET", "/platform/tenants/" + tenantId + "/analytics", token, null);
            if (JSON.readTree(r.body()).path("totals").path("messages").asLong() >= 5) {
                break;
            }
            Thread.sleep(500);
        }

        browser.open("login");
        browser.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        browser.waitForTenantsView();
        browser.open("tenants/" + tenantId);
        browser.waitForTenantTitle("Dashboard IT");
        browser.waitForText("analytics-messages-value", "5");
        assertEquals("5", browser.text("analytics-messages-value"));
        assertEquals("2", browser.text("analytics-active-users-value"));
        assertEquals("2", browser.text("analytics-dau-value"));
        assertEquals("2", browser.text("analytics-mau-value"));
        assertEquals(PNG.length + " B", browser.text("analytics-storage-value"));
        assertFalse(browser.isShown("analytics-empty"));

        // The chart drew the same numbers: 30 days, today's bar is 5.
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        browser.waitForScript("const c = window.Chart && Chart.getChart(document.getElementById('analytics-messages-chart-canvas'));"
                + " return !!c && c.data.datasets[0].data.length === 30;");
        assertEquals("[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,5]", String.valueOf(browser.js(
                "return JSON.stringify(Chart.getChart(document.getElementById('analytics-messages-chart-canvas')).data.datasets[0].data);")));
        assertEquals("2", String.valueOf(browser.js(
                "const d = Chart.getChart(document.getElementById('analytics-users-chart-canvas')).data.datasets[0].data; return String(d[d.length - 1]);")));
        List<String> days = browser.cellTexts("analytics-days-grid");
        assertTrue(days.contains(today), days.toString());
        List<String> busiest = browser.cellTexts("analytics-busiest-grid");
        assertTrue(busiest.contains("Direct conversation " + conversationId.substring(0, 8)), busiest.toString());
        assertTrue(busiest.contains("5"), busiest.toString());

        // The table's CSV: one line per day, oldest first; today's line has the exact numbers.
        String download = browser.fetchInPage(browser.href("analytics-export"));
        String[] parts = download.split("\n", 3);
        assertEquals("200", parts[0], download);
        assertTrue(parts[1].startsWith("text/csv"), parts[1]);
        List<String> lines = parts[2].lines().toList();
        assertEquals("day,messages,active_users,attachments,attachment_bytes", lines.get(0));
        assertEquals(31, lines.size(), parts[2]);
        assertEquals(today + ",5,2,1," + PNG.length, lines.get(30));

        browser.resize(1400, 2350); // the whole page for the documentation's screenshot
        browser.screenshot(SCREENSHOTS.resolve("tenant-dashboard.png"));
        browser.resize(1400, 900);

        // Another period: 7 days (the chart, the table and the export follow).
        browser.js("const g = document.getElementById('analytics-period');"
                + " g.querySelectorAll('vaadin-radio-button').forEach(b => { if (b.textContent.includes('Last 7 days')) { b.click(); } });");
        browser.waitForScript("const c = Chart.getChart(document.getElementById('analytics-messages-chart-canvas'));"
                + " return !!c && c.data.datasets[0].data.length === 7;");
        assertEquals("5", browser.text("analytics-messages-value"));
        assertEquals(8, browser.fetchInPage(browser.href("analytics-export")).split("\n", 3)[2].lines().count());

        // A tenant without messages: a clear empty state instead of empty charts.
        HttpResponse<String> quiet = api.call("POST", "/platform/tenants", token, "{\"name\":\"Quiet IT\"}");
        String quietId = JSON.readTree(quiet.body()).path("tenant").path("id").asText();
        browser.open("tenants/" + quietId);
        browser.waitForTenantTitle("Quiet IT");
        assertTrue(browser.shownText("analytics-empty").contains("No messages were sent in the last 30 days"),
                browser.text("analytics-empty"));
        assertEquals("0", browser.text("analytics-messages-value"));
        assertFalse(browser.isShown("analytics-messages-chart"));

        // Deleting an active tenant: the API's refusal (suspend first) is shown plainly and nothing changes.
        browser.click("tenant-delete");
        assertTrue(browser.shownText("tenant-delete-error").contains("Suspend the tenant before deleting it"),
                browser.text("tenant-delete-error"));
        assertFalse(browser.isPresent("delete-tenant-dialog"));
        assertEquals(200, api.call("GET", "/platform/tenants/" + quietId, token, null).statusCode());
    }

    @Test
    void theHealthPageShowsEachComponentUp() throws Exception {
        browser.open("login");
        browser.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        browser.waitForTenantsView();
        browser.click("nav-health");
        browser.byId("health-view");
        for (String component : List.of("database", "search", "storage")) {
            browser.waitForScript("const e = document.getElementById(arguments[0]); return !!e && e.getAttribute('data-status') === 'up';",
                    "health-" + component + "-status");
            assertTrue(browser.text("health-" + component + "-latency").endsWith(" ms"), browser.text("health-" + component + "-latency"));
        }
        assertEquals("All systems up", browser.text("health-status"));
        assertTrue(browser.text("health-node-id").contains("@"), browser.text("health-node-id"));
        browser.screenshot(SCREENSHOTS.resolve("health.png"));

        // The API refuses the health report to a tenant's API key (the console never offers it to one).
        HttpResponse<String> created = api.call("POST", "/platform/tenants", api.adminToken(), "{\"name\":\"Health IT\"}");
        String key = JSON.readTree(created.body()).path("apiKey").path("secret").asText();
        HttpResponse<String> refused = api.call("GET", "/platform/health", key, null);
        assertEquals(403, refused.statusCode(), refused.body());
    }

    @Test
    void aKeyboardOnlyJourneySignsInCreatesATenantAndSuspendsIt() throws Exception {
        browser.open("login");
        browser.byId("login-card");
        browser.tabTo("login-email", 10);
        browser.press(ADMIN_EMAIL);
        browser.press(Keys.TAB);
        assertEquals("login-password", browser.focusedId());
        browser.press(ADMIN_PASSWORD, Keys.ENTER);
        browser.waitForTenantsView();

        // New tenant: Tab to the button, Enter, type the name, Enter; then Tab to Done and Enter.
        String name = "Keyboard IT " + DevStack.randomString(6, "abcdefghijklmnopqrstuvwxyz");
        browser.tabTo("new-tenant", 30);
        browser.press(Keys.ENTER);
        browser.byId("new-tenant-dialog");
        browser.waitForScript("return document.activeElement && !!document.activeElement.closest('#new-tenant-name');");
        browser.press(name, Keys.ENTER);
        browser.waitForScript("const s = document.getElementById('api-key-secret'); return !!s && !!s.value;");
        browser.tabTo("api-key-done", 10);
        browser.press(Keys.ENTER);
        browser.waitForScript("return !document.getElementById('api-key-secret');");
        browser.waitForGridCell(name);

        // The grid: Tab into it (a header cell), Tab again to the body (the newest tenant is the first row),
        // Enter to reach the link in the cell, Enter to follow it.
        browser.tabTo("tenants-grid", 30);
        browser.press(Keys.TAB);
        assertEquals("tenants-grid", browser.focusedId(), "the second Tab stays in the grid (header, then body)");
        browser.press(Keys.ENTER);
        browser.waitForScript("return document.activeElement && document.activeElement.tagName === 'A';");
        assertEquals(name, String.valueOf(browser.js("return document.activeElement.textContent.trim();")));
        browser.press(Keys.ENTER);
        browser.waitForTenantTitle(name);

        // Suspend: the confirmation opens with Cancel focused; Escape cancels and nothing changes.
        browser.tabTo("tenant-suspend", 40);
        browser.press(Keys.ENTER);
        browser.waitForScript("return !!document.getElementById('confirm-suspend-cancel');");
        assertEquals("confirm-suspend-cancel", browser.focusedId());
        browser.press(Keys.ESCAPE);
        browser.waitForScript("const b = document.getElementById('confirm-suspend-confirm'); return !b || b.offsetParent === null;");
        assertEquals("active", browser.text("tenant-status"));
        // Again, and this time Tab to Suspend and Enter.
        browser.tabTo("tenant-suspend", 40);
        browser.press(Keys.ENTER);
        browser.waitForScript("return document.activeElement && document.activeElement.id === 'confirm-suspend-cancel';");
        browser.tabTo("confirm-suspend-confirm", 5);
        browser.press(Keys.ENTER);
        browser.waitForTenantStatus("suspended");
        String tenantId = browser.currentUrl().substring(browser.currentUrl().lastIndexOf('/') + 1);
        HttpResponse<String> tenant = api.call("GET", "/platform/tenants/" + tenantId, api.adminToken(), null);
        assertEquals("suspended", JSON.readTree(tenant.body()).path("status").asText(), tenant.body());
    }

    private static void send(String userToken, String conversationId, String clientId, String text, String attachmentId)
            throws IOException, InterruptedException {
        String body = "{\"clientId\":\"" + clientId + "\",\"text\":\"" + text + "\""
                + (attachmentId == null ? "" : ",\"attachmentIds\":[\"" + attachmentId + "\"]") + "}";
        HttpResponse<String> sent = api.call("POST", "/conversations/" + conversationId + "/messages", userToken, body);
        assertTrue(sent.statusCode() == 200 || sent.statusCode() == 201, sent.body());
    }

    private static HttpResponse<String> callWithKey(String secret) throws IOException, InterruptedException {
        return api.call("GET", "/api-keys", secret, null);
    }
}
