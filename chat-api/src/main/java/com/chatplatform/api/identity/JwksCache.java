package com.chatplatform.api.identity;

import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fetches and caches the public keys published at tenants' JWKS URLs (per node, in memory).
 * A fetch has a timeout and a size limit, follows no redirect and re-checks the URL policy (the host's
 * addresses) each time. Keys are kept for {@code chat.jwks.cache-seconds}; a token naming a kid the
 * cache lacks triggers a refetch, at most once per {@code chat.jwks.min-refetch-seconds} per URL (so
 * made-up kids cannot make us hammer the tenant's server). When a refetch fails, the keys already
 * fetched stay usable for {@code chat.jwks.stale-max-seconds} more; a kid that cannot be checked
 * because the URL is down answers token_key.jwks_unavailable.
 */
@ApplicationScoped
public class JwksCache {
    private static final Logger LOG = Logger.getLogger(JwksCache.class.getName());

    @Inject
    @ConfigProperty(name = "chat.jwks.timeout-millis", defaultValue = "5000")
    long timeoutMillis;
    @Inject
    @ConfigProperty(name = "chat.jwks.max-bytes", defaultValue = "65536")
    int maxBytes;
    @Inject
    @ConfigProperty(name = "chat.jwks.cache-seconds", defaultValue = "300")
    long cacheSeconds;
    @Inject
    @ConfigProperty(name = "chat.jwks.min-refetch-seconds", defaultValue = "60")
    long minRefetchSeconds;
    @Inject
    @ConfigProperty(name = "chat.jwks.stale-max-seconds", defaultValue = "3600")
    long staleMaxSeconds;
    @Inject
    @ConfigProperty(name = "chat.jwks.allow-insecure-urls", defaultValue = "false")
    boolean allowInsecure;

    private HttpClient http;
    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();

    /** A usable key from a JWKS: its algorithm (RS256 or ES256) and public JWK. */
    public record Key(String alg, JWK jwk) {
    }

    private static final class Entry {
        Map<String, Key> keys;
        Instant fetchedAt;
        Instant lastAttempt;
        String lastError;
    }

    @PostConstruct
    void init() {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(timeoutMillis))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public boolean allowInsecure() {
        return allowInsecure;
    }

    /** The key with this kid at the URL: from the cache, or fetched when stale or unknown (rate-limited). */
    public Optional<Key> find(UUID urlId, String url, String kid) {
        Entry e = entries.computeIfAbsent(urlId, id -> new Entry());
        synchronized (e) {
            Instant now = Instant.now();
            boolean fresh = e.fetchedAt != null && e.fetchedAt.plusSeconds(cacheSeconds).isAfter(now);
            boolean mayFetch = e.lastAttempt == null || !e.lastAttempt.plusSeconds(minRefetchSeconds).isAfter(now);
            boolean fetched = false;
            if (!fresh && mayFetch) {
                refresh(e, url, now);
                fetched = true;
            }
            Key key = usable(e, now) ? e.keys.get(kid) : null;
            if (key == null && mayFetch && !fetched) {
                refresh(e, url, now);
                key = usable(e, now) ? e.keys.get(kid) : null;
            }
            if (key != null) {
                return Optional.of(key);
            }
            if (e.lastError != null) {
                throw new ApiException(ErrorCode.TOKEN_KEY_JWKS_UNAVAILABLE,
                        "The tenant's JWKS URL could not be fetched (" + e.lastError + "), so the token's key cannot be checked.");
            }
            return Optional.empty();
        }
    }

    /** Fetches the URL now (registration) and caches its keys; fails with token_key.jwks_unavailable. */
    public Map<String, Key> load(UUID urlId, String url) {
        Map<String, Key> keys = fetch(url);
        Entry e = entries.computeIfAbsent(urlId, id -> new Entry());
        synchronized (e) {
            Instant now = Instant.now();
            e.keys = keys;
            e.fetchedAt = now;
            e.lastAttempt = now;
            e.lastError = null;
        }
        return keys;
    }

    public void forget(UUID urlId) {
        entries.remove(urlId);
    }

    private boolean usable(Entry e, Instant now) {
        return e.keys != null && e.fetchedAt.plusSeconds(cacheSeconds + staleMaxSeconds).isAfter(now);
    }

    private void refresh(Entry e, String url, Instant now) {
        e.lastAttempt = now;
        try {
            e.keys = fetch(url);
            e.fetchedAt = now;
            e.lastError = null;
        } catch (ApiException failure) {
            e.lastError = failure.getMessage();
            LOG.warning(() -> "JWKS fetch of " + url + " failed: " + failure.getMessage());
        }
    }

    /** One GET of the URL: 200, at most maxBytes, a JWK set with at least one usable public signing key. */
    Map<String, Key> fetch(String url) {
        URI uri = JwksUrlPolicy.check(url, allowInsecure);
        HttpResponse<InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(timeoutMillis))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException ex) {
            throw unavailable("connection failed: " + ex.getClass().getSimpleName());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
        byte[] body;
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw unavailable("HTTP " + response.statusCode());
            }
            body = in.readNBytes(maxBytes + 1);
        } catch (IOException ex) {
            throw unavailable("reading failed: " + ex.getClass().getSimpleName());
        }
        if (body.length > maxBytes) {
            throw unavailable("larger than " + maxBytes + " bytes");
        }
        JWKSet set;
        try {
            set = JWKSet.parse(new String(body, StandardCharsets.UTF_8));
        } catch (ParseException ex) {
            throw unavailable("not a JWK set");
        }
        Map<String, Key> keys = new HashMap<>();
        for (JWK jwk : set.getKeys()) {
            String alg = algorithmOf(jwk);
            if (alg != null && jwk.getKeyID() != null) {
                keys.putIfAbsent(jwk.getKeyID(), new Key(alg, jwk.toPublicJWK()));
            }
        }
        if (keys.isEmpty()) {
            throw unavailable("no usable key (RSA 2048+ for RS256 or EC P-256 for ES256, with a kid)");
        }
        return keys;
    }

    /** RS256 for RSA keys of 2048 bits or more, ES256 for P-256 keys; null for anything else or a key not for signatures. */
    static String algorithmOf(JWK jwk) {
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            return null;
        }
        String alg = null;
        if (jwk instanceof RSAKey rsa && rsa.size() >= 2048) {
            alg = "RS256";
        } else if (jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
            alg = "ES256";
        }
        if (alg != null && jwk.getAlgorithm() != null && !alg.equals(jwk.getAlgorithm().getName())) {
            return null;
        }
        return alg;
    }

    private static ApiException unavailable(String why) {
        return new ApiException(ErrorCode.TOKEN_KEY_JWKS_UNAVAILABLE, why);
    }
}
