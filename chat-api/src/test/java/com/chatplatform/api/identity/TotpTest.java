package com.chatplatform.api.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TotpTest {
    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    /** RFC 6238 appendix B, SHA-1 column (8 digits, 30 s steps). */
    @Test
    void matchesTheRfc6238TestVectors() {
        long[] times = {59L, 1111111109L, 1111111111L, 1234567890L, 2000000000L, 20000000000L};
        String[] codes = {"94287082", "07081804", "14050471", "89005924", "69279037", "65353130"};
        for (int i = 0; i < times.length; i++) {
            assertEquals(codes[i], Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(times[i])), 8), "t=" + times[i]);
        }
    }

    /** RFC 4226 appendix D: HOTP values for counters 0..2 (6 digits). */
    @Test
    void matchesTheRfc4226HotpValues() {
        assertEquals("755224", Totp.code(RFC_SECRET, 0, 6));
        assertEquals("287082", Totp.code(RFC_SECRET, 1, 6));
        assertEquals("359152", Totp.code(RFC_SECRET, 2, 6));
    }

    @Test
    void base32RoundTripsAndMatchesRfc4648() {
        assertEquals("MZXW6YTBOI", Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Totp.base32(RFC_SECRET));
        assertArrayEquals(RFC_SECRET, Totp.fromBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));
        String secret = Totp.newSecret();
        assertEquals(32, secret.length());
        assertEquals(secret, Totp.base32(Totp.fromBase32(secret)));
    }

    @Test
    void acceptsOneStepEitherSideAndNeverAReplayedOrOlderStep() {
        String secret = Totp.base32(RFC_SECRET);
        Instant now = Instant.ofEpochSecond(1111111111L);
        long step = Totp.step(now);
        assertEquals(OptionalLong.of(step), Totp.match(secret, Totp.code(secret, step), now, null));
        assertEquals(OptionalLong.of(step - 1), Totp.match(secret, Totp.code(secret, step - 1), now, null));
        assertEquals(OptionalLong.of(step + 1), Totp.match(secret, Totp.code(secret, step + 1), now, null));
        assertTrue(Totp.match(secret, Totp.code(secret, step - 2), now, null).isEmpty(), "two steps old");
        assertTrue(Totp.match(secret, Totp.code(secret, step + 2), now, null).isEmpty(), "two steps ahead");
        // Once step s was used, neither it nor an earlier step is accepted again.
        assertTrue(Totp.match(secret, Totp.code(secret, step), now, step).isEmpty(), "replay");
        assertTrue(Totp.match(secret, Totp.code(secret, step - 1), now, step).isEmpty(), "older than the last used");
        assertEquals(OptionalLong.of(step + 1), Totp.match(secret, Totp.code(secret, step + 1), now, step));
        assertTrue(Totp.match(secret, "12345", now, null).isEmpty());
        assertTrue(Totp.match(secret, "abcdef", now, null).isEmpty());
        assertTrue(Totp.match(secret, null, now, null).isEmpty());
    }

    @Test
    void buildsTheOtpauthUri() {
        assertEquals("otpauth://totp/Chat%20Platform:ann%40example.com?secret=ABC&issuer=Chat%20Platform&algorithm=SHA1&digits=6&period=30",
                Totp.uri("Chat Platform", "ann@example.com", "ABC"));
    }
}
