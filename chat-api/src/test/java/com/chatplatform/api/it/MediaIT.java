package com.chatplatform.api.it;

import static com.chatplatform.api.it.TestApi.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.chatplatform.api.media.TestImages;
import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Attachments through the direct-to-S3 flow, against the real S3 API (S3Proxy) and PostgreSQL. */
@ExtendWith({ChatServices.class, ArquillianExtension.class})
@RunAsClient
class MediaIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return FoundationIT.deployment();
    }

    @ArquillianResource
    URL url;

    TestApi api;
    TenantFixtures fixtures;

    @BeforeEach
    void client() {
        api = new TestApi(url);
        fixtures = new TenantFixtures(api);
    }

    record Upload(String id, URI putUrl, String contentType) {
    }

    Upload announce(String token, String conversation, String name, String type, long size, String sha256) {
        TestApi.Reply r = api.post("v1/conversations/" + conversation + "/attachments/uploads", token,
                sha256 == null ? json("fileName", name, "contentType", type, "size", size)
                        : json("fileName", name, "contentType", type, "size", size, "sha256", sha256));
        assertEquals(201, r.status(), () -> String.valueOf(r.body()));
        assertEquals("PUT", r.body().get("method").asText());
        assertEquals("pending", r.body().at("/attachment/status").asText());
        return new Upload(r.body().at("/attachment/id").asText(), URI.create(r.body().get("url").asText()), type);
    }

    int put(Upload upload, byte[] bytes) throws Exception {
        return http.send(HttpRequest.newBuilder(upload.putUrl()).header("Content-Type", upload.contentType())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    JsonNode awaitReady(String token, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            TestApi.Reply r = api.get("v1/attachments/" + id, token);
            if (r.status() == 200) {
                return r.body();
            }
            assertEquals("media.not_ready", r.code(), () -> String.valueOf(r.body()));
            Thread.sleep(200);
        }
        throw new AssertionError("attachment " + id + " not ready within 30 s");
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void photoUploadedToS3IsVerifiedStrippedOfGpsAndThumbnailed() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Media " + UUID.randomUUID());
        byte[] photo = TestImages.jpegWithExif(1024, 768);
        assertTrue(TestImages.contains(photo, "GPSLatitude"));
        Upload upload = announce(t.alice(), t.conversationId(), "holiday.jpg", "image/jpeg", photo.length, sha256(photo));

        // Completing before the bytes are there says so and changes nothing.
        assertEquals("media.upload_missing", api.post("v1/attachments/" + upload.id() + "/complete", t.alice(), json()).code());
        assertEquals(200, put(upload, photo));
        TestApi.Reply done = api.post("v1/attachments/" + upload.id() + "/complete", t.alice(), json());
        assertEquals(200, done.status(), () -> String.valueOf(done.body()));
        // Completing twice answers the same attachment.
        assertEquals(upload.id(), api.post("v1/attachments/" + upload.id() + "/complete", t.alice(), json()).body().get("id").asText());

        TestApi.Reply sent = api.post("v1/conversations/" + t.conversationId() + "/messages", t.alice(),
                json("clientId", "photo", "text", "look", "attachmentIds", java.util.List.of(upload.id())));
        assertEquals(200, sent.status(), () -> String.valueOf(sent.body()));

        JsonNode ready = awaitReady(t.bob(), upload.id());
        assertEquals(1024, ready.get("width").asInt());
        assertEquals(768, ready.get("height").asInt());
        byte[] served = api.fetch(URI.create(ready.get("url").asText())).body();
        assertFalse(TestImages.contains(served, "GPS"), "what other members download has no GPS position");
        assertFalse(TestImages.contains(served, "Exif"));
        assertEquals(1024, ImageIO.read(new ByteArrayInputStream(served)).getWidth());
        for (String size : new String[] {"128", "512"}) {
            byte[] thumb = api.fetch(URI.create(ready.at("/thumbnails/" + size).asText())).body();
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(thumb));
            assertEquals(Integer.parseInt(size), image.getWidth());
            assertFalse(TestImages.contains(thumb, "GPS"));
        }

        // Range requests work on the signed URL (video and audio players need them).
        HttpResponse<byte[]> range = http.send(HttpRequest.newBuilder(URI.create(ready.get("url").asText()))
                .header("Range", "bytes=0-9").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, range.statusCode());
        assertArrayEquals(Arrays.copyOf(served, 10), range.body());

        // Not a member, another tenant: not found.
        TenantFixtures.TenantFixture other = fixtures.newTenant("Media other " + UUID.randomUUID());
        assertEquals(404, api.get("v1/attachments/" + upload.id(), other.alice()).status());
        assertEquals(404, api.post("v1/attachments/" + upload.id() + "/complete", other.alice(), json()).status());
        assertEquals(404, api.post("v1/conversations/" + t.conversationId() + "/attachments/uploads", other.alice(),
                json("fileName", "x.png", "contentType", "image/png", "size", 10)).status());
    }

    @Test
    void uploadsThatDoNotMatchWhatWasAnnouncedAreRefusedAndRemoved() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Media refusals " + UUID.randomUUID());
        byte[] png = TestImages.pngWithText(64, 64);

        Upload truncated = announce(t.alice(), t.conversationId(), "a.png", "image/png", png.length, null);
        put(truncated, Arrays.copyOf(png, png.length / 2));
        assertEquals("media.size_mismatch", api.post("v1/attachments/" + truncated.id() + "/complete", t.alice(), json()).code());
        assertEquals("media.rejected", api.post("v1/attachments/" + truncated.id() + "/complete", t.alice(), json()).code());

        Upload wrongSum = announce(t.alice(), t.conversationId(), "b.png", "image/png", png.length, "0".repeat(64));
        put(wrongSum, png);
        assertEquals("media.checksum_mismatch", api.post("v1/attachments/" + wrongSum.id() + "/complete", t.alice(), json()).code());

        byte[] text = "definitely not an image, just text".getBytes();
        Upload lying = announce(t.alice(), t.conversationId(), "c.png", "image/png", text.length, null);
        put(lying, text);
        assertEquals("media.type_mismatch", api.post("v1/attachments/" + lying.id() + "/complete", t.alice(), json()).code());

        // A refused upload cannot be attached or downloaded.
        assertEquals("media.not_attachable", api.post("v1/conversations/" + t.conversationId() + "/messages", t.alice(),
                json("clientId", "x", "text", "x", "attachmentIds", java.util.List.of(lying.id()))).code());
        assertEquals("media.rejected", api.get("v1/attachments/" + lying.id(), t.alice()).code());
        // ... and each stays recorded as rejected.
        try (Connection c = ChatServices.postgres().connect("chat"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select status from attachment where id in ('" + truncated.id() + "','" + wrongSum.id()
                     + "','" + lying.id() + "')")) {
            int n = 0;
            while (rs.next()) {
                assertEquals("rejected", rs.getString(1));
                n++;
            }
            assertEquals(3, n);
        }

        // A decompression bomb passes the upload checks but is refused by processing, before decoding.
        byte[] bomb = TestImages.pngBomb();
        Upload bombUpload = announce(t.alice(), t.conversationId(), "bomb.png", "image/png", bomb.length, null);
        put(bombUpload, bomb);
        assertEquals(200, api.post("v1/attachments/" + bombUpload.id() + "/complete", t.alice(), json()).status());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        TestApi.Reply r;
        do {
            Thread.sleep(200);
            r = api.get("v1/attachments/" + bombUpload.id(), t.alice());
        } while ("media.not_ready".equals(r.code()) && System.nanoTime() < deadline);
        assertEquals("media.rejected", r.code());
        assertTrue(r.body().get("detail").asText().contains("100000x100000"), r.body().toString());

        // Bad announcements: empty, too large, path in the name, type not allowed.
        String path = "v1/conversations/" + t.conversationId() + "/attachments/uploads";
        assertEquals("media.empty", api.post(path, t.alice(), json("fileName", "e.png", "contentType", "image/png", "size", 0)).code());
        assertEquals("media.too_large", api.post(path, t.alice(), json("fileName", "e.png", "contentType", "image/png", "size", 1L << 40)).code());
        assertEquals("media.invalid_file_name", api.post(path, t.alice(), json("fileName", "../e.png", "contentType", "image/png", "size", 5)).code());
        assertEquals("media.type_not_allowed", api.post(path, t.alice(), json("fileName", "e.exe", "contentType", "application/x-msdownload", "size", 5)).code());
    }

    @Test
    void abandonedUploadsAreRemovedFromTheDatabaseAndS3() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Media cleanup " + UUID.randomUUID());
        byte[] png = TestImages.pngWithText(8, 8);
        Upload upload = announce(t.alice(), t.conversationId(), "left.png", "image/png", png.length, null);
        assertEquals(200, put(upload, png));
        try (Connection c = ChatServices.postgres().connect("chat"); Statement s = c.createStatement()) {
            s.executeUpdate("update attachment set created_at = now() - interval '2 hours' where id = '" + upload.id() + "'");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        boolean gone = false;
        while (!gone && System.nanoTime() < deadline) {
            Thread.sleep(500);
            try (Connection c = ChatServices.postgres().connect("chat"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from attachment where id = '" + upload.id() + "'")) {
                rs.next();
                gone = rs.getInt(1) == 0;
            }
        }
        assertTrue(gone, "the abandoned upload's row was removed");
        assertFalse(ChatServices.s3ObjectExists(upload.putUrl()), "its S3 object was removed");
    }
}
