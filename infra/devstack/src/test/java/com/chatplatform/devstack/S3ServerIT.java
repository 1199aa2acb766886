package com.chatplatform.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class S3ServerIT {

    @TempDir
    Path tmp;

    private static S3Client client(S3Server s3, String access, String secret) {
        return S3Client.builder()
                .endpointOverride(s3.endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(access, secret)))
                .build();
    }

    @Test
    void putAndGetAnObjectThatLandsOnDisk() throws Exception {
        Path data = tmp.resolve("s3");
        try (S3Server s3 = S3Server.start(data, Ports.freePort(), "TESTACCESSKEY", "test-secret-key-0123456789");
             S3Client client = client(s3, "TESTACCESSKEY", "test-secret-key-0123456789")) {
            client.createBucket(b -> b.bucket("media"));
            client.putObject(p -> p.bucket("media").key("t1/hello.txt"),
                    RequestBody.fromString("hello S3", StandardCharsets.UTF_8));
            String body = client.getObjectAsBytes(g -> g.bucket("media").key("t1/hello.txt"))
                    .asString(StandardCharsets.UTF_8);
            assertEquals("hello S3", body);
            assertTrue(Files.isDirectory(data.resolve("media")), "objects live under the data folder");
        }
    }

    @Test
    void rejectsAWrongSecret() throws Exception {
        try (S3Server s3 = S3Server.start(tmp.resolve("s3"), Ports.freePort(), "TESTACCESSKEY", "right-secret");
             S3Client client = client(s3, "TESTACCESSKEY", "wrong-secret")) {
            S3Exception e = assertThrows(S3Exception.class, () -> client.listBuckets());
            assertEquals(403, e.statusCode());
        }
    }
}
