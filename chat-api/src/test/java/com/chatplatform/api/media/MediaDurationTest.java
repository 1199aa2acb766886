package com.chatplatform.api.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Durations read from container headers built byte by byte here (the layouts of the formats' specifications). */
class MediaDurationTest {

    private static Optional<Long> read(byte[] bytes, String type) {
        return MediaDuration.read(new ByteArrayInputStream(bytes), bytes.length, type);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] box(String type, byte[]... children) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] c : children) {
            body.writeBytes(c);
        }
        return ByteBuffer.allocate(8 + body.size()).putInt(8 + body.size()).put(ascii(type)).put(body.toByteArray()).array();
    }

    private static byte[] mvhd(int version, long timescale, long duration) {
        ByteBuffer b = ByteBuffer.allocate(version == 1 ? 112 : 100);
        b.put((byte) version).put(new byte[3]);
        if (version == 1) {
            b.putLong(0).putLong(0).putInt((int) timescale).putLong(duration);
        } else {
            b.putInt(0).putInt(0).putInt((int) timescale).putInt((int) duration);
        }
        return box("mvhd", b.array());
    }

    @Test
    void mp4MovieHeaderBeforeOrAfterTheMediaData() {
        byte[] ftyp = box("ftyp", ascii("isom"), new byte[4], ascii("isommp41"));
        byte[] mdat = box("mdat", new byte[100_000]);
        byte[] moovFirst = concat(ftyp, box("moov", mvhd(0, 600, 600 * 95 + 300)), mdat);
        assertEquals(Optional.of(95_500L), read(moovFirst, "video/mp4"));
        // moov at the end (the usual camera layout), version 1 header, a free box on the way, an audio-only M4A.
        byte[] moovLast = concat(ftyp, box("free", new byte[10]), mdat, box("moov", box("udta"), mvhd(1, 44_100, 44_100L * 3 + 4_410)));
        assertEquals(Optional.of(3_100L), read(moovLast, "audio/mp4"));
        // Without moov (a truncated file) there is no duration.
        assertEquals(Optional.empty(), read(concat(ftyp, mdat), "video/mp4"));
    }

    private static byte[] ebml(long id, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int idLen = id > 0xFFFFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1;
        for (int i = idLen - 1; i >= 0; i--) {
            out.write((int) (id >>> (8 * i)));
        }
        // An 8-byte size (marker 0x01), as muxers that reserve room write it.
        out.write(0x01);
        for (int i = 6; i >= 0; i--) {
            out.write((int) ((long) body.length >>> (8 * i)));
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    @Test
    void webmSegmentInfoDurationScaledByTheTimecodeScale() {
        byte[] header = ebml(0x1A45DFA3L, ebml(0x4282, ascii("webm")));
        byte[] seekHead = ebml(0x114D9B74L, new byte[20]);
        byte[] info = ebml(0x1549A966L, concat(ebml(0x2AD7B1, new byte[] {0x0F, 0x42, 0x40}), // 1,000,000 ns
                ebml(0x4D80, ascii("test")), ebml(0x4489, ByteBuffer.allocate(8).putDouble(61_234.0).array())));
        byte[] cluster = ebml(0x1F43B675L, new byte[1000]);
        byte[] segment = ebml(0x18538067L, concat(seekHead, info, cluster));
        assertEquals(Optional.of(61_234L), read(concat(header, segment), "video/webm"));
        // A float32 duration and a timecode scale of 100 µs (duration in 1/10 ms).
        byte[] info2 = ebml(0x1549A966L, concat(ebml(0x2AD7B1, new byte[] {0x01, (byte) 0x86, (byte) 0xA0}),
                ebml(0x4489, ByteBuffer.allocate(4).putFloat(25_000f).array())));
        assertEquals(Optional.of(2_500L), read(concat(header, ebml(0x18538067L, info2)), "video/webm"));
        // Clusters before any Info: unknown.
        assertEquals(Optional.empty(), read(concat(header, ebml(0x18538067L, cluster)), "video/webm"));
    }

    private static byte[] oggPage(long granule, int serial, byte[] packet) {
        ByteBuffer b = ByteBuffer.allocate(27 + 1 + packet.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("OggS")).put((byte) 0).put((byte) 0).putLong(granule).putInt(serial).putInt(0).putInt(0);
        b.put((byte) 1).put((byte) packet.length).put(packet);
        return b.array();
    }

    @Test
    void oggVorbisAndOpusFromTheLastGranulePosition() {
        byte[] vorbisId = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1).put(ascii("vorbis")).putInt(0)
                .put((byte) 2).putInt(44_100).array();
        byte[] vorbis = concat(oggPage(0, 7, vorbisId), oggPage(44_100, 7, new byte[50]), oggPage(44_100L * 4 + 22_050, 7, new byte[50]));
        assertEquals(Optional.of(4_500L), read(vorbis, "audio/ogg"));

        byte[] opusHead = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN).put(ascii("OpusHead")).put((byte) 1).put((byte) 2)
                .putShort((short) 312).putInt(48_000).putShort((short) 0).put((byte) 0).array();
        // Another logical stream's page at the end does not count; "no granule" (-1) pages neither.
        byte[] opus = concat(oggPage(0, 9, opusHead), oggPage(48_000L * 2 + 312, 9, new byte[40]), oggPage(-1, 9, new byte[40]),
                oggPage(999_999_999L, 10, new byte[40]));
        assertEquals(Optional.of(2_000L), read(opus, "audio/ogg"));
        assertEquals(Optional.empty(), read(ascii("OggS but not really a page"), "audio/ogg"));
    }

    @Test
    void mp3FromTheXingFrameCountOrAConstantBitrate() {
        // MPEG-1 layer III, 128 kbit/s, 44.1 kHz, stereo: FF FB 90 00; side info 32 bytes, then "Xing", flags, frames.
        byte[] frame = new byte[417];
        frame[0] = (byte) 0xFF;
        frame[1] = (byte) 0xFB;
        frame[2] = (byte) 0x90;
        ByteBuffer.wrap(frame, 4 + 32, 12).put(ascii("Xing")).putInt(1).putInt(1_000);
        byte[] id3 = concat(ascii("ID3"), new byte[] {4, 0, 0, 0, 0, 1, 0}, new byte[128]); // syncsafe size 128
        assertEquals(Optional.of(1_000L * 1152 * 1000 / 44_100), read(concat(id3, frame, new byte[5000]), "audio/mpeg"));

        // No Xing: 128 kbit/s over the audio bytes (16,000 bytes a second), 40,000 bytes are 2.5 s.
        byte[] cbr = new byte[40_000];
        cbr[0] = (byte) 0xFF;
        cbr[1] = (byte) 0xFB;
        cbr[2] = (byte) 0x90;
        assertEquals(Optional.of(2_500L), read(cbr, "audio/mpeg"));
        assertEquals(Optional.empty(), read(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, "audio/mpeg"));
    }

    @Test
    void wavDataSizeOverByteRate() {
        int byteRate = 16_000 * 2; // 16 kHz mono 16-bit
        byte[] fmt = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 1).putShort((short) 1).putInt(16_000)
                .putInt(byteRate).putShort((short) 2).putShort((short) 16).array();
        byte[] data = new byte[byteRate * 3 / 2];
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + 16 + 8 + 4 + 8 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(0).put(ascii("WAVE")).put(ascii("fmt ")).putInt(16).put(fmt);
        b.put(ascii("LIST")).putInt(4).put(ascii("INFO")).put(ascii("data")).putInt(data.length).put(data);
        assertEquals(Optional.of(1_500L), read(b.array(), "audio/wav"));
    }

    @Test
    void garbageAndOtherTypesHaveNoDuration() {
        byte[] noise = new byte[4096];
        new Random(1).nextBytes(noise);
        for (String type : new String[] {"video/mp4", "video/webm", "audio/ogg", "audio/mpeg", "audio/wav", "image/png", "text/plain"}) {
            Optional<Long> d = read(noise, type);
            assertTrue(d.isEmpty() || d.get() >= 0, type);
        }
        assertEquals(Optional.empty(), read(new byte[0], "video/mp4"));
        assertEquals(Optional.empty(), read(noise, "image/png"));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
