package com.chatplatform.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The load generator's WebSocket framing (RFC 6455), without a server: encoding, parsing split reads, the upgrade key. */
class LeanSocketsTest {

    @Test
    void theAcceptValueIsTheOneOfRfc6455sExample() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", LeanSockets.accept("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void clientFramesAreMaskedWithTheLengthInItsThreeEncodings() {
        for (int length : new int[] {0, 125, 126, 65_535, 65_536, 70_000}) {
            byte[] payload = text(length).getBytes(StandardCharsets.UTF_8);
            ByteBuffer frame = LeanSockets.encode(0x1, payload);
            assertEquals(0x81, frame.get(0) & 0xff, "FIN and the text opcode");
            int marker = frame.get(1) & 0xff;
            assertEquals(0x80, marker & 0x80, "client frames are masked");
            int header;
            long declared;
            if (length < 126) {
                header = 2;
                declared = marker & 0x7f;
            } else if (length <= 0xffff) {
                header = 4;
                assertEquals(126, marker & 0x7f);
                declared = frame.getShort(2) & 0xffff;
            } else {
                header = 10;
                assertEquals(127, marker & 0x7f);
                declared = frame.getLong(2);
            }
            assertEquals(length, declared, "declared length of " + length);
            assertEquals(header + 4 + length, frame.remaining(), "frame size of " + length);
            byte[] unmasked = new byte[length];
            for (int i = 0; i < length; i++) {
                unmasked[i] = (byte) (frame.get(header + 4 + i) ^ frame.get(header + (i & 3)));
            }
            assertArrayEquals(payload, unmasked, "payload of " + length);
        }
    }

    @Test
    void serverFramesAreHandedOverWholeAndInOrderHoweverTheReadsSplitThem() {
        String small = "{\"type\":\"ack\",\"clientId\":\"m1\"}";
        String medium = "{\"type\":\"event\",\"text\":\"" + text(300) + " \u00e9t\u00e9 \u2603\"}";
        String large = text(70_000); // larger than the connection's first buffer: it grows
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(serverFrame(0x81, small.getBytes(StandardCharsets.UTF_8)));
        stream.writeBytes(serverFrame(0x89, new byte[0])); // a ping between messages is answered, not handed over
        stream.writeBytes(serverFrame(0x01, "first half, ".getBytes(StandardCharsets.UTF_8))); // fragmented message
        stream.writeBytes(serverFrame(0x80, "second half".getBytes(StandardCharsets.UTF_8)));
        stream.writeBytes(serverFrame(0x81, medium.getBytes(StandardCharsets.UTF_8)));
        stream.writeBytes(serverFrame(0x81, large.getBytes(StandardCharsets.UTF_8)));
        byte[] bytes = stream.toByteArray();
        List<String> expected = List.of(small, "first half, second half", medium, large);

        for (int chunk : new int[] {1, 2, 3, 7, 100, 8191, 8192, 70_000, bytes.length}) {
            List<String> frames = new ArrayList<>();
            List<String> pongs = new ArrayList<>();
            LeanSockets.Connection connection = new LeanSockets.Connection(null, frames::add) {
                @Override
                void pong(byte[] payload) {
                    pongs.add(new String(payload, StandardCharsets.UTF_8));
                }
            };
            for (int from = 0; from < bytes.length; from += chunk) {
                connection.received(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + chunk)));
            }
            assertEquals(summary(expected), summary(frames), "reads of " + chunk + " bytes");
            assertEquals(expected, frames, "reads of " + chunk + " bytes");
            assertEquals(List.of(""), pongs, "reads of " + chunk + " bytes");
        }
    }

    @Test
    void aMaskedServerFrameIsRefused() {
        LeanSockets.Connection connection = new LeanSockets.Connection(null, frame -> { });
        byte[] masked = {(byte) 0x81, (byte) 0x81, 1, 2, 3, 4, 'x'};
        assertThrows(IllegalStateException.class, () -> connection.received(masked));
    }

    /** A server frame: unmasked, the length in the shortest encoding. */
    private static byte[] serverFrame(int first, byte[] payload) {
        int length = payload.length;
        ByteBuffer frame = ByteBuffer.allocate(10 + length).put((byte) first);
        if (length < 126) {
            frame.put((byte) length);
        } else if (length <= 0xffff) {
            frame.put((byte) 126).putShort((short) length);
        } else {
            frame.put((byte) 127).putLong(length);
        }
        frame.put(payload).flip();
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        return bytes;
    }

    /** Each frame's length and beginning, so that a failure does not print 70,000 characters. */
    private static List<String> summary(List<String> frames) {
        return frames.stream().map(f -> f.length() + ":" + f.substring(0, Math.min(30, f.length()))).toList();
    }

    private static String text(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append((char) ('a' + i % 26));
        }
        return s.toString();
    }
}
