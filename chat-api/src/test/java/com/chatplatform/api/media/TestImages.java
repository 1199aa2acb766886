package com.chatplatform.api.media;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Test images made on the fly; "GPS" and "Exif" markers stand for the metadata that must disappear. */
public final class TestImages {
    private TestImages() {
    }

    public static byte[] jpegWithExif(int w, int h) throws Exception {
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

    public static byte[] pngWithText(int w, int h) throws Exception {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", plain);
        byte[] png = plain.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, 33); // signature + IHDR
        out.write(chunk("tEXt", "Comment\0GPS 48.8584 2.2945".getBytes(StandardCharsets.ISO_8859_1)));
        out.write(png, 33, png.length - 33);
        return out.toByteArray();
    }

    public static byte[] chunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length);
        b.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
        CRC32 crc = new CRC32();
        crc.update(type.getBytes(StandardCharsets.US_ASCII));
        crc.update(data);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** A PNG whose header claims 100,000 x 100,000 pixels (a decompression bomb's shape). */
    public static byte[] pngBomb() throws Exception {
        byte[] png = pngWithText(1, 1);
        ByteBuffer.wrap(png, 16, 8).putInt(100_000).putInt(100_000);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        ByteBuffer.wrap(png, 29, 4).putInt((int) crc.getValue());
        return png;
    }

    public static boolean contains(byte[] data, String text) {
        return new String(data, StandardCharsets.ISO_8859_1).contains(text);
    }

    public static byte[] webpChunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(type.getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
        return b.array();
    }
}
