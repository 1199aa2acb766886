package com.chatplatform.devstack;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;

/**
 * An S3-compatible server (S3Proxy, filesystem backend) in this JVM, for development and tests.
 *
 * <p>Objects live under {@code dataDir} (one folder per bucket) and survive restarts. Requests must be
 * signed (AWS signature V2 or V4) with the given access and secret key. The endpoint is
 * {@code http://127.0.0.1:PORT}; clients use path-style addressing.
 */
public final class S3Server implements AutoCloseable {

    private final S3Proxy proxy;
    private final URI endpoint;
    private final Path dataDir;
    private volatile boolean closed;

    private S3Server(S3Proxy proxy, URI endpoint, Path dataDir) {
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.dataDir = dataDir;
    }

    /**
     * Starts S3Proxy on 127.0.0.1:{@code port} storing objects in {@code dataDir}.
     *
     * @throws IllegalStateException with a one-sentence message when the port is taken or it does not start
     */
    public static S3Server start(Path dataDir, int port, String accessKey, String secretKey) throws IOException {
        Objects.requireNonNull(dataDir, "dataDir");
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("S3 access key and secret key must not be blank.");
        }
        if (!Ports.isFree(port)) {
            throw new IllegalStateException("S3 store cannot start: port " + port + " is already in use.");
        }
        Path dir = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", dir.toString());
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(BlobStores.create("filesystem", props))
                .endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline || "FAILED".equals(proxy.getState())) {
                    throw new IllegalStateException("state " + proxy.getState());
                }
                Thread.sleep(20);
            }
        } catch (Exception e) {
            try {
                proxy.stop();
            } catch (Exception ignored) {
                // already failed
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("S3 store did not start on port " + port + ": "
                    + PostgresServer.rootMessage(e), e);
        }
        return new S3Server(proxy, endpoint, dir);
    }

    /** {@code http://127.0.0.1:PORT} */
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    public Path dataDirectory() {
        return dataDir;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3 store did not stop cleanly: " + PostgresServer.rootMessage(e), e);
        }
    }

    @Override
    public String toString() {
        return "S3 store at " + endpoint + " (data " + dataDir + ")";
    }
}
