package com.chatplatform.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The browser ITs' way into the API of a {@link ConsoleStack} (set-up before a journey, checks after it): plain
 * HTTP calls with a bearer, the bootstrap admin's token, tenants, users and invited accounts, plus the TOTP maths an
 * authenticator app does and a polling wait for effects that land asynchronously.
 */
final class ConsoleApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String apiUrl;
    private final String adminEmail;
    private final String adminPassword;

    /**
     * @param apiUrl        the API's root, e.g. {@link ConsoleStack#apiUrl}
     * @param adminEmail    the stack's bootstrap platform admin
     * @param adminPassword and their password
     */
    ConsoleApi(String apiUrl, String adminEmail, String adminPassword) {
        this.apiUrl = apiUrl;
        this.adminEmail = adminEmail;
        this.adminPassword = adminPassword;
    }

    /** The absolute URI of an API path (e.g. "/users"). */
    URI uri(String path) {
        return URI.create(apiUrl + path);
    }

    /** Calls the API: {@code json} (or no body when null) as application/json, {@code bearer} (when not null) as the token. */
    HttpResponse<String> call(String method, String path, String bearer, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends any request (an upload, a download by an absolute URL) with the same HTTP client. */
    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws IOException, InterruptedException {
        return HTTP.send(request, body);
    }

    /** POST /auth/login with an optional TOTP code; the response as it comes. */
    HttpResponse<String> login(String email, String password, String totp) throws IOException, InterruptedException {
        return call("POST", "/auth/login", null, "{\"email\":\"" + email + "\",\"password\":\"" + password + "\""
                + (totp == null ? "" : ",\"totp\":\"" + totp + "\"") + "}");
    }

    /** The bootstrap platform admin's token (the sign-in must succeed). */
    String adminToken() throws IOException, InterruptedException {
        HttpResponse<String> login = login(adminEmail, adminPassword, null);
        assertEquals(200, login.statusCode(), login.body());
        return JSON.readTree(login.body()).path("token").asText();
    }

    /** Creates a tenant as a platform admin; the 201 body (tenant and its first API key with the secret). */
    JsonNode createTenant(String platformToken, String name) throws IOException, InterruptedException {
        HttpResponse<String> created = call("POST", "/platform/tenants", platformToken, "{\"name\":\"" + name + "\"}");
        assertEquals(201, created.statusCode(), created.body());
        return JSON.readTree(created.body());
    }

    /** Invites {@code email} into the tenant as a platform admin and accepts; returns the new account's token. */
    String invitedAccount(String platformToken, String tenantId, String email, String role, String password)
            throws IOException, InterruptedException {
        HttpResponse<String> invited = call("POST", "/platform/tenants/" + tenantId + "/invitations", platformToken,
                "{\"email\":\"" + email + "\",\"role\":\"" + role + "\"}");
        assertEquals(201, invited.statusCode(), invited.body());
        String invitation = JSON.readTree(invited.body()).path("token").asText();
        HttpResponse<String> accepted = call("POST", "/auth/invitations/accept", null,
                "{\"token\":\"" + invitation + "\",\"password\":\"" + password + "\",\"displayName\":\"" + role + " person\"}");
        assertEquals(201, accepted.statusCode(), accepted.body());
        return JSON.readTree(accepted.body()).path("token").asText();
    }

    /** Creates end user {@code user} (id and display name) with the tenant's API key; returns a 10-minute user token. */
    String newUser(String apiKey, String user) throws IOException, InterruptedException {
        HttpResponse<String> created = call("POST", "/users", apiKey, "{\"id\":\"" + user + "\",\"displayName\":\"" + user + "\"}");
        assertEquals(201, created.statusCode(), created.body());
        HttpResponse<String> token = call("POST", "/users/" + user + "/tokens", apiKey, "{\"ttlSeconds\":600}");
        assertEquals(201, token.statusCode(), token.body());
        return JSON.readTree(token.body()).path("token").asText();
    }

    interface Check {
        boolean holds() throws Exception;
    }

    /** Polls {@code check} every 250 ms until it holds; fails after 30 s. */
    static void waitUntil(Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 30 s");
            }
            Thread.sleep(250);
        }
    }

    /** RFC 6238 TOTP (HMAC-SHA1, 30 s, 6 digits) of a base32 secret for a step, as an authenticator app computes it. */
    static String totp(String base32Secret, long step) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(base32(base32Secret), "HmacSHA1"));
        byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        return String.format("%06d", binary % 1_000_000);
    }

    private static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.replace("=", "").toUpperCase().toCharArray()) {
            int value = alphabet.indexOf(c);
            if (value < 0) {
                continue;
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
