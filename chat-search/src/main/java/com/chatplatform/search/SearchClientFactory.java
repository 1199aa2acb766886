package com.chatplatform.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.instrumentation.NoopInstrumentation;
import co.elastic.clients.transport.rest5_client.Rest5ClientOptions;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import co.elastic.clients.transport.rest5_client.low_level.Rest5ClientBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds the Elasticsearch client (official Java client over its rest5 HTTP client, Jackson 2 JSON mapper, no
 * OpenTelemetry instrumentation). The client is thread-safe: create one per application and close it at shutdown
 * ({@code client._transport().close()} or {@link #close(ElasticsearchClient)}).
 */
public final class SearchClientFactory {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);
    /** Timeout of the health checks, in Elasticsearch time units. */
    public static final String HEALTH_TIMEOUT = "2s";

    private static final System.Logger LOG = System.getLogger(SearchClientFactory.class.getName());

    private SearchClientFactory() {
    }

    /**
     * A client for {@code url} (for example {@code http://127.0.0.1:9200}; several nodes separated by commas) with a
     * 2 s connect timeout and a 10 s socket timeout.
     */
    public static ElasticsearchClient create(String url) {
        return create(url, null, CONNECT_TIMEOUT, SOCKET_TIMEOUT);
    }

    /**
     * @param url            one or more node URLs separated by commas
     * @param apiKey         encoded Elasticsearch API key sent as {@code Authorization: ApiKey ...}, or {@code null}
     * @param connectTimeout TCP connect timeout
     * @param socketTimeout  time to wait for a response
     * @throws IllegalArgumentException when the URL is blank or not an http(s) URL
     */
    public static ElasticsearchClient create(String url, String apiKey, Duration connectTimeout,
                                             Duration socketTimeout) {
        List<URI> uris = parseUrls(url);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(socketTimeout, "socketTimeout");
        Rest5ClientBuilder builder = Rest5Client.builder(uris)
                .setConnectionConfigCallback(c -> c
                        .setConnectTimeout(Timeout.ofMilliseconds(connectTimeout.toMillis()))
                        .setSocketTimeout(Timeout.ofMilliseconds(socketTimeout.toMillis())))
                .setRequestConfigCallback(r -> r
                        .setConnectionRequestTimeout(Timeout.ofMilliseconds(connectTimeout.toMillis()))
                        .setResponseTimeout(Timeout.ofMilliseconds(socketTimeout.toMillis())));
        if (apiKey != null && !apiKey.isBlank()) {
            builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "ApiKey " + apiKey.strip())});
        }
        Rest5Client restClient = builder.build();
        Rest5ClientTransport transport = new Rest5ClientTransport(restClient, new JacksonJsonpMapper(),
                Rest5ClientOptions.of(null), NoopInstrumentation.INSTANCE);
        return new ElasticsearchClient(transport);
    }

    /**
     * True when the cluster answers its health API within {@value #HEALTH_TIMEOUT} with green or yellow. Never
     * throws. ({@code GET /} and {@code ping()} are not used: the development node answers them with 405.)
     */
    public static boolean isHealthy(ElasticsearchClient client) {
        try {
            HealthResponse health = client.cluster().health(h -> h.timeout(t -> t.time(HEALTH_TIMEOUT)));
            return health.status() == HealthStatus.Green || health.status() == HealthStatus.Yellow;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Elasticsearch health check failed: {0}", e.toString());
            return false;
        }
    }

    /** Closes the client's transport and its HTTP connections; never throws. */
    public static void close(ElasticsearchClient client) {
        if (client == null) {
            return;
        }
        try {
            client._transport().close();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing the Elasticsearch client failed: {0}", e.toString());
        }
    }

    static List<URI> parseUrls(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("Elasticsearch URL is blank: set chat.es.url (CHAT_ES_URL).");
        }
        List<URI> uris = new ArrayList<>();
        for (String part : url.split(",")) {
            String trimmed = part.strip();
            while (trimmed.endsWith("/")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
            if (trimmed.isEmpty()) {
                continue;
            }
            URI uri;
            try {
                uri = URI.create(trimmed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid Elasticsearch URL '" + trimmed + "': " + e.getMessage(), e);
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("Invalid Elasticsearch URL '" + trimmed
                        + "': expected http://host:port or https://host:port.");
            }
            uris.add(uri);
        }
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("Elasticsearch URL is blank: set chat.es.url (CHAT_ES_URL).");
        }
        return uris;
    }
}
