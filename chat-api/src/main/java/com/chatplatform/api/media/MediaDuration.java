package com.chatplatform.api.media;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads the duration of audio and video from the container's own header, streaming forward only (the file can come
 * straight from S3): MP4/M4A (mvhd), WebM/Matroska (Segment Info Duration), Ogg (Vorbis/Opus: last granule
 * position), MP3 (Xing/Info frame count, else constant bitrate over the size), WAV (data size over byte rate).
 * No decoding; empty when the header does not say or cannot be read.
 */
public final class MediaDuration {
    private MediaDuration() {
    }

    /** Refuses absurd box/element sizes before skipping (a hostile header must not make us read forever). */
    private static final long MAX_SIZE = 1L << 40;

    /** @param size the file's total size in bytes (MP3 constant-bitrate estimate) */
    public static Optional<Long> read(InputStream in, long size, String contentType) {
        DataInputStream data = new DataInputStream(in);
        try {
            Long ms = switch (contentType) {
                case "video/mp4", "audio/mp4" -> mp4(data);
                case "video/webm", "audio/webm" -> matroska(data);
                case "audio/ogg" -> ogg(data);
                case "audio/mpeg" -> mp3(data, size);
                case "audio/wav" -> wav(data);
                default -> null;
            };
            return Optional.ofNullable(ms).filter(v -> v >= 0);
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    // ---- MP4 / M4A: moov > mvhd (timescale, duration) --------------------------------------------------------

    private static Long mp4(DataInputStream in) throws IOException {
        return mp4Boxes(in, Long.MAX_VALUE, 0);
    }

    private static Long mp4Boxes(DataInputStream in, long available, int depth) throws IOException {
        while (available >= 8) {
            long size;
            try {
                size = in.readInt() & 0xFFFFFFFFL;
            } catch (EOFException end) {
                return null;
            }
            String type = ascii(in, 4);
            long header = 8;
            if (size == 1) {
                size = in.readLong();
                header = 16;
            } else if (size == 0) {
                size = available == Long.MAX_VALUE ? MAX_SIZE : available; // to the end
            }
            if (size < header || size > MAX_SIZE) {
                return null;
            }
            long body = size - header;
            if (type.equals("moov") && depth == 0) {
                return mp4Boxes(in, body, 1);
            }
            if (type.equals("mvhd") && depth == 1) {
                int version = in.readUnsignedByte();
                skip(in, 3);
                long timescale;
                long duration;
                if (version == 1) {
                    skip(in, 16);
                    timescale = in.readInt() & 0xFFFFFFFFL;
                    duration = in.readLong();
                } else {
                    skip(in, 8);
                    timescale = in.readInt() & 0xFFFFFFFFL;
                    duration = in.readInt() & 0xFFFFFFFFL;
                }
                if (timescale == 0 || duration < 0 || duration == 0xFFFFFFFFL) {
                    return null;
                }
                return duration < Long.MAX_VALUE / 1000 ? duration * 1000 / timescale : duration / timescale * 1000;
            }
            skip(in, body);
            if (available != Long.MAX_VALUE) {
                available -= size;
            }
        }
        return null;
    }

    // ---- Matroska / WebM: EBML header, Segment > Info > (TimecodeScale, Duration) -----------------------------

    private static final long EBML = 0x1A45DFA3L;
    private static final long SEGMENT = 0x18538067L;
    private static final long INFO = 0x1549A966L;
    private static final long TIMECODE_SCALE = 0x2AD7B1L;
    private static final long DURATION = 0x4489L;
    private static final long CLUSTER = 0x1F43B675L;

    private static Long matroska(DataInputStream in) throws IOException {
        if (ebmlId(in) != EBML) {
            return null;
        }
        skip(in, ebmlSize(in));
        while (true) {
            long id = ebmlId(in);
            long size = ebmlSize(in);
            if (id != SEGMENT) {
                skip(in, size);
                continue;
            }
            // Segment children, in order; Info normally precedes the clusters.
            while (true) {
                long child = ebmlId(in);
                long childSize = ebmlSize(in);
                if (child == CLUSTER) {
                    return null; // media data started and no Info was seen
                }
                if (child != INFO) {
                    skip(in, childSize);
                    continue;
                }
                long scale = 1_000_000;
                Double duration = null;
                long left = childSize;
                while (left > 0) {
                    int[] len = new int[1];
                    long field = ebmlId(in, len);
                    int idLen = len[0];
                    long fieldSize = ebmlSize(in, len);
                    int sizeLen = len[0];
                    if (field == TIMECODE_SCALE) {
                        scale = uint(in, (int) fieldSize);
                    } else if (field == DURATION) {
                        duration = fieldSize == 4 ? (double) in.readFloat() : fieldSize == 8 ? in.readDouble() : null;
                        if (duration == null) {
                            skip(in, fieldSize);
                        }
                    } else {
                        skip(in, fieldSize);
                    }
                    left -= idLen + sizeLen + fieldSize;
                }
                return duration == null ? null : Math.round(duration * scale / 1_000_000d);
            }
        }
    }

    private static long ebmlId(DataInputStream in) throws IOException {
        return ebmlId(in, new int[1]);
    }

    /** An element id keeps its length marker bits (ids are written that way in the spec). */
    private static long ebmlId(DataInputStream in, int[] length) throws IOException {
        int first = in.readUnsignedByte();
        int len = Integer.numberOfLeadingZeros(first) - 24 + 1;
        if (len > 4) {
            throw new IOException("bad EBML id");
        }
        long value = first;
        for (int i = 1; i < len; i++) {
            value = (value << 8) | in.readUnsignedByte();
        }
        length[0] = len;
        return value;
    }

    private static long ebmlSize(DataInputStream in) throws IOException {
        return ebmlSize(in, new int[1]);
    }

    /** A size drops its length marker; all ones means "unknown" (treated as: read the children). */
    private static long ebmlSize(DataInputStream in, int[] length) throws IOException {
        int first = in.readUnsignedByte();
        int len = Integer.numberOfLeadingZeros(first) - 24 + 1;
        if (len > 8) {
            throw new IOException("bad EBML size");
        }
        long value = first & (0xFF >>> len);
        boolean allOnes = value == (0xFF >>> len);
        for (int i = 1; i < len; i++) {
            int b = in.readUnsignedByte();
            allOnes &= b == 0xFF;
            value = (value << 8) | b;
        }
        length[0] = len;
        return allOnes ? 0 : value;
    }

    private static long uint(DataInputStream in, int bytes) throws IOException {
        if (bytes > 8) {
            throw new IOException("bad EBML uint");
        }
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | in.readUnsignedByte();
        }
        return value;
    }

    // ---- Ogg: the codec's sample rate from the first packet, the last page's granule position -----------------

    private static Long ogg(DataInputStream in) throws IOException {
        long rate = 0;
        long preSkip = 0;
        int serial = 0;
        boolean first = true;
        long lastGranule = -1;
        while (true) {
            byte[] capture = new byte[4];
            try {
                in.readFully(capture);
            } catch (EOFException end) {
                break;
            }
            if (!new String(capture, StandardCharsets.US_ASCII).equals("OggS")) {
                return null;
            }
            skip(in, 2); // version, header type
            long granule = Long.reverseBytes(in.readLong());
            int pageSerial = Integer.reverseBytes(in.readInt());
            skip(in, 8); // sequence, CRC
            int segments = in.readUnsignedByte();
            int bodySize = 0;
            for (int i = 0; i < segments; i++) {
                bodySize += in.readUnsignedByte();
            }
            byte[] body = new byte[bodySize];
            in.readFully(body);
            if (first) {
                first = false;
                serial = pageSerial;
                if (bodySize >= 16 && body[0] == 1 && new String(body, 1, 6, StandardCharsets.US_ASCII).equals("vorbis")) {
                    rate = le32(body, 12);
                } else if (bodySize >= 19 && new String(body, 0, 8, StandardCharsets.US_ASCII).equals("OpusHead")) {
                    rate = 48_000;
                    preSkip = (body[10] & 0xFF) | (body[11] & 0xFF) << 8;
                } else if (bodySize >= 9 && body[0] == 0x7F && new String(body, 1, 4, StandardCharsets.US_ASCII).equals("FLAC")
                        && bodySize >= 13 + 18) {
                    // Ogg FLAC: the STREAMINFO block after the 13-byte mapping header holds the sample rate (20 bits).
                    int o = 13 + 4 + 10;
                    rate = ((body[o] & 0xFF) << 12) | ((body[o + 1] & 0xFF) << 4) | ((body[o + 2] & 0xFF) >> 4);
                } else {
                    return null;
                }
            }
            if (pageSerial == serial && granule != -1) {
                lastGranule = granule;
            }
        }
        if (rate <= 0 || lastGranule < 0) {
            return null;
        }
        return Math.max(0, lastGranule - preSkip) * 1000 / rate;
    }

    private static long le32(byte[] b, int o) {
        return (b[o] & 0xFFL) | (b[o + 1] & 0xFFL) << 8 | (b[o + 2] & 0xFFL) << 16 | (b[o + 3] & 0xFFL) << 24;
    }

    // ---- MP3: skip ID3v2, first frame header; Xing/Info frame count or constant bitrate -----------------------

    private static final int[][] BITRATES = { // kbit/s: [MPEG1 layer III, MPEG2/2.5 layer III]
            {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0},
            {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0}};
    private static final int[][] SAMPLE_RATES = {{44100, 48000, 32000}, {22050, 24000, 16000}, {11025, 12000, 8000}};

    private static Long mp3(DataInputStream in, long size) throws IOException {
        byte[] head = new byte[10];
        in.readFully(head);
        byte[] frameStart;
        long id3 = 0;
        if (head[0] == 'I' && head[1] == 'D' && head[2] == '3') {
            id3 = 10 + ((head[6] & 0x7F) << 21 | (head[7] & 0x7F) << 14 | (head[8] & 0x7F) << 7 | (head[9] & 0x7F));
            skip(in, id3 - 10);
            frameStart = new byte[4];
            in.readFully(frameStart);
        } else {
            frameStart = head;
        }
        int h = (frameStart[0] & 0xFF) << 24 | (frameStart[1] & 0xFF) << 16 | (frameStart[2] & 0xFF) << 8 | (frameStart[3] & 0xFF);
        if ((h >>> 21) != 0x7FF) {
            return null;
        }
        int versionBits = (h >>> 19) & 3; // 3 MPEG1, 2 MPEG2, 0 MPEG2.5
        int layerBits = (h >>> 17) & 3; // 1 = layer III
        int bitrateIndex = (h >>> 12) & 15;
        int rateIndex = (h >>> 10) & 3;
        int channelMode = (h >>> 6) & 3;
        if (versionBits == 1 || layerBits != 1 || rateIndex == 3 || bitrateIndex == 0 || bitrateIndex == 15) {
            return null;
        }
        boolean mpeg1 = versionBits == 3;
        int sampleRate = SAMPLE_RATES[mpeg1 ? 0 : versionBits == 2 ? 1 : 2][rateIndex];
        int bitrate = BITRATES[mpeg1 ? 0 : 1][bitrateIndex] * 1000;
        int samplesPerFrame = mpeg1 ? 1152 : 576;
        // The Xing/Info tag sits after the side information in the first frame.
        int sideInfo = mpeg1 ? (channelMode == 3 ? 17 : 32) : (channelMode == 3 ? 9 : 17);
        byte[] rest = new byte[sideInfo + 12];
        int already = frameStart == head ? 6 : 0; // bytes of the frame already read beyond its 4-byte header
        System.arraycopy(head, 4, rest, 0, already);
        in.readFully(rest, already, rest.length - already);
        String tag = new String(rest, sideInfo, 4, StandardCharsets.US_ASCII);
        if ((tag.equals("Xing") || tag.equals("Info")) && (rest[sideInfo + 7] & 1) != 0) {
            long frames = (rest[sideInfo + 8] & 0xFFL) << 24 | (rest[sideInfo + 9] & 0xFFL) << 16 | (rest[sideInfo + 10] & 0xFFL) << 8
                    | (rest[sideInfo + 11] & 0xFFL);
            return frames * samplesPerFrame * 1000 / sampleRate;
        }
        long audioBytes = size - id3;
        return audioBytes > 0 ? audioBytes * 8 * 1000 / bitrate : null;
    }

    // ---- WAV: RIFF/WAVE, fmt (byte rate), data (size) ----------------------------------------------------------

    private static Long wav(DataInputStream in) throws IOException {
        if (!ascii(in, 4).equals("RIFF")) {
            return null;
        }
        skip(in, 4);
        if (!ascii(in, 4).equals("WAVE")) {
            return null;
        }
        long byteRate = 0;
        while (true) {
            String id = ascii(in, 4);
            long size = Integer.reverseBytes(in.readInt()) & 0xFFFFFFFFL;
            if (id.equals("fmt ")) {
                byte[] fmt = new byte[(int) Math.min(size, 1024)];
                in.readFully(fmt);
                skip(in, size - fmt.length + (size & 1));
                byteRate = fmt.length >= 12 ? le32(fmt, 8) : 0;
            } else if (id.equals("data")) {
                return byteRate > 0 ? size * 1000 / byteRate : null;
            } else {
                skip(in, size + (size & 1));
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static String ascii(DataInputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.US_ASCII);
    }

    private static void skip(InputStream in, long n) throws IOException {
        if (n < 0 || n > MAX_SIZE) {
            throw new IOException("bad size " + n);
        }
        in.skipNBytes(n);
    }
}
