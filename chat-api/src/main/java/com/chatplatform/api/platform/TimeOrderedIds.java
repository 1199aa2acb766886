package com.chatplatform.api.platform;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Version 7 UUIDs (RFC 9562): the Unix time in milliseconds in the first 48 bits, then 74 random bits (from a
 * {@link SecureRandom}, as {@link UUID#randomUUID()}). Ids made later sort after earlier ones (to the millisecond), so
 * new rows land at the end of a B-tree on the id, and of Elasticsearch's id terms, instead of on a random page of a
 * large index each time. Used for message ids; the ids stay opaque to clients.
 */
public final class TimeOrderedIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeOrderedIds() {
    }

    public static UUID next() {
        return at(System.currentTimeMillis());
    }

    static UUID at(long unixMillis) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long high = (unixMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (random[0] & 0x0FL) << 8 | (random[1] & 0xFFL);
        long low = 0x8000_0000_0000_0000L | ByteBuffer.wrap(random, 2, 8).getLong() & 0x3FFF_FFFF_FFFF_FFFFL;
        return new UUID(high, low);
    }

    /** The milliseconds a version 7 id was made at. */
    static long millis(UUID id) {
        return id.getMostSignificantBits() >>> 16;
    }
}
