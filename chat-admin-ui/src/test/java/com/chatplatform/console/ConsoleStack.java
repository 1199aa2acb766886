package com.chatplatform.console;

import com.chatplatform.devstack.Deployment;
import com.chatplatform.devstack.DevStack;
import com.chatplatform.devstack.PayaraMicroProcess;
import com.chatplatform.devstack.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real product for the browser tests: PostgreSQL, Elasticsearch and S3 (DevStack) and one Payara Micro serving
 * the API and the console, on a fresh database in {@code work} so the API creates the given bootstrap admin.
 */
final class ConsoleStack implements AutoCloseable {
    final String consoleUrl;
    final String apiUrl;
    private final DevStack stack;
    private final PayaraMicroProcess payara;

    private ConsoleStack(DevStack stack, PayaraMicroProcess payara, int port) {
        this.stack = stack;
        this.payara = payara;
        this.consoleUrl = "http://127.0.0.1:" + port + "/console/";
        this.apiUrl = "http://127.0.0.1:" + port + "/api/v1";
    }

    static ConsoleStack start(Path work, String adminEmail, String adminPassword) throws Exception {
        deleteRecursively(work);
        Files.createDirectories(work);
        Path payaraJar = existing("payara.microJar", "the Payara Micro jar (maven-dependency-plugin copies it)");
        Path apiWar = existing("chat.api.war", "the chat-api WAR (build chat-api first)");
        Path consoleWar = existing("chat.console.war", "the console WAR (the package phase builds it)");
        DevStack stack = DevStack.builder(work.resolve("services"))
                .esHome(DevStack.defaultEsHome(Path.of("..").toAbsolutePath().normalize()))
                .timeout(Duration.ofMinutes(3))
                .start();
        try {
            int port = Ports.freePort();
            Map<String, String> env = new LinkedHashMap<>(stack.apiEnvironment());
            env.put("CHAT_BOOTSTRAP_ADMIN_EMAIL", adminEmail);
            env.put("CHAT_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
            env.put("CHAT_CONSOLE_API_URL", "http://127.0.0.1:" + port + "/api/v1");
            PayaraMicroProcess payara = PayaraMicroProcess.start(payaraJar,
                    List.of(new Deployment(apiWar, "/api"), new Deployment(consoleWar, "/console")),
                    port, env, work.resolve("payara-root"), work.resolve("payara.log"), Duration.ofMinutes(5));
            return new ConsoleStack(stack, payara, port);
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            payara.close();
        } finally {
            stack.close();
        }
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
