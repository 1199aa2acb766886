package com.chatplatform.console;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drives the console in headless Debian Chromium the way a person would: fields by their ids, buttons by
 * click, results read from what is rendered. Nothing is downloaded: the browser and the driver are the
 * Debian packages (system properties chrome.binary / chrome.driver).
 */
public final class ConsoleBrowser implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final WebDriver driver;
    private final WebDriverWait wait;
    private final String consoleUrl;

    /**
     * @param consoleUrl  the console's root, e.g. {@code http://127.0.0.1:PORT/console/}
     * @param userDataDir a fresh browser profile folder (under target/)
     */
    public ConsoleBrowser(String consoleUrl, Path userDataDir) throws IOException {
        this.consoleUrl = consoleUrl.endsWith("/") ? consoleUrl : consoleUrl + "/";
        Files.createDirectories(userDataDir);
        String binary = System.getProperty("chrome.binary", "/usr/bin/chromium");
        String driverPath = System.getProperty("chrome.driver", "/usr/bin/chromedriver");
        requireExecutable(binary, "Chromium");
        requireExecutable(driverPath, "chromedriver");

        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1400,900",
                "--user-data-dir=" + userDataDir.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(driverPath))
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
        this.wait = new WebDriverWait(driver, WAIT);
    }

    private static void requireExecutable(String path, String what) {
        if (!Files.isExecutable(Path.of(path))) {
            throw new IllegalStateException(what + " is not at " + path
                    + ": install it with `apt-get install -y chromium chromium-driver`.");
        }
    }

    /** Opens a console path relative to its root ("" for the start view, "login", ...). */
    public void open(String path) {
        driver.get(consoleUrl + path);
        waitForVaadin();
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    /** True when {@code text} is in the page's rendered text or in the value of any input field. */
    public boolean pageShows(String text) {
        waitForVaadin();
        return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                "const t = arguments[0];"
                        + " if (document.body.innerText.includes(t)) { return true; }"
                        + " return Array.from(document.querySelectorAll('input, textarea'))"
                        + "   .some(i => (i.value || '').includes(t));", text));
    }

    /**
     * Waits until Vaadin's client has booted and has no server round trip pending. The router's own entry
     * ("TypeScript") is registered, inactive, before the page asks the server for its first view, so a Flow
     * client beside it must exist too: without that, a wait right after loading a page could end before
     * the view (or a forward to the login view) arrived.
     */
    public void waitForVaadin() {
        wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                "const v = window.Vaadin && window.Vaadin.Flow;"
                        + " if (!v || !v.clients) { return false; }"
                        + " if (!Object.keys(v.clients).some(k => k !== 'TypeScript')) { return false; }"
                        + " return Object.values(v.clients).every(c => !c.isActive || !c.isActive());")));
    }

    /**
     * Asserts that the address bar ends with {@code suffix}, waiting for it as long as for an element: the
     * router changes the address after the server's answer, so a navigation's new address can come a
     * moment after its view. Fails with the address shown if it never does.
     */
    public void assertAddressEndsWith(String suffix) {
        assertAddress(url -> url.endsWith(suffix), "ending with " + suffix);
    }

    /** As {@link #assertAddressEndsWith}, for an address matching {@code regex}. */
    public void assertAddressMatches(String regex) {
        assertAddress(url -> url.matches(regex), "matching " + regex);
    }

    private void assertAddress(Predicate<String> expected, String what) {
        try {
            wait.until(d -> expected.test(d.getCurrentUrl()));
        } catch (TimeoutException e) {
            throw new AssertionError("expected an address " + what + ", the browser shows " + driver.getCurrentUrl(), e);
        }
    }

    /** Waits until an element with the given id is attached (Vaadin elements: attached, not "visible"). */
    public WebElement byId(String id) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
    }

    public boolean isPresent(String id) {
        return !driver.findElements(By.id(id)).isEmpty();
    }

    /** Types into the native input inside a Vaadin text, email or password field. */
    public void type(String fieldId, String text) {
        WebElement input = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#" + fieldId + " input")));
        scrollIntoView(input); // Chromium counts a field scrolled out of the console's content area as not interactable
        input.clear();
        input.sendKeys(text);
    }

    /** Types into the native textarea inside a Vaadin text area. */
    public void typeArea(String fieldId, String text) {
        WebElement area = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#" + fieldId + " textarea")));
        scrollIntoView(area);
        area.clear();
        area.sendKeys(text);
    }

    /** The current value of a Vaadin field (text field, text area, select). */
    public String value(String id) {
        return String.valueOf(byId(id).getDomProperty("value"));
    }

    /** Clicks the first element matching a CSS selector, once it is clickable (e.g. a grid row's button by a data attribute). */
    public void clickSelector(String css) {
        WebElement element = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css)));
        scrollIntoView(element);
        element.click();
        waitForVaadin();
    }

    public void click(String id) {
        WebElement element = byId(id);
        scrollIntoView(element);
        element.click();
        waitForVaadin();
    }

    /** Fills the login form and presses Sign in. */
    public void signIn(String email, String password) {
        byId("login-card");
        type("login-email", email);
        type("login-password", password);
        click("login-submit");
    }

    /** The error shown in the login form, once it is shown. */
    public String loginError() {
        WebElement error = byId("login-error");
        wait.until(d -> !error.getText().isBlank());
        return error.getText();
    }

    /** Waits for the tenant grid and returns the signed-in account's email shown in the navbar. */
    public String waitForTenantsView() {
        byId("tenants-grid");
        return byId("account-email").getText();
    }

    /** The texts of the tenants grid's body cells (all columns). */
    public List<String> gridCellTexts() {
        return gridCellTexts("tenants-grid");
    }

    /** The texts of a grid's cells (all columns, headers included). */
    public List<String> gridCellTexts(String gridId) {
        waitForVaadin();
        WebElement grid = byId(gridId);
        return grid.findElements(By.tagName("vaadin-grid-cell-content")).stream()
                .map(cell -> cell.getDomProperty("textContent"))
                .filter(Objects::nonNull)
                .map(String::strip)
                .toList();
    }

    /** Waits until a cell of grid {@code gridId} shows exactly {@code text}. */
    public void waitForGridCell(String gridId, String text) {
        wait.until(d -> gridCellTexts(gridId).contains(text));
    }

    /** Clicks the cell of grid {@code gridId} that shows exactly {@code text} (selects its row). */
    public void clickGridCell(String gridId, String text) {
        waitForVaadin();
        WebElement cell = wait.until(d -> byId(gridId).findElements(By.tagName("vaadin-grid-cell-content")).stream()
                .filter(c -> text.equals(Objects.requireNonNullElse(c.getDomProperty("textContent"), "").strip()))
                .findFirst().orElse(null));
        scrollIntoView(cell);
        cell.click();
    }

    /** Waits until some grid cell shows exactly {@code text}. */
    public void waitForGridCell(String text) {
        wait.until(d -> gridCellTexts().contains(text));
    }

    /** Opens the New tenant dialog, creates {@code name} and returns the secret the dialog shows. */
    public String createTenant(String name) {
        click("new-tenant");
        byId("new-tenant-dialog");
        type("new-tenant-name", name);
        click("new-tenant-create");
        WebElement secret = byId("api-key-secret");
        wait.until(d -> !String.valueOf(secret.getDomProperty("value")).isBlank());
        return secret.getDomProperty("value");
    }

    /** The "will not be shown again" warning of the secret step. */
    public String secretWarning() {
        return byId("api-key-warning").getText();
    }

    public void closeSecretDialog() {
        click("api-key-done");
        wait.until(d -> d.findElements(By.id("api-key-secret")).isEmpty());
    }

    public void signOut() {
        click("sign-out");
        byId("login-card");
    }

    /** Opens a tenant's page by clicking its name in the tenants grid. */
    public void openTenantFromGrid(String name) {
        waitForGridCell(name);
        WebElement link = wait.until(d -> d.findElements(By.cssSelector("#tenants-grid a[data-tenant-id]")).stream()
                .filter(a -> name.equals(String.valueOf(a.getDomProperty("textContent")).strip()))
                .findFirst().orElse(null));
        link.click();
        waitForVaadin();
        waitForTenantTitle(name);
    }

    /** Waits until the tenant page shows {@code name} as its title. */
    public void waitForTenantTitle(String name) {
        byId("tenant-detail");
        wait.until(d -> name.equals(text("tenant-title")));
    }

    /** The rendered text of an element (textContent, stripped). */
    public String text(String id) {
        return String.valueOf(byId(id).getDomProperty("textContent")).strip();
    }

    public boolean isShown(String id) {
        return driver.findElements(By.id(id)).stream().anyMatch(WebElement::isDisplayed);
    }

    /** Types a new name into the tenant page's name field and presses Rename. */
    public void renameTenantTo(String name) {
        type("tenant-name-field", name);
        waitForVaadin();
        click("tenant-rename");
    }

    /** The error message under a Vaadin field, once it is invalid. */
    public String fieldError(String fieldId) {
        WebElement field = byId(fieldId);
        wait.until(d -> Boolean.TRUE.equals(field.getDomProperty("invalid") != null
                && Boolean.parseBoolean(field.getDomProperty("invalid"))));
        return String.valueOf(field.getDomProperty("errorMessage"));
    }

    /** Presses the confirm button of the confirmation dialog {@code dialogId} (ids {@code <dialogId>-confirm}). */
    public void confirm(String dialogId) {
        WebElement button = wait.until(ExpectedConditions.elementToBeClickable(By.id(dialogId + "-confirm")));
        button.click();
        waitForVaadin();
        wait.until(d -> d.findElements(By.id(dialogId + "-confirm")).stream().noneMatch(WebElement::isDisplayed));
    }

    /** The text of the open confirmation dialog {@code dialogId}. */
    public String confirmationText(String dialogId) {
        wait.until(ExpectedConditions.elementToBeClickable(By.id(dialogId + "-confirm")));
        return String.valueOf(((JavascriptExecutor) driver).executeScript(
                "const d = document.getElementById(arguments[0]);"
                        + " return (d.message || '') + ' ' + (d.header || '');", dialogId));
    }

    /** Waits until the tenant page's status badge shows {@code status}. */
    public void waitForTenantStatus(String status) {
        wait.until(d -> status.equals(text("tenant-status")));
    }

    /** Creates an API key from the tenant page and returns its secret (the dialog is closed afterwards). */
    public String createApiKey(String name) {
        click("new-api-key");
        byId("new-api-key-dialog");
        type("new-api-key-name", name);
        click("new-api-key-create");
        WebElement secret = byId("api-key-secret");
        wait.until(d -> !String.valueOf(secret.getDomProperty("value")).isBlank());
        String value = secret.getDomProperty("value");
        closeSecretDialog();
        return value;
    }

    /** The texts of the body cells of grid {@code gridId}. */
    public List<String> cellTexts(String gridId) {
        waitForVaadin();
        return byId(gridId).findElements(By.tagName("vaadin-grid-cell-content")).stream()
                .map(cell -> cell.getDomProperty("textContent"))
                .filter(Objects::nonNull)
                .map(String::strip)
                .toList();
    }

    public void waitForCell(String gridId, String text) {
        wait.until(d -> cellTexts(gridId).contains(text));
    }

    public void waitForCellStartingWith(String gridId, String prefix) {
        wait.until(d -> cellTexts(gridId).stream().anyMatch(t -> t.startsWith(prefix)));
    }

    /** Presses Revoke on the key row named {@code keyName} (the confirmation opens). */
    public void pressRevoke(String keyName) {
        WebElement button = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#api-keys-grid vaadin-button[data-key-name='" + keyName + "']")));
        scrollIntoView(button);
        button.click();
        waitForVaadin();
    }

    private void scrollIntoView(WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
    }

    /** Waits until element {@code id} is displayed with non-blank text, and returns that text. */
    public String shownText(String id) {
        wait.until(d -> isShown(id) && !text(id).isBlank());
        return text(id);
    }

    /** Waits until element {@code id}'s text contains {@code part}. */
    public void waitForText(String id, String part) {
        wait.until(d -> text(id).contains(part));
    }

    /**
     * Fetches {@code url} from inside the page (the browser's own session cookie), returning status,
     * content type and body as "status\ncontent-type\nbody".
     */
    public String fetchInPage(String url) {
        Object answer = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + " fetch(arguments[0], {credentials: 'same-origin'})"
                        + "  .then(r => r.text().then(t => done(r.status + '\\n' + (r.headers.get('content-type') || '') + '\\n' + t)))"
                        + "  .catch(e => done('0\\n\\n' + e));", url);
        return String.valueOf(answer);
    }

    /** The absolute href of a link. */
    public String href(String id) {
        return String.valueOf(byId(id).getDomProperty("href"));
    }

    public void waitForPageShows(String text) {
        wait.until(d -> pageShows(text));
    }

    /** Resizes the browser window (e.g. tablet width). */
    public void resize(int width, int height) {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
        waitForVaadin();
    }

    /** Runs a script in the page and returns its result. */
    public Object js(String script, Object... args) {
        waitForVaadin();
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Sends keys to whatever has the focus (keyboard-only journeys), then waits for Vaadin. */
    public void press(CharSequence... keys) {
        new org.openqa.selenium.interactions.Actions(driver).sendKeys(keys).perform();
        waitForVaadin();
    }

    /**
     * The id of the element that has the focus: the focused element itself or its nearest ancestor with an id
     * (a Vaadin field's native input has none; the field has).
     */
    public String focusedId() {
        Object id = js("let e = document.activeElement;"
                + " if (e && (e.tagName === 'INPUT' || e.tagName === 'TEXTAREA')) { e = e.parentElement; }"
                + " while (e && !e.id) { e = e.parentElement || (e.getRootNode() && e.getRootNode().host); }"
                + " return e ? e.id : null;");
        return id == null ? "" : id.toString();
    }

    /** Presses Tab until the element {@code id} (or an element inside it) has the focus; fails after {@code max} presses. */
    public void tabTo(String id, int max) {
        for (int i = 0; i < max; i++) {
            if (id.equals(focusedId())) {
                return;
            }
            press(org.openqa.selenium.Keys.TAB);
        }
        if (!id.equals(focusedId())) {
            throw new AssertionError("Tab did not reach #" + id + " in " + max + " presses; the focus is on #" + focusedId());
        }
    }

    /** Waits until a condition written in JavaScript (returning true) holds. */
    public void waitForScript(String script, Object... args) {
        wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(script, args)));
    }

    /** Fails when the page is wider than the window (it would scroll sideways), e.g. at tablet width 820 px. */
    public void assertNoSidewaysScroll() {
        waitForVaadin();
        Object widths = js("const e = document.documentElement; return e.scrollWidth + ' ' + e.clientWidth;");
        String[] w = String.valueOf(widths).split(" ");
        assertTrue(Integer.parseInt(w[0]) <= Integer.parseInt(w[1]), "the page scrolls sideways at 820 px: " + widths);
    }

    /** Picks the item labelled {@code label} in the Vaadin select {@code id} (as a click on it would), then waits for Vaadin. */
    public void choose(String id, String label) {
        js("document.getElementById(arguments[0]).opened = true;", id);
        String find = "const s = document.getElementById(arguments[0]);"
                + " const items = Array.from(s.querySelectorAll('vaadin-select-item'))"
                + "   .concat(Array.from(document.querySelectorAll('vaadin-select-overlay[opened] vaadin-select-item')));"
                + " const it = items.find(i => i.textContent.trim() === arguments[1]);";
        waitForScript(find + " return !!it;", id, label);
        js(find + " s.opened = false; s.value = it.value;", id, label);
        waitForVaadin();
    }

    /**
     * Polls element {@code id}'s data-status attribute every 500 ms until it is {@code status}; fails at once on
     * "failed" or "cancelled", and after 180 s.
     */
    public void waitForStatus(String id, String status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (true) {
            Object now = js("const e = document.getElementById(arguments[0]); return e ? e.getAttribute('data-status') : null;", id);
            if (status.equals(now)) {
                return;
            }
            if (System.nanoTime() > deadline || "failed".equals(now) || "cancelled".equals(now)) {
                throw new AssertionError(id + " is " + now + ": " + text(id));
            }
            Thread.sleep(500);
        }
    }

    public void screenshot(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
