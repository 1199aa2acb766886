package com.chatplatform.api.compliance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a ZIP archive piece by piece into bounded buffers, so an archive of any size can be produced across many
 * batches (and restarts) and uploaded as S3 multipart parts: each entry is written whole (local header and data),
 * its central-directory facts are kept by the caller (in the database), and the central directory and end records
 * are written at the end. ZIP64 records are used where offsets, sizes or counts need them.
 */
final class ZipWriter {
    static final int STORED = 0;
    static final int DEFLATED = 8;
    private static final long MAX32 = 0xFFFFFFFFL;

    /** What the central directory needs to know of one entry. */
    record Entry(String name, long crc32, long compressedSize, long size, long localOffset, int method) {
    }

    private ZipWriter() {
    }

    /** Appends a complete entry at {@code offset} (the archive's length before it) and returns its facts. */
    static Entry writeEntry(ByteArrayOutputStream out, long offset, String name, byte[] data, boolean compress) {
        CRC32 crc = new CRC32();
        crc.update(data);
        byte[] stored = compress ? deflate(data) : data;
        int method = compress ? DEFLATED : STORED;
        if (compress && stored.length >= data.length) {
            stored = data;
            method = STORED;
        }
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        boolean zip64 = data.length >= MAX32 || stored.length >= MAX32;
        byte[] extra = zip64 ? zip64Extra(data.length, stored.length, -1) : new byte[0];
        int32(out, 0x04034b50);
        int16(out, zip64 ? 45 : 20);
        int16(out, 0x0800); // names are UTF-8
        int16(out, method);
        int32(out, DOS_TIME);
        int32(out, (int) crc.getValue());
        int32(out, zip64 ? (int) MAX32 : stored.length);
        int32(out, zip64 ? (int) MAX32 : data.length);
        int16(out, nameBytes.length);
        int16(out, extra.length);
        out.writeBytes(nameBytes);
        out.writeBytes(extra);
        out.writeBytes(stored);
        return new Entry(name, crc.getValue(), stored.length, data.length, offset, method);
    }

    /** Appends the central-directory record of one entry. */
    static void writeCentral(ByteArrayOutputStream out, Entry e) {
        byte[] nameBytes = e.name().getBytes(StandardCharsets.UTF_8);
        boolean bigSizes = e.size() >= MAX32 || e.compressedSize() >= MAX32;
        boolean bigOffset = e.localOffset() >= MAX32;
        byte[] extra = bigSizes || bigOffset
                ? zip64Extra(bigSizes ? e.size() : -1, bigSizes ? e.compressedSize() : -1, bigOffset ? e.localOffset() : -1)
                : new byte[0];
        int32(out, 0x02014b50);
        int16(out, 45);
        int16(out, bigSizes ? 45 : 20);
        int16(out, 0x0800);
        int16(out, e.method());
        int32(out, DOS_TIME);
        int32(out, (int) e.crc32());
        int32(out, bigSizes ? (int) MAX32 : (int) e.compressedSize());
        int32(out, bigSizes ? (int) MAX32 : (int) e.size());
        int16(out, nameBytes.length);
        int16(out, extra.length);
        int16(out, 0); // comment
        int16(out, 0); // disk
        int16(out, 0); // internal attributes
        int32(out, 0); // external attributes
        int32(out, bigOffset ? (int) MAX32 : (int) e.localOffset());
        out.writeBytes(nameBytes);
        out.writeBytes(extra);
    }

    /** Appends the end records: ZIP64 end record and locator when needed, then the classic end record. */
    static void writeEnd(ByteArrayOutputStream out, long entries, long centralOffset, long centralSize) {
        boolean zip64 = entries >= 0xFFFF || centralOffset >= MAX32 || centralSize >= MAX32;
        if (zip64) {
            long zip64EndOffset = centralOffset + centralSize;
            int32(out, 0x06064b50);
            int64(out, 44);
            int16(out, 45);
            int16(out, 45);
            int32(out, 0);
            int32(out, 0);
            int64(out, entries);
            int64(out, entries);
            int64(out, centralSize);
            int64(out, centralOffset);
            int32(out, 0x07064b50);
            int32(out, 0);
            int64(out, zip64EndOffset);
            int32(out, 1);
        }
        int32(out, 0x06054b50);
        int16(out, 0);
        int16(out, 0);
        int16(out, (int) Math.min(entries, 0xFFFF));
        int16(out, (int) Math.min(entries, 0xFFFF));
        int32(out, (int) Math.min(centralSize, MAX32));
        int32(out, (int) Math.min(centralOffset, MAX32));
        int16(out, 0);
    }

    private static final int DOS_TIME = dosTime(LocalDateTime.now(ZoneOffset.UTC));

    private static int dosTime(LocalDateTime t) {
        return ((t.getYear() - 1980) << 25) | (t.getMonthValue() << 21) | (t.getDayOfMonth() << 16)
                | (t.getHour() << 11) | (t.getMinute() << 5) | (t.getSecond() >> 1);
    }

    private static byte[] zip64Extra(long size, long compressed, long offset) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int length = (size >= 0 ? 8 : 0) + (compressed >= 0 ? 8 : 0) + (offset >= 0 ? 8 : 0);
        int16(b, 0x0001);
        int16(b, length);
        if (size >= 0) {
            int64(b, size);
        }
        if (compressed >= 0) {
            int64(b, compressed);
        }
        if (offset >= 0) {
            int64(b, offset);
        }
        return b.toByteArray();
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 4));
            byte[] chunk = new byte[64 * 1024];
            while (!deflater.finished()) {
                int n = deflater.deflate(chunk);
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void int16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
    }

    private static void int32(ByteArrayOutputStream out, int v) {
        int16(out, v & 0xFFFF);
        int16(out, (v >>> 16) & 0xFFFF);
    }

    private static void int64(ByteArrayOutputStream out, long v) {
        int32(out, (int) v);
        int32(out, (int) (v >>> 32));
    }
}
