package com.chatplatform.api.it;

import com.chatplatform.devstack.ElasticsearchNode;
import com.chatplatform.devstack.PostgresServer;
import com.chatplatform.devstack.S3Server;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the real PostgreSQL, Elasticsearch and S3-compatible store once per test JVM, on the ports the
 * build reserved and passed to the Payara Micro JVM as CHAT_DB_URL, CHAT_ES_URL and CHAT_S3_ENDPOINT.
 * Register it before ArquillianExtension so the services are up before the server starts.
 *
 * <p>The black-box API tests (ApiTestBase) also share one Payara Micro serving the built WAR at /api, started
 * on first use ({@link #api()}): a server start costs 40-140 s on the CI machine, once per test JVM instead of
 * once per class. {@link #crashApi()} kills it (the next {@link #api()} starts it again on the same port and
 * data), for the tests that prove work survives a crash.
 */
public final class ChatServices implements BeforeAllCallback {
    static final String SERVICE_ROLE = com.chatplatform.devstack.DevStack.SERVICE_ROLE;
    private static PostgresServer postgres;
    private static S3Server s3;
    private static ElasticsearchNode elasticsearch;
    private static ClamdServer clamd;
    private static com.chatplatform.devstack.PayaraMicroProcess api;
    private static int apiPort;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        startOnce();
    }

    private static synchronized void startOnce() throws IOException, InterruptedException {
        if (postgres != null) {
            return;
        }
        Path dir = Path.of(System.getProperty("chat.it.dir", "target/it-services"));
        postgres = PostgresServer.start(dir.resolve("postgres"), port("chat.it.db.port"));
        postgres.createDatabaseIfMissing("chat");
        // The API connects as a plain role (row-level security applies to it) with a password made for this
        // run; arquillian.xml hands it to the Payara JVM as -Dchat.db.password. The superuser only migrates.
        String password = com.chatplatform.devstack.DevStack.randomString(32, "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789");
        postgres.ensureServiceRole("chat", SERVICE_ROLE, password);
        System.setProperty("chat.it.db.service-password", password);
        s3 = S3Server.start(dir.resolve("s3"), port("chat.it.s3.port"), "it-fixture-access", "it-fixture-secret");
        startElasticsearch();
        // The malware scanner the API is configured with (CHAT_MEDIA_CLAMD_HOST/PORT in the failsafe environment).
        clamd = ClamdServer.start(dir.resolve("clamd"), port("chat.it.clamd.port"), Duration.ofMinutes(2));
        Runtime.getRuntime().addShutdownHook(new Thread(ChatServices::stopAll, "chat-it-services-stop"));
    }

    /** Starts (or restarts, on the same data and port) the Elasticsearch node. */
    public static synchronized void startElasticsearch() throws IOException, InterruptedException {
        Path dir = Path.of(System.getProperty("chat.it.dir", "target/it-services"));
        elasticsearch = ElasticsearchNode.start(Path.of(System.getProperty("chat.es.home")), dir.resolve("elasticsearch"),
                port("chat.it.es.port"), Duration.ofMinutes(3));
    }

    /** The Elasticsearch node's base URL (http://127.0.0.1:port). */
    public static synchronized String elasticsearchUrl() {
        return elasticsearch.url();
    }

    public static synchronized void stopElasticsearch() {
        elasticsearch.stop();
    }

    /** Whether the object behind a path-style S3 URL (http://host:port/bucket/key?...) exists, asked with the fixture's credentials. */
    public static boolean s3ObjectExists(java.net.URI objectUrl) {
        String[] parts = objectUrl.getPath().substring(1).split("/", 2);
        try (var client = software.amazon.awssdk.services.s3.S3Client.builder()
                .endpointOverride(s3.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .forcePathStyle(true)
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("it-fixture-access", "it-fixture-secret")))
                .build()) {
            client.headObject(b -> b.bucket(parts[0]).key(parts[1]));
            return true;
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** The shared API server's base URL (ending in /api/), started on first use with the environment failsafe gives this JVM. */
    public static synchronized java.net.URL api() throws IOException {
        if (api == null) {
            if (apiPort == 0) {
                apiPort = com.chatplatform.devstack.Ports.freePort();
            }
            startApi();
        }
        return java.net.URI.create("http://127.0.0.1:" + apiPort + "/api/").toURL();
    }

    /** Kills the shared API server without warning (SIGKILL), as a crash would; {@link #api()} starts it again. */
    public static synchronized void crashApi() throws IOException, InterruptedException {
        api();
        api.crash();
        api = null;
    }

    private static void startApi() throws IOException {
        api = startNode("api", apiPort, java.util.List.of("--nocluster"));
    }

    /**
     * Starts one more API node on the shared services, with its own port, folder and log, for the tests that need
     * several nodes; {@code clusterArgs} replace {@code --nocluster}. The caller closes it.
     */
    public static com.chatplatform.devstack.PayaraMicroProcess startNode(String name, int httpPort, java.util.List<String> clusterArgs)
            throws IOException {
        return startNode(name, httpPort, clusterArgs, java.util.List.of());
    }

    /** {@link #startNode(String, int, java.util.List)} with more JVM arguments (e.g. Hazelcast's failure detector settings). */
    public static com.chatplatform.devstack.PayaraMicroProcess startNode(String name, int httpPort, java.util.List<String> clusterArgs,
                                                                         java.util.List<String> extraJvmArgs) throws IOException {
        Path dir = Path.of(System.getProperty("chat.it.dir", "target/it-services"));
        java.util.List<String> jvm = new java.util.ArrayList<>(com.chatplatform.devstack.PayaraMicroProcess.DEFAULT_JVM_ARGS);
        jvm.add("-Dchat.db.password=" + System.getProperty("chat.it.db.service-password"));
        jvm.addAll(extraJvmArgs);
        return com.chatplatform.devstack.PayaraMicroProcess.start(Path.of(System.getProperty("payara.microJar")),
                java.util.List.of(new com.chatplatform.devstack.Deployment(Path.of(System.getProperty("chat.it.war")), "/api")),
                httpPort, java.util.Map.of(), dir.resolve("payara-" + name), dir.resolve("payara-" + name + ".log"),
                Duration.ofMinutes(5), jvm, clusterArgs);
    }

    /** The test clamd: files containing its marker are reported infected. */
    public static ClamdServer clamd() {
        return clamd;
    }

    /** Stops the test clamd (the API's scans then fail and are retried) or starts it again on the same port. */
    public static synchronized void stopClamd() throws InterruptedException {
        clamd.close();
    }

    public static synchronized void startClamd() throws IOException, InterruptedException {
        Path dir = Path.of(System.getProperty("chat.it.dir", "target/it-services"));
        clamd = ClamdServer.start(dir.resolve("clamd"), port("chat.it.clamd.port"), Duration.ofMinutes(2));
    }

    public static PostgresServer postgres() {
        return postgres;
    }

    private static int port(String property) {
        return Integer.parseInt(System.getProperty(property));
    }

    private static void stopAll() {
        for (AutoCloseable c : new AutoCloseable[] {api, clamd, elasticsearch, s3, postgres}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                System.err.println("Stopping " + c + " failed: " + e);
            }
        }
    }
}
