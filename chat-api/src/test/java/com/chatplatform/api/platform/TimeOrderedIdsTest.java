package com.chatplatform.api.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void versionSevenWithTheRfcVariantAndTheTimeInFront() {
        long millis = 1_796_569_011_543L;
        UUID id = TimeOrderedIds.at(millis);
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(millis, TimeOrderedIds.millis(id));
        assertTrue(id.toString().startsWith(String.format("%08x-%04x-7", millis >>> 16, millis & 0xFFFF)), id::toString);
    }

    @Test
    void laterIdsSortAfterEarlierOnesAsPostgresqlComparesThem() {
        List<String> made = new ArrayList<>();
        for (long ms = 1_000; ms < 1_100; ms++) {
            made.add(TimeOrderedIds.at(ms).toString()); // PostgreSQL orders uuids bytewise, as their text sorts
        }
        assertEquals(made.stream().sorted().toList(), made);
    }

    @Test
    void idsOfOneMillisecondDifferInTheirRandomBits() {
        HashSet<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(TimeOrderedIds.at(42));
        }
        assertEquals(10_000, ids.size());
        assertNotEquals(TimeOrderedIds.next(), TimeOrderedIds.next());
    }
}
