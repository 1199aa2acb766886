package com.chatplatform.api.platform;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * The opaque cursor of the lists paged by (a timestamp, an id): conversations by activity, threads by last reply, the
 * admin conversation list, mentions. URL-safe Base64 of "micros/id"; a cursor the API did not return is refused with
 * request.invalid.
 */
public record KeysetCursor(OffsetDateTime at, UUID id) {

    /** The cursor of the page after the row (at, id). */
    public static String of(Instant at, UUID id) {
        String plain = ChronoUnit.MICROS.between(Instant.EPOCH, at) + "/" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor names; null for none (absent or blank). */
    public static KeysetCursor parse(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            // "micros/id"; mention cursors issued before this class separated the two by a space.
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("[/ ]", 2);
            Instant at = Instant.EPOCH.plus(Long.parseLong(parts[0]), ChronoUnit.MICROS);
            return new KeysetCursor(at.atOffset(ZoneOffset.UTC), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw ApiException.invalid("\"cursor\" is not a cursor this API returned.");
        }
    }
}
