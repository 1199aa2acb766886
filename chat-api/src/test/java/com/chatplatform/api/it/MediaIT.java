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
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Attachments through the direct-to-S3 flow, against the real S3 API (S3Proxy) and PostgreSQL. */
class MediaIT extends ApiTestBase {
    private final HttpClient http = HttpClient.newHttpClient();




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

    /** Polls GET /attachments/{id} while it answers media.not_ready; returns the last reply. */
    TestApi.Reply awaitSettled(String token, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        TestApi.Reply r;
        do {
            Thread.sleep(200);
            r = api.get("v1/attachments/" + id, token);
        } while ("media.not_ready".equals(r.code()) && System.nanoTime() < deadline);
        return r;
    }

    static String sql(String query) throws Exception {
        try (Connection c = ChatServices.postgres().connect("chat"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** An MP4 whose moov/mvhd says 12.345 s (timescale 1000), then a big mdat of random bytes. */
    static byte[] mp4(int mdatBytes) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(24 + 8 + 108 + 8 + mdatBytes);
        b.putInt(24).put("ftyp".getBytes()).put("isom".getBytes()).putInt(512).put("isom".getBytes()).put("mp41".getBytes());
        b.putInt(8 + 108).put("moov".getBytes());
        b.putInt(108).put("mvhd".getBytes()).putInt(0).putInt(0).putInt(0).putInt(1000).putInt(12_345);
        b.put(new byte[108 - 28]);
        b.putInt(8 + mdatBytes).put("mdat".getBytes());
        byte[] payload = new byte[mdatBytes];
        new java.util.Random(7).nextBytes(payload);
        b.put(payload);
        return b.array();
    }

    @Test
    void bigFileIsUploadedInPartsCompletedVerifiedScannedAndItsDurationRead() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Media multipart " + UUID.randomUUID());
        // The team plan allows 10 MiB files; this tenant's override allows 64 MiB.
        TestApi.Reply plan = api.put("v1/platform/tenants/" + t.tenantId() + "/plan", fixtures.adminToken(),
                json("plan", "team", "overrides", json("maxUploadBytes", 64L * 1024 * 1024)));
        assertEquals(200, plan.status(), () -> String.valueOf(plan.body()));
        byte[] video = mp4(12 * 1024 * 1024);
        String path = "v1/conversations/" + t.conversationId() + "/attachments/uploads";
        TestApi.Reply r = api.post(path, t.alice(), json("fileName", "clip.mp4", "contentType", "video/mp4", "size", video.length,
                "sha256", sha256(video)));
        assertEquals(201, r.status(), () -> String.valueOf(r.body()));
        String id = r.body().at("/attachment/id").asText();
        JsonNode multipart = r.body().get("multipart");
        assertTrue(r.body().path("url").isMissingNode() || r.body().get("url").isNull(), "no single PUT URL for a big file");
        int partSize = multipart.get("partSize").asInt();
        assertEquals(5 * 1024 * 1024, partSize, "the IT configures 5 MiB parts");
        assertEquals(3, multipart.get("parts").size(), "12 MiB in parts of 5 MiB");
        String completePath = "v1/attachments/" + id + "/complete";

        // Completing without parts, or with a bad list, says media.multipart_invalid and changes nothing.
        assertEquals("media.multipart_invalid", api.post(completePath, t.alice(), json()).code());
        java.util.List<java.util.Map<String, Object>> parts = new java.util.ArrayList<>();
        for (int n = 0; n < 3; n++) {
            JsonNode part = multipart.get("parts").get(n);
            assertEquals(n + 1, part.get("partNumber").asInt());
            byte[] bytes = Arrays.copyOfRange(video, n * partSize, Math.min(video.length, (n + 1) * partSize));
            HttpResponse<Void> put = http.send(HttpRequest.newBuilder(URI.create(part.get("url").asText()))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(200, put.statusCode(), "part " + (n + 1));
            String etag = put.headers().firstValue("ETag").orElseThrow();
            parts.add(java.util.Map.of("partNumber", n + 1, "etag", etag));
        }
        assertEquals("media.multipart_invalid", api.post(completePath, t.alice(), json("parts", parts.subList(0, 2))).code(), "a part missing");
        assertEquals("media.multipart_invalid", api.post(completePath, t.alice(),
                json("parts", java.util.List.of(parts.get(0), parts.get(0), parts.get(2)))).code(), "a part twice");
        assertEquals("media.multipart_invalid", api.post(completePath, t.alice(), json("parts", "nonsense")).code());
        java.util.List<java.util.Map<String, Object>> wrongEtag = new java.util.ArrayList<>(parts);
        wrongEtag.set(1, java.util.Map.of("partNumber", 2, "etag", "\"0123456789abcdef0123456789abcdef\""));
        assertEquals("media.multipart_invalid", api.post(completePath, t.alice(), json("parts", wrongEtag)).code(), "an ETag S3 did not answer");
        assertEquals("pending", sql("select status from attachment where id = '" + id + "'"));
        assertTrue(sql("select upload_id from attachment where id = '" + id + "'") != null, "the multipart upload is still open");

        TestApi.Reply done = api.post(completePath, t.alice(), json("parts", parts));
        assertEquals(200, done.status(), () -> String.valueOf(done.body()));
        assertEquals(video.length, done.body().get("size").asLong());
        JsonNode ready = awaitReady(t.alice(), id);
        assertEquals("clean", ready.get("scanStatus").asText(), "scanned by the real clamd before it became downloadable");
        assertEquals(12_345, ready.get("durationMs").asLong(), "read from the MP4 header (mvhd)");
        byte[] served = api.fetch(URI.create(ready.get("url").asText())).body();
        assertEquals(sha256(video), sha256(served), "S3 assembled the parts into the announced file");
        org.junit.jupiter.api.Assertions.assertNull(sql("select upload_id from attachment where id = '" + id + "'"));
    }

    @Test
    void multipartUploadWhosePartsDoNotAddUpIsAbortedAndRejected() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Media multipart short " + UUID.randomUUID());
        byte[] video = mp4(6 * 1024 * 1024);
        TestApi.Reply r = api.post("v1/conversations/" + t.conversationId() + "/attachments/uploads", t.alice(),
                json("fileName", "short.mp4", "contentType", "video/mp4", "size", video.length));
        assertEquals(201, r.status(), () -> String.valueOf(r.body()));
        String id = r.body().at("/attachment/id").asText();
        JsonNode urls = r.body().at("/multipart/parts");
        assertEquals(2, urls.size());
        java.util.List<java.util.Map<String, Object>> parts = new java.util.ArrayList<>();
        for (int n = 0; n < 2; n++) {
            // The second part is short: together they are not the announced size.
            byte[] bytes = Arrays.copyOfRange(video, n * 5 * 1024 * 1024, n == 0 ? 5 * 1024 * 1024 : 5 * 1024 * 1024 + 1000);
            HttpResponse<Void> put = http.send(HttpRequest.newBuilder(URI.create(urls.get(n).get("url").asText()))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(200, put.statusCode());
            parts.add(java.util.Map.of("partNumber", n + 1, "etag", put.headers().firstValue("ETag").orElseThrow()));
        }
        assertEquals("media.size_mismatch", api.post("v1/attachments/" + id + "/complete", t.alice(), json("parts", parts)).code());
        assertEquals("rejected", sql("select status from attachment where id = '" + id + "'"));
        assertEquals("media.rejected", api.get("v1/attachments/" + id, t.alice()).code());
        String key = sql("select storage_key from attachment where id = '" + id + "'");
        assertFalse(ChatServices.s3ObjectExists(URI.create("http://s3.invalid/chat-it/" + key)), "the refused file was removed");
    }

    @Test
    void infectedFilesAreQuarantinedAndNeverDownloadableCleanOnesAreScannedFirst() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Media scan " + UUID.randomUUID());
        byte[] clean = ("an ordinary note " + UUID.randomUUID()).getBytes();
        Upload ok = announce(t.alice(), t.conversationId(), "note.txt", "text/plain", clean.length, null);
        assertEquals(200, put(ok, clean));
        TestApi.Reply okDone = api.post("v1/attachments/" + ok.id() + "/complete", t.alice(), json());
        assertEquals(200, okDone.status(), () -> String.valueOf(okDone.body()));
        assertTrue(java.util.Set.of("scanning", "clean").contains(okDone.body().get("scanStatus").asText()), okDone.body().toString());
        JsonNode okReady = awaitReady(t.alice(), ok.id());
        assertEquals("clean", okReady.get("scanStatus").asText());

        byte[] infected = ("looks harmless\n" + ChatServices.clamd().marker() + "\nbut is not").getBytes();
        Upload bad = announce(t.alice(), t.conversationId(), "bad.txt", "text/plain", infected.length, null);
        assertEquals(200, put(bad, infected));
        TestApi.Reply badDone = api.post("v1/attachments/" + bad.id() + "/complete", t.alice(), json());
        assertEquals(200, badDone.status(), "verified (size, type, checksum); the scan comes next");
        // It may be attached while being scanned, but it is never served.
        TestApi.Reply sent = api.post("v1/conversations/" + t.conversationId() + "/messages", t.alice(),
                json("clientId", "scan", "text", "see", "attachmentIds", java.util.List.of(bad.id())));
        assertEquals(200, sent.status(), () -> String.valueOf(sent.body()));
        TestApi.Reply r = awaitSettled(t.bob(), bad.id());
        assertEquals(422, r.status(), () -> String.valueOf(r.body()));
        assertEquals("media.infected", r.code());
        assertTrue(r.body().get("detail").asText().contains(ClamdServer.SIGNATURE), r.body().toString());
        assertEquals("media.infected", api.get("v1/attachments/" + bad.id() + "/content", t.alice()).code());
        assertEquals("media.infected", api.post("v1/attachments/" + bad.id() + "/complete", t.alice(), json()).code());
        // The status is visible where the message is listed.
        JsonNode items = api.get("v1/conversations/" + t.conversationId() + "/messages?after=0", t.bob()).body().get("items");
        JsonNode shown = null;
        for (JsonNode m : items) {
            if (m.path("attachments").size() > 0 && bad.id().equals(m.get("attachments").get(0).get("id").asText())) {
                shown = m.get("attachments").get(0);
            }
        }
        assertEquals("infected", shown.get("scanStatus").asText());
        assertEquals("rejected", shown.get("status").asText());
        // Moved to the tenant's quarantine prefix: the original key is empty, the quarantined copy exists.
        String key = sql("select storage_key from attachment where id = '" + bad.id() + "'");
        assertTrue(key.startsWith("tenants/" + t.tenantId() + "/quarantine/"), key);
        assertFalse(ChatServices.s3ObjectExists(bad.putUrl()), "nothing left at the upload key");
        assertTrue(ChatServices.s3ObjectExists(URI.create("http://s3.invalid/chat-it/" + key)), "kept in quarantine");
        assertEquals("infected", sql("select scan_status from attachment where id = '" + bad.id() + "'"));
    }

    @Test
    void scansThatFailWhileTheScannerIsDownAreRetriedUntilItAnswers() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Media scan retry " + UUID.randomUUID());
        byte[] png = TestImages.pngWithText(32, 32);
        ChatServices.stopClamd();
        Upload upload;
        try {
            upload = announce(t.alice(), t.conversationId(), "later.png", "image/png", png.length, null);
            assertEquals(200, put(upload, png));
            assertEquals(200, api.post("v1/attachments/" + upload.id() + "/complete", t.alice(), json()).status());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!"scan_failed".equals(sql("select scan_status from attachment where id = '" + upload.id() + "'"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals("scan_failed", sql("select scan_status from attachment where id = '" + upload.id() + "'"));
            assertEquals("media.not_ready", api.get("v1/attachments/" + upload.id(), t.alice()).code(), "not served unscanned");
            assertTrue(Integer.parseInt(sql("select count(*) from outbox_event where kind = 'media.process' and aggregate_id = '"
                    + upload.id() + "'")) == 1, "kept in the outbox for a retry");
        } finally {
            ChatServices.startClamd();
        }
        JsonNode ready = awaitReady(t.alice(), upload.id());
        assertEquals("clean", ready.get("scanStatus").asText());
        assertEquals(32, ready.get("width").asInt(), "processed after the scan");
    }

    /**
     * ADR 0016: an outbox step that waits (here a virus scanner that accepts the file and never answers) holds no
     * transaction open meanwhile, so it does not hold back the search feed's horizon: a message sent while the scan
     * hangs is searchable before the scan ends. Claimed under a transaction held for the whole step (as before), the
     * message stayed out of the index until the scanner gave up.
     */
    @Test
    void aHungScanDoesNotHoldBackSearchIndexing() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Media hung scan " + UUID.randomUUID());
        byte[] png = TestImages.pngWithText(32, 32);
        int port = ChatServices.clamd().port();
        ChatServices.stopClamd();
        Upload upload;
        List<Socket> held = new CopyOnWriteArrayList<>();
        AtomicInteger ended = new AtomicInteger();
        try (ServerSocket tarpit = new ServerSocket()) {
            tarpit.setReuseAddress(true);
            tarpit.bind(new InetSocketAddress("127.0.0.1", port));
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = tarpit.accept();
                        held.add(s);
                        Thread reader = new Thread(() -> { // reads what the scanner streams, answers nothing
                            try (var in = s.getInputStream()) {
                                while (in.read(new byte[8192]) >= 0) {
                                    // discard
                                }
                            } catch (IOException closed) {
                                // closed by the test
                            }
                            ended.incrementAndGet();
                        });
                        reader.setDaemon(true);
                        reader.start();
                    }
                } catch (IOException closed) {
                    // the tarpit was closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            upload = announce(t.alice(), t.conversationId(), "hung.png", "image/png", png.length, null);
            assertEquals(200, put(upload, png));
            assertEquals(200, api.post("v1/attachments/" + upload.id() + "/complete", t.alice(), json()).status());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (held.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertFalse(held.isEmpty(), "the outbox step connected to the scanner");

            String word = "hung" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            TestApi.Reply sent = api.post("v1/conversations/" + t.conversationId() + "/messages", t.alice(),
                    json("clientId", "during-scan", "text", word + " sent while a scan hangs"));
            assertEquals(200, sent.status(), () -> String.valueOf(sent.body()));
            String messageId = sent.body().get("id").asText();
            deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            boolean found = false;
            while (!found && System.nanoTime() < deadline) {
                TestApi.Reply r = api.get("v1/search?q=" + word, t.alice());
                found = r.status() == 200 && r.body().get("items").size() == 1
                        && messageId.equals(r.body().get("items").get(0).get("messageId").asText());
                if (!found) {
                    Thread.sleep(250);
                }
            }
            assertTrue(found, "the message was indexed within 20 s while the scan hung");
            assertEquals(0, ended.get(), "the scan was still waiting for the scanner when the message was found");
            assertEquals("processing", sql("select status from attachment where id = '" + upload.id() + "'"));
        } finally {
            for (Socket s : held) {
                s.close();
            }
            ChatServices.startClamd();
        }
        // the hung scan fails when the scanner goes away, and the outbox retries it against the real one
        JsonNode ready = awaitReady(t.alice(), upload.id());
        assertEquals("clean", ready.get("scanStatus").asText());
    }

    @Test
    void shortLivedUploadAndDownloadUrlsExpireAtS3() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Media expiry " + UUID.randomUUID());
        byte[] text = ("expiring " + UUID.randomUUID()).getBytes();
        String path = "v1/conversations/" + t.conversationId() + "/attachments/uploads";
        assertEquals("media.invalid_expiry", api.post(path, t.alice(), json("fileName", "e.txt", "contentType", "text/plain",
                "size", text.length, "expiresInSeconds", 0)).code());
        assertEquals("media.invalid_expiry", api.post(path, t.alice(), json("fileName", "e.txt", "contentType", "text/plain",
                "size", text.length, "expiresInSeconds", 10_000_000)).code());

        TestApi.Reply shortPut = api.post(path, t.alice(), json("fileName", "e.txt", "contentType", "text/plain", "size", text.length,
                "expiresInSeconds", 1));
        assertEquals(201, shortPut.status(), () -> String.valueOf(shortPut.body()));
        Upload expired = new Upload(shortPut.body().at("/attachment/id").asText(), URI.create(shortPut.body().get("url").asText()), "text/plain");
        Thread.sleep(2500);
        assertEquals(403, put(expired, text), "S3 refuses an expired presigned PUT");
        assertFalse(ChatServices.s3ObjectExists(expired.putUrl()));

        Upload upload = announce(t.alice(), t.conversationId(), "e.txt", "text/plain", text.length, null);
        assertEquals(200, put(upload, text));
        assertEquals(200, api.post("v1/attachments/" + upload.id() + "/complete", t.alice(), json()).status());
        awaitReady(t.alice(), upload.id());
        assertEquals("media.invalid_expiry", api.get("v1/attachments/" + upload.id() + "?expiresInSeconds=0", t.alice()).code());
        TestApi.Reply shortGet = api.get("v1/attachments/" + upload.id() + "?expiresInSeconds=1", t.alice());
        assertEquals(200, shortGet.status(), () -> String.valueOf(shortGet.body()));
        URI url = URI.create(shortGet.body().get("url").asText());
        assertTrue(url.getQuery().contains("X-Amz-Expires=1"), url.toString());
        Thread.sleep(2500);
        HttpResponse<byte[]> late = api.fetch(url);
        assertEquals(403, late.statusCode(), "S3 refuses an expired presigned GET");
        // A fresh default URL still works.
        assertArrayEquals(text, api.fetch(URI.create(api.get("v1/attachments/" + upload.id(), t.alice()).body().get("url").asText())).body());
    }

