package com.chatplatform.api.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageProcessorTest {

    @Test
    void jpegLosesExifAndGpsButStillDecodes() throws Exception {
        byte[] original = TestImages.jpegWithExif(640, 480);
        assertTrue(TestImages.contains(original, "GPSLatitude"));
        ImageProcessor.Result r = ImageProcessor.process(original, "image/jpeg");
        assertFalse(TestImages.contains(r.stripped(), "Exif"));
        assertFalse(TestImages.contains(r.stripped(), "GPS"));
        assertEquals(640, r.width());
        assertEquals(480, r.height());
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(r.stripped()));
        assertEquals(640, decoded.getWidth());
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(r.thumbnails().get(128)));
        assertEquals(128, small.getWidth());
        assertEquals(96, small.getHeight());
        assertFalse(TestImages.contains(r.thumbnails().get(128), "Exif"));
        assertNotNull(r.thumbnails().get(512));
    }

    @Test
    void pngLosesTextChunks() throws Exception {
        byte[] original = TestImages.pngWithText(300, 200);
        ImageProcessor.Result r = ImageProcessor.process(original, "image/png");
        assertFalse(TestImages.contains(r.stripped(), "GPS"));
        assertEquals(300, ImageIO.read(new ByteArrayInputStream(r.stripped())).getWidth());
    }

    @Test
    void smallImagesAreNotEnlarged() throws Exception {
        ImageProcessor.Result r = ImageProcessor.process(TestImages.pngWithText(20, 10), "image/png");
        assertEquals(20, ImageIO.read(new ByteArrayInputStream(r.thumbnails().get(512))).getWidth());
    }

    @Test
    void decompressionBombIsRefusedFromItsHeader() throws Exception {
        ImageProcessor.Rejected e = assertThrows(ImageProcessor.Rejected.class, () -> ImageProcessor.process(TestImages.pngBomb(), "image/png"));
        assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
    }

    @Test
    void corruptFilesAreRefused() {
        assertThrows(ImageProcessor.Rejected.class, () -> ImageProcessor.process(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3}, "image/jpeg"));
    }

    @Test
    void webpLosesExifAndXmpChunks() throws Exception {
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        chunks.write(TestImages.webpChunk("VP8X", new byte[] {0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        chunks.write(TestImages.webpChunk("EXIF", "GPS 48.8584".getBytes(StandardCharsets.US_ASCII)));
        chunks.write(TestImages.webpChunk("XMP ", "<x:GPS/>".getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer file = ByteBuffer.allocate(12 + chunks.size()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        file.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + chunks.size()).put("WEBP".getBytes(StandardCharsets.US_ASCII)).put(chunks.toByteArray());
        byte[] stripped = ImageProcessor.stripWebp(file.array());
        assertFalse(TestImages.contains(stripped, "GPS"));
        assertEquals(0, stripped[20] & 0x0C, "EXIF and XMP flags cleared");
        assertEquals(stripped.length - 8, ByteBuffer.wrap(stripped, 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt());
        assertArrayEquals("VP8X".getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOfRange(stripped, 12, 16));
    }

}
