package com.chatplatform.console;

import com.chatplatform.devstack.Deployment;
import com.chatplatform.devstack.DevStack;
import com.chatplatform.devstack.PayaraMicroProcess;
import com.chatplatform.devstack.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console as a platform admin uses it, in headless Chromium, against the real stack: PostgreSQL, S3 and
 * Elasticsearch from {@link DevStack}, and one Payara Micro ({@link PayaraMicroProcess}) running the API WAR
 * at /api and the console WAR at /console. The API creates the bootstrap admin at start
 * (CHAT_BOOTSTRAP_ADMIN_EMAIL/PASSWORD) in a fresh database.
 *
 * <p>System properties (set by failsafe in the pom): payara.microJar, chat.api.war, chat.console.war,
 * chat.es.home, chrome.binary, chrome.driver.
 */
class ConsoleBrowserIT {

    private static final Path WORK = Path.of("target", "console-it").toAbsolutePath();
    private static final String ADMIN_EMAIL = "admin@console-it.example";
    private static final String ADMIN_PASSWORD = "It-" + DevStack.randomString(20,
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789");

    private static DevStack stack;
    private static PayaraMicroProcess payara;
    private static String consoleUrl;

    private ConsoleBrowser browser;

    @BeforeAll
    static void startTheStack() throws Exception {
        deleteRecursively(WORK); // a fresh database each run: the API then creates the bootstrap admin
        Files.createDirectories(WORK);
        Path payaraJar = existing("payara.microJar", "the Payara Micro jar (maven-dependency-plugin copies it)");
        Path apiWar = existing("chat.api.war", "the chat-api WAR (build chat-api first)");
        Path consoleWar = existing("chat.console.war", "the console WAR (the package phase builds it)");

        stack = DevStack.builder(WORK.resolve("services"))
                .esHome(DevStack.defaultEsHome(Path.of("..").toAbsolutePath().normalize()))
                .timeout(Duration.ofMinutes(3))
                .start();

        int port = Ports.freePort();
        Map<String, String> env = new LinkedHashMap<>(stack.apiEnvironment());
        env.put("CHAT_BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL);
        env.put("CHAT_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("CHAT_CONSOLE_API_URL", "http://127.0.0.1:" + port + "/api/v1");
        payara = PayaraMicroProcess.start(payaraJar,
                List.of(new Deployment(apiWar, "/api"), new Deployment(consoleWar, "/console")),
                port, env, WORK.resolve("payara-root"), WORK.resolve("payara.log"), Duration.ofMinutes(5));
        consoleUrl = "http://127.0.0.1:" + port + "/console/";
    }

    @AfterAll
    static void stopTheStack() {
        if (payara != null) {
            payara.close();
        }
        if (stack != null) {
            stack.close();
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

        assertTrue(browser.currentUrl().endsWith("/console/login"), browser.currentUrl());
        assertTrue(browser.isPresent("login-card"));
        assertFalse(browser.isPresent("tenants-grid"), "no tenant data before signing in");
    }

    @Test
    void aWrongPasswordShowsAnErrorInTheForm() {
        browser.open("login");

        browser.signIn(ADMIN_EMAIL, ADMIN_PASSWORD + "-wrong");

        assertEquals("Incorrect email or password.", browser.loginError());
        assertTrue(browser.currentUrl().endsWith("/console/login"), browser.currentUrl());
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

        assertTrue(browser.currentUrl().endsWith("/console/login"), browser.currentUrl());
        assertFalse(browser.isPresent("tenants-grid"));
    }

    private static Path existing(String property, String what) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " (" + what + ") is not set: run this test through Maven failsafe.");
        }
        Path path = Path.of(value);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(what + " is missing at " + path + ".");
        }
        return path;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
