package com.chatplatform.console;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
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

    /** Waits until Vaadin's client has booted and has no server round trip pending. */
    public void waitForVaadin() {
        wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                "const v = window.Vaadin && window.Vaadin.Flow;"
                        + " if (!v || !v.clients) { return false; }"
                        + " return Object.values(v.clients).every(c => !c.isActive || !c.isActive());")));
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
        input.clear();
        input.sendKeys(text);
    }

    public void click(String id) {
        byId(id).click();
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

    /** The texts of the grid's body cells (all columns). */
    public List<String> gridCellTexts() {
        waitForVaadin();
        WebElement grid = byId("tenants-grid");
        return grid.findElements(By.tagName("vaadin-grid-cell-content")).stream()
                .map(cell -> cell.getDomProperty("textContent"))
                .filter(Objects::nonNull)
                .map(String::strip)
                .toList();
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
