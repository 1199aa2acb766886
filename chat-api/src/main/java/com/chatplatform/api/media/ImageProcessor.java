package com.chatplatform.api.media;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Image work done off the request path: dimensions (read from the header, before any decoding, so a
 * decompression bomb is refused without allocating it), metadata removal (EXIF, GPS, XMP, IPTC,
 * comments) from the bytes other users download, and JPEG thumbnails (which carry no metadata).
 */
public final class ImageProcessor {
    /** Larger images are refused: decoding 50 megapixels takes 200 MB of heap. */
    public static final long MAX_PIXELS = 50_000_000L;
    public static final int[] THUMBNAIL_SIZES = {128, 512};

    private ImageProcessor() {
    }

    public record Result(byte[] stripped, Integer width, Integer height, Map<Integer, byte[]> thumbnails) {
    }

    public static final class Rejected extends Exception {
        public Rejected(String reason) {
            super(reason);
        }
    }

    public static Result process(byte[] bytes, String contentType) throws Rejected {
        byte[] stripped = switch (contentType) {
            case "image/jpeg" -> stripJpeg(bytes);
            case "image/png" -> stripPng(bytes);
            case "image/webp" -> stripWebp(bytes);
            default -> bytes;
        };
        Optional<int[]> size = dimensions(stripped);
        if (size.isEmpty()) {
            // No Java reader for this format (WebP): metadata is stripped, no dimensions or thumbnails.
            return new Result(stripped, null, null, Map.of());
        }
        int w = size.get()[0];
        int h = size.get()[1];
        if ((long) w * h > MAX_PIXELS || w <= 0 || h <= 0) {
            throw new Rejected("The image is " + w + "x" + h + " pixels; at most " + MAX_PIXELS + " pixels are accepted.");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(stripped));
        } catch (IOException | RuntimeException e) {
            throw new Rejected("The image cannot be decoded: " + e.getMessage());
        }
        if (image == null) {
            throw new Rejected("The image cannot be decoded.");
        }
        Map<Integer, byte[]> thumbnails = new LinkedHashMap<>();
        for (int target : THUMBNAIL_SIZES) {
            thumbnails.put(target, jpeg(scale(image, target)));
        }
        return new Result(stripped, w, h, thumbnails);
    }

    static Optional<int[]> dimensions(byte[] bytes) throws Rejected {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return Optional.of(new int[] {reader.getWidth(0), reader.getHeight(0)});
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new Rejected("The image header cannot be read: " + e.getMessage());
        }
    }

    private static BufferedImage scale(BufferedImage image, int target) {
        double factor = Math.min(1.0, (double) target / Math.max(image.getWidth(), image.getHeight()));
        int w = Math.max(1, (int) Math.round(image.getWidth() * factor));
        int h = Math.max(1, (int) Math.round(image.getHeight() * factor));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, w, h, java.awt.Color.WHITE, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.85f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Drops APP1..APP15 (EXIF, XMP, IPTC, ...) except an ICC profile in APP2, and comments. */
    static byte[] stripJpeg(byte[] in) throws Rejected {
        if (in.length < 4 || (in[0] & 0xFF) != 0xFF || (in[1] & 0xFF) != 0xD8) {
            throw new Rejected("Not a JPEG file.");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        out.write(in, 0, 2);
        int i = 2;
        while (i + 4 <= in.length) {
            if ((in[i] & 0xFF) != 0xFF) {
                throw new Rejected("Corrupt JPEG: expected a marker at byte " + i + ".");
            }
            int marker = in[i + 1] & 0xFF;
            if (marker == 0xDA) { // start of scan: the rest is image data
                out.write(in, i, in.length - i);
                return out.toByteArray();
            }
            int length = ((in[i + 2] & 0xFF) << 8) | (in[i + 3] & 0xFF);
            if (length < 2 || i + 2 + length > in.length) {
                throw new Rejected("Corrupt JPEG: a segment runs past the end of the file.");
            }
            boolean app = marker >= 0xE1 && marker <= 0xEF;
            boolean icc = marker == 0xE2 && startsWith(in, i + 4, "ICC_PROFILE");
            if ((app && !icc) || marker == 0xFE) {
                i += 2 + length;
                continue;
            }
            out.write(in, i, 2 + length);
            i += 2 + length;
        }
        throw new Rejected("Corrupt JPEG: no image data.");
    }

    private static final Set<String> PNG_DROPPED = Set.of("eXIf", "tEXt", "zTXt", "iTXt", "tIME");

    /** Drops PNG chunks that carry metadata (eXIf, text chunks, time). */
    static byte[] stripPng(byte[] in) throws Rejected {
        if (in.length < 8 || !startsWith(in, 1, "PNG")) {
            throw new Rejected("Not a PNG file.");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        out.write(in, 0, 8);
        int i = 8;
        while (i + 12 <= in.length) {
            int length = ByteBuffer.wrap(in, i, 4).getInt();
            if (length < 0 || i + 12L + length > in.length) {
                throw new Rejected("Corrupt PNG: a chunk runs past the end of the file.");
            }
            String type = new String(in, i + 4, 4, StandardCharsets.US_ASCII);
            if (!PNG_DROPPED.contains(type)) {
                out.write(in, i, 12 + length);
            }
            i += 12 + length;
            if (type.equals("IEND")) {
                return out.toByteArray();
            }
        }
        throw new Rejected("Corrupt PNG: no IEND chunk.");
    }

    /** Drops the EXIF and XMP chunks of a WebP file and clears their flags. */
    static byte[] stripWebp(byte[] in) throws Rejected {
        if (in.length < 12 || !startsWith(in, 0, "RIFF") || !startsWith(in, 8, "WEBP")) {
            throw new Rejected("Not a WebP file.");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(in.length);
        int i = 12;
        while (i + 8 <= in.length) {
            String type = new String(in, i, 4, StandardCharsets.US_ASCII);
            int size = ByteBuffer.wrap(in, i + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            int padded = size + (size & 1);
            if (size < 0 || i + 8L + padded > in.length) {
                throw new Rejected("Corrupt WebP: a chunk runs past the end of the file.");
            }
            if (!type.equals("EXIF") && !type.equals("XMP ")) {
                int start = body.size();
                body.write(in, i, 8 + padded);
                if (type.equals("VP8X") && size >= 1) {
                    byte[] sofar = body.toByteArray();
                    sofar[start + 8] &= (byte) ~0x0C; // clear the EXIF (0x08) and XMP (0x04) flags
                    body.reset();
                    body.write(sofar, 0, sofar.length);
                }
            }
            i += 8 + padded;
        }
        byte[] chunks = body.toByteArray();
        ByteBuffer out = ByteBuffer.allocate(12 + chunks.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + chunks.length).put("WEBP".getBytes(StandardCharsets.US_ASCII)).put(chunks);
        return out.array();
    }

    private static boolean startsWith(byte[] data, int offset, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        if (data.length < offset + t.length) {
            return false;
        }
        for (int k = 0; k < t.length; k++) {
            if (data[offset + k] != t[k]) {
                return false;
            }
        }
        return true;
    }
}
