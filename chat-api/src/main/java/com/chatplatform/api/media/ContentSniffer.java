package com.chatplatform.api.media;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** Recognises a file's type from its first bytes; the client's declared type is never trusted alone. */
public final class ContentSniffer {
    private ContentSniffer() {
    }

    public static Optional<String> sniff(byte[] head) {
        if (startsWith(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of("image/png");
        }
        if (startsWith(head, 0xFF, 0xD8, 0xFF)) {
            return Optional.of("image/jpeg");
        }
        if (ascii(head, 0, "GIF87a") || ascii(head, 0, "GIF89a")) {
            return Optional.of("image/gif");
        }
        if (ascii(head, 0, "RIFF") && ascii(head, 8, "WEBP")) {
            return Optional.of("image/webp");
        }
        if (ascii(head, 0, "%PDF-")) {
            return Optional.of("application/pdf");
        }
        if (ascii(head, 0, "RIFF") && ascii(head, 8, "WAVE")) {
            return Optional.of("audio/wav");
        }
        if (startsWith(head, 0x1A, 0x45, 0xDF, 0xA3)) {
            return Optional.of("video/webm"); // Matroska/WebM (EBML header)
        }
        if (ascii(head, 4, "ftyp")) {
            return Optional.of(ascii(head, 8, "M4A ") || ascii(head, 8, "M4B ") ? "audio/mp4" : "video/mp4");
        }
        if (ascii(head, 0, "OggS")) {
            return Optional.of("audio/ogg");
        }
        if (ascii(head, 0, "ID3") || startsWith(head, 0xFF, 0xFB) || startsWith(head, 0xFF, 0xFA) || startsWith(head, 0xFF, 0xF3)
                || startsWith(head, 0xFF, 0xF2) || startsWith(head, 0xFF, 0xE3)) {
            return Optional.of("audio/mpeg");
        }
        if (isText(head)) {
            return Optional.of("text/plain");
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] data, int... prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((data[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] data, int offset, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        return data.length >= offset + t.length && Arrays.equals(data, offset, offset + t.length, t, 0, t.length);
    }

    private static boolean isText(byte[] head) {
        for (byte b : head) {
            int c = b & 0xFF;
            if (c < 0x09 || (c > 0x0D && c < 0x20 && c != 0x1B)) {
                return false;
            }
        }
        return head.length > 0;
    }
}
