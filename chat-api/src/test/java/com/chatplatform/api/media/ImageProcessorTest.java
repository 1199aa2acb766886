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

/** Test images are made here; "GPS" and "Exif" markers stand for the metadata that must disappear. */
class ImageProcessorTest {

    static byte[] jpegWithExif(int w, int h) throws Exception {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "jpeg", plain);
        byte[] jpeg = plain.toByteArray();
        byte[] payload = "Exif\0\0MM\0*GPSLatitude=48.8584;GPSLongitude=2.2945".getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write((payload.length + 2) >> 8);
        out.write((payload.length + 2) & 0xFF);
        out.write(payload);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    static byte[] pngWithText(int w, int h) throws Exception {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", plain);
        byte[] png = plain.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, 33); // signature + IHDR
        out.write(chunk("tEXt", "Comment\0GPS 48.8584 2.2945".getBytes(StandardCharsets.ISO_8859_1)));
        out.write(png, 33, png.length - 33);
        return out.toByteArray();
    }

    static byte[] chunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length);
        b.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
        CRC32 crc = new CRC32();
        crc.update(type.getBytes(StandardCharsets.US_ASCII));
        crc.update(data);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** A PNG whose header claims 100,000 x 100,000 pixels (a decompression bomb's shape). */
    static byte[] pngBomb() throws Exception {
        byte[] png = pngWithText(1, 1);
        ByteBuffer.wrap(png, 16, 8).putInt(100_000).putInt(100_000);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        ByteBuffer.wrap(png, 29, 4).putInt((int) crc.getValue());
        return png;
    }

    static boolean contains(byte[] data, String text) {
        return new String(data, StandardCharsets.ISO_8859_1).contains(text);
    }

    @Test
    void jpegLosesExifAndGpsButStillDecodes() throws Exception {
        byte[] original = jpegWithExif(640, 480);
        assertTrue(contains(original, "GPSLatitude"));
        ImageProcessor.Result r = ImageProcessor.process(original, "image/jpeg");
        assertFalse(contains(r.stripped(), "Exif"));
        assertFalse(contains(r.stripped(), "GPS"));
        assertEquals(640, r.width());
        assertEquals(480, r.height());
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(r.stripped()));
        assertEquals(640, decoded.getWidth());
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(r.thumbnails().get(128)));
        assertEquals(128, small.getWidth());
        assertEquals(96, small.getHeight());
        assertFalse(contains(r.thumbnails().get(128), "Exif"));
        assertNotNull(r.thumbnails().get(512));
    }

    @Test
    void pngLosesTextChunks() throws Exception {
        byte[] original = pngWithText(300, 200);
        ImageProcessor.Result r = ImageProcessor.process(original, "image/png");
        assertFalse(contains(r.stripped(), "GPS"));
        assertEquals(300, ImageIO.read(new ByteArrayInputStream(r.stripped())).getWidth());
    }

    @Test
    void smallImagesAreNotEnlarged() throws Exception {
        ImageProcessor.Result r = ImageProcessor.process(pngWithText(20, 10), "image/png");
        assertEquals(20, ImageIO.read(new ByteArrayInputStream(r.thumbnails().get(512))).getWidth());
    }

    @Test
    void decompressionBombIsRefusedFromItsHeader() throws Exception {
        ImageProcessor.Rejected e = assertThrows(ImageProcessor.Rejected.class, () -> ImageProcessor.process(pngBomb(), "image/png"));
        assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
    }

    @Test
    void corruptFilesAreRefused() {
        assertThrows(ImageProcessor.Rejected.class, () -> ImageProcessor.process(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3}, "image/jpeg"));
    }

    @Test
    void webpLosesExifAndXmpChunks() throws Exception {
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        chunks.write(webpChunk("VP8X", new byte[] {0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        chunks.write(webpChunk("EXIF", "GPS 48.8584".getBytes(StandardCharsets.US_ASCII)));
        chunks.write(webpChunk("XMP ", "<x:GPS/>".getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer file = ByteBuffer.allocate(12 + chunks.size()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        file.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + chunks.size()).put("WEBP".getBytes(StandardCharsets.US_ASCII)).put(chunks.toByteArray());
        byte[] stripped = ImageProcessor.stripWebp(file.array());
        assertFalse(contains(stripped, "GPS"));
        assertEquals(0, stripped[20] & 0x0C, "EXIF and XMP flags cleared");
        assertEquals(stripped.length - 8, ByteBuffer.wrap(stripped, 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt());
        assertArrayEquals("VP8X".getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOfRange(stripped, 12, 16));
    }

    static byte[] webpChunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(type.getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
        return b.array();
    }
}
