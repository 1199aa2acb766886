package com.chatplatform.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

/** Minimal JSON-over-HTTP calls for setting up a benchmark through the public API. */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = newHttpClient();
    private final String base;

    /** The benchmarks' HTTP client: HTTP/1.1 as the SDK, as asking for h2c makes the server keep the connection (ADR 0018). */
    static HttpClient newHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    Api(String base) {
        this.base = base.endsWith("/") ? base : base + "/";
    }

    JsonNode post(String path, String credential, Object body) {
        return call(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body))), credential);
    }

    JsonNode get(String path, String credential) {
        return call(HttpRequest.newBuilder(URI.create(base + path)).GET(), credential);
    }

    JsonNode put(String path, String credential, Object body) {
        return call(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(body))), credential);
    }

    JsonNode delete(String path, String credential) {
        return call(HttpRequest.newBuilder(URI.create(base + path)).DELETE(), credential);
    }

    private JsonNode call(HttpRequest.Builder request, String credential) {
        if (credential != null) {
            request.header("Authorization", "Bearer " + credential);
        }
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(r.request().method() + " " + r.uri() + " answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A user of a bench tenant, their token, and the direct conversation with a peer. */
    record DirectPair(String token, String conversationId) {
    }

    /** Creates a user and a peer in the tenant of {@code key}, a day-long token for the user and their direct conversation. */
    DirectPair directPair(String key, String userId, String userName, String peerId, String peerName) {
        post("users", key, Map.of("id", userId, "displayName", userName));
        post("users", key, Map.of("id", peerId, "displayName", peerName));
        String token = post("users/" + userId + "/tokens", key, Map.of("ttlSeconds", 86400)).get("token").asText();
        return new DirectPair(token, post("conversations/direct", token, Map.of("userId", peerId)).get("id").asText());
    }

    /** A benchmark's options from its command line; a bad option exits with its sentence and status 2. */
    static <T> T optionsOrExit(String[] args, java.util.function.Function<String[], T> parse) {
        try {
            return parse.apply(args);
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return null;
        }
    }

    /**
     * Signs in as the platform admin ./chat up generated (its credentials file in {@code data}) and creates a fresh
     * tenant on the Enterprise plan for one benchmark run; returns the tenant's API key. Exits with a sentence when ./chat up never ran.
     */
    String newBenchTenant(Path data, String name) throws IOException {
        Properties admin = new Properties();
        Path credentials = data.resolve("admin-credentials.properties");
        if (!Files.exists(credentials)) {
            System.err.println("No " + credentials + ": start the product with ./chat up first (benchmarks measure a running stack).");
            System.exit(1);
        }
        try (InputStream in = Files.newInputStream(credentials)) {
            admin.load(in);
        }
        String adminToken = post("auth/login", null, Map.of("email", admin.getProperty("email"),
                "password", admin.getProperty("password"))).get("token").asText();
        JsonNode created = post("platform/tenants", adminToken, Map.of("name", name + " " + Instant.now()));
        // the Enterprise plan (10,000 messages/s per tenant): the default plan's 2,000/s would cap the rates measured
        put("platform/tenants/" + created.at("/tenant/id").asText() + "/plan", adminToken, Map.of("plan", "enterprise"));
        return created.at("/apiKey/secret").asText();
    }

    static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
