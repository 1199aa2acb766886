package com.chatplatform.api.compliance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An archive written in pieces (as the export writes it across batches) is a ZIP that java.util.zip reads back. */
class ZipWriterTest {
    @TempDir
    Path dir;

    @Test
    void piecesMakeAReadableArchive() throws Exception {
        byte[] json = "{\"text\":\"héllo\"}".repeat(1000).getBytes(StandardCharsets.UTF_8);
        byte[] random = new byte[100_000];
        new Random(7).nextBytes(random);
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        List<ZipWriter.Entry> entries = new ArrayList<>();
        // Two "parts" written separately, concatenated as S3 concatenates multipart parts.
        ByteArrayOutputStream part1 = new ByteArrayOutputStream();
        entries.add(ZipWriter.writeEntry(part1, 0, "users/alice/messages-000001.json", json, true));
        entries.add(ZipWriter.writeEntry(part1, part1.size(), "users/alice/attachments/1/photo.jpg", random, false));
        whole.writeBytes(part1.toByteArray());
        ByteArrayOutputStream part2 = new ByteArrayOutputStream();
        entries.add(ZipWriter.writeEntry(part2, whole.size(), "summary.txt", "Résumé".getBytes(StandardCharsets.UTF_8), true));
        long cdOffset = whole.size() + part2.size();
        entries.forEach(e -> ZipWriter.writeCentral(part2, e));
        ZipWriter.writeEnd(part2, entries.size(), cdOffset, whole.size() + part2.size() - cdOffset);
        whole.writeBytes(part2.toByteArray());

        Path file = dir.resolve("export.zip");
        Files.write(file, whole.toByteArray());
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertEquals(3, zip.size());
            assertArrayEquals(json, zip.getInputStream(zip.getEntry("users/alice/messages-000001.json")).readAllBytes());
            assertArrayEquals(random, zip.getInputStream(zip.getEntry("users/alice/attachments/1/photo.jpg")).readAllBytes());
            assertEquals("Résumé", new String(zip.getInputStream(zip.getEntry("summary.txt")).readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