    @Test
    void hardDeletionRemovesTheFileItsThumbnailsAndAQuarantinedFileFromS3AndGivesTheStorageBack() throws Exception {
        TenantFixtures.TenantFixture t = fixtures.newTenant("Media lifecycle " + UUID.randomUUID());
        assertEquals(0, api.get("v1/usage", t.apiKey()).body().get("storageBytes").asLong());
        byte[] photo = TestImages.jpegWithExif(800, 600);
        Upload upload = announce(t.alice(), t.conversationId(), "p.jpg", "image/jpeg", photo.length, null);
        assertEquals(200, put(upload, photo));
        assertEquals(200, api.post("v1/attachments/" + upload.id() + "/complete", t.alice(), json()).status());
        TestApi.Reply withPhoto = api.post("v1/conversations/" + t.conversationId() + "/messages", t.alice(),
                json("clientId", "p", "text", "photo", "attachmentIds", java.util.List.of(upload.id())));
        assertEquals(200, withPhoto.status(), () -> String.valueOf(withPhoto.body()));
        awaitReady(t.alice(), upload.id());

        byte[] infected = ("x " + ChatServices.clamd().marker()).getBytes();
        Upload bad = announce(t.alice(), t.conversationId(), "v.txt", "text/plain", infected.length, null);
        assertEquals(200, put(bad, infected));
        assertEquals(200, api.post("v1/attachments/" + bad.id() + "/complete", t.alice(), json()).status());
        TestApi.Reply withBad = api.post("v1/conversations/" + t.conversationId() + "/messages", t.alice(),
                json("clientId", "v", "text", "virus", "attachmentIds", java.util.List.of(bad.id())));
        assertEquals(200, withBad.status(), () -> String.valueOf(withBad.body()));
        assertEquals("media.infected", awaitSettled(t.alice(), bad.id()).code());

        java.util.List<URI> objects = new java.util.ArrayList<>();
        objects.add(URI.create("http://s3.invalid/chat-it/" + sql("select storage_key from attachment where id = '" + upload.id() + "'")));
        for (String entry : sql("select thumbnail_keys from attachment where id = '" + upload.id() + "'").split(",")) {
            objects.add(URI.create("http://s3.invalid/chat-it/" + entry.split("=", 2)[1]));
        }
        objects.add(URI.create("http://s3.invalid/chat-it/" + sql("select storage_key from attachment where id = '" + bad.id() + "'")));
        assertEquals(4, objects.size(), "the photo, its two thumbnails and the quarantined file");
        for (URI o : objects) {
            assertTrue(ChatServices.s3ObjectExists(o), o.toString());
        }
        long charged = api.get("v1/usage", t.apiKey()).body().get("storageBytes").asLong();
        assertTrue(charged > 0, "the photo and its thumbnails are charged (the infected file was given back)");

        for (TestApi.Reply message : new TestApi.Reply[] {withPhoto, withBad}) {
            TestApi.Reply deleted = api.post("v1/admin/conversations/" + t.conversationId() + "/messages/" + message.body().get("id").asText()
                    + "/hard-delete", t.apiKey(), json("reason", "lifecycle test"));
            assertEquals(200, deleted.status(), () -> String.valueOf(deleted.body()));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (objects.stream().anyMatch(ChatServices::s3ObjectExists) && System.nanoTime() < deadline) {
            Thread.sleep(300);
        }
        for (URI o : objects) {
            assertFalse(ChatServices.s3ObjectExists(o), "removed from S3: " + o);
        }
        while (api.get("v1/usage", t.apiKey()).body().get("storageBytes").asLong() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(300);
        }
        assertEquals(0, api.get("v1/usage", t.apiKey()).body().get("storageBytes").asLong(), "the storage counter went back down");
        assertEquals("0", sql("select count(*) from attachment where id in ('" + upload.id() + "','" + bad.id() + "')"));
    }
}
