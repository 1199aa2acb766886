package com.chatplatform.api.media;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 adapter. Objects are private; clients read them through short-lived presigned GET URLs.
 * Works with Amazon S3 and any S3 API (S3Proxy in development) through configuration.
 */
@ApplicationScoped
public class MediaStorage {
    private static final Logger LOG = Logger.getLogger(MediaStorage.class.getName());

    @Inject
    @ConfigProperty(name = "chat.s3.endpoint")
    Optional<String> endpoint;
    @Inject
    @ConfigProperty(name = "chat.s3.region", defaultValue = "us-east-1")
    String region;
    @Inject
    @ConfigProperty(name = "chat.s3.bucket", defaultValue = "chat-media")
    String bucket;
    @Inject
    @ConfigProperty(name = "chat.s3.access-key")
    Optional<String> accessKey;
    @Inject
    @ConfigProperty(name = "chat.s3.secret-key")
    Optional<String> secretKey;
    @Inject
    @ConfigProperty(name = "chat.s3.path-style", defaultValue = "true")
    boolean pathStyle;
    @Inject
    @ConfigProperty(name = "chat.s3.create-bucket", defaultValue = "true")
    boolean createBucket;

    private S3Client s3;
    private S3Presigner presigner;
    private volatile boolean bucketReady;

    @PostConstruct
    void init() {
        AwsCredentialsProvider credentials = accessKey.isPresent() && secretKey.isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey.get(), secretKey.get()))
                : DefaultCredentialsProvider.builder().build();
        S3Configuration config = S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build();
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(3)).socketTimeout(Duration.ofSeconds(30)))
                .region(Region.of(region)).credentialsProvider(credentials).serviceConfiguration(config);
        var presign = S3Presigner.builder().region(Region.of(region)).credentialsProvider(credentials).serviceConfiguration(config);
        endpoint.filter(e -> !e.isBlank()).ifPresent(e -> {
            builder.endpointOverride(URI.create(e));
            presign.endpointOverride(URI.create(e));
        });
        s3 = builder.build();
        presigner = presign.build();
    }

    @PreDestroy
    void close() {
        s3.close();
        presigner.close();
    }

    public void put(String key, String contentType, byte[] bytes) {
        ensureBucket();
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).contentLength((long) bytes.length), RequestBody.fromBytes(bytes));
    }

    /** A URL the client PUTs the file to; the signature covers the content type. */
    public URL presignedPut(String key, String contentType, Duration ttl) {
        ensureBucket();
        return presigner.presignPutObject(p -> p.signatureDuration(ttl)
                .putObjectRequest(r -> r.bucket(bucket).key(key).contentType(contentType))).url();
    }

    /** A URL the client PUTs one part of a multipart upload to; S3 answers the part's ETag in a header. */
    public URL presignedUploadPart(String key, String uploadId, int partNumber, Duration ttl) {
        return presigner.presignUploadPart(p -> p.signatureDuration(ttl)
                .uploadPartRequest(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber))).url();
    }

    /** Moves an object to another key (server-side copy, then delete of the source). */
    public void move(String from, String to) {
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket).destinationKey(to));
        s3.deleteObject(b -> b.bucket(bucket).key(from));
    }

    /** The stored object's size, or empty when nothing was uploaded. */
    public Optional<Long> size(String key) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(bucket).key(key)).contentLength());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public byte[] read(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    public void delete(String key) {
        s3.deleteObject(b -> b.bucket(bucket).key(key));
    }

    /** An object deleted by {@link #deleteBatchUnder}: its key and size. */
    public record Removed(int objects, long bytes) {
    }

    /**
     * Deletes up to 1,000 objects whose key starts with {@code prefix} (one list and one multi-object delete
     * request); returns what was removed, (0, 0) when nothing is left. Idempotent: for tenant deletion, which
     * calls it until nothing is left.
     */
    public Removed deleteBatchUnder(String prefix) {
        if (prefix == null || !prefix.startsWith("tenants/") || !prefix.endsWith("/") || prefix.length() < 20) {
            throw new IllegalArgumentException("Only a tenant's folder (tenants/<id>/) can be emptied: " + prefix);
        }
        ensureBucket();
        var listed = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1000));
        if (listed.contents().isEmpty()) {
            return new Removed(0, 0);
        }
        var ids = listed.contents().stream()
                .map(o -> software.amazon.awssdk.services.s3.model.ObjectIdentifier.builder().key(o.key()).build()).toList();
        var deleted = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(ids).quiet(true)));
        if (deleted.hasErrors() && !deleted.errors().isEmpty()) {
            var first = deleted.errors().get(0);
            throw new IllegalStateException(deleted.errors().size() + " objects under " + prefix + " could not be deleted; first "
                    + first.key() + ": " + first.code() + " " + first.message());
        }
        long bytes = listed.contents().stream().mapToLong(o -> o.size() == null ? 0 : o.size()).sum();
        return new Removed(ids.size(), bytes);
    }

    /** How many objects there are under {@code prefix} (at most 1,000 counted). */
    public int countUnder(String prefix) {
        ensureBucket();
        return s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1000)).keyCount();
    }

    public URL presignedGet(String key, String fileName, Duration ttl) {
        return presigner.presignGetObject(p -> p.signatureDuration(ttl)
                .getObjectRequest(g -> g.bucket(bucket).key(key)
                        .responseContentDisposition("attachment; filename=\"" + fileName.replace("\"", "") + "\""))).url();
    }

    /** Starts a multipart upload (large objects written part by part, e.g. compliance exports); returns its upload id. */
    public String startMultipart(String key, String contentType) {
        ensureBucket();
        return s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType)).uploadId();
    }

    /** Uploads one part (1-10,000; every part but the last at least 5 MiB); returns its ETag. Re-uploading a number replaces it. */
    public String uploadPart(String key, String uploadId, int partNumber, byte[] bytes, int length) {
        return s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber).contentLength((long) length),
                RequestBody.fromInputStream(new java.io.ByteArrayInputStream(bytes, 0, length), length)).eTag();
    }

    /** Completes a multipart upload from its parts (part number to ETag, in order). */
    public void completeMultipart(String key, String uploadId, java.util.SortedMap<Integer, String> parts) {
        var completed = parts.entrySet().stream()
                .map(e -> software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(e.getKey()).eTag(e.getValue()).build())
                .toList();
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(completed)));
    }

    /** Abandons a multipart upload (its parts are removed); an upload that no longer exists is ignored. */
    public void abortMultipart(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
        }
    }

    /** Streams an object (the caller closes the stream). */
    public java.io.InputStream open(String key) {
        return s3.getObject(b -> b.bucket(bucket).key(key));
    }

    /** Readiness: the bucket answers. */
    public boolean isHealthy() {
        try {
            ensureBucket();
            s3.headBucket(b -> b.bucket(bucket));
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "S3 not healthy", e);
            return false;
        }
    }

    private void ensureBucket() {
        if (bucketReady) {
            return;
        }
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (S3Exception missing) {
            if (missing.statusCode() != 404 || !createBucket) {
                throw missing;
            }
            s3.createBucket(b -> b.bucket(bucket));
            LOG.info(() -> "Created bucket " + bucket);
        }
        bucketReady = true;
    }
}
