package com.chatplatform.search.message;

import co.elastic.clients.elasticsearch._types.FieldValue;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchCursorTest {

    @Test
    void roundTripsSortValues() {
        List<FieldValue> values = List.of(FieldValue.of(1.2345678), FieldValue.of(1_764_000_000_123L),
                FieldValue.of("msg,with:odd chars/é"));
        String cursor = SearchCursor.encode(MessageSort.RELEVANCE, values);
        assertTrue(cursor.matches("[A-Za-z0-9_-]+"), cursor);
        List<FieldValue> decoded = SearchCursor.decode(cursor, MessageSort.RELEVANCE);
        assertEquals(1.2345678, decoded.get(0).doubleValue());
        assertEquals(1_764_000_000_123L, decoded.get(1).longValue());
        assertEquals("msg,with:odd chars/é", decoded.get(2).stringValue());
    }

    @Test
    void rejectsCursorOfAnotherSortOrder() {
        String cursor = SearchCursor.encode(MessageSort.NEWEST_FIRST,
                List.of(FieldValue.of(1L), FieldValue.of(2L), FieldValue.of("m")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SearchCursor.decode(cursor, MessageSort.OLDEST_FIRST));
        assertTrue(e.getMessage().contains("sort order"), e.getMessage());
    }

    @Test
    void rejectsGarbage() {
        for (String bad : new String[] {"%%%", "abc", "YzFSOmwxLGwyLGwz", "x".repeat(2000),
                SearchCursor.encode(MessageSort.RELEVANCE, List.of(FieldValue.of(1L), FieldValue.of("m"))),
                SearchCursor.encode(MessageSort.RELEVANCE,
                        List.of(FieldValue.of("a"), FieldValue.of(1L), FieldValue.of(2L)))}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SearchCursor.decode(bad, MessageSort.RELEVANCE), bad);
            assertTrue(e.getMessage().startsWith("Invalid search cursor"), e.getMessage());
        }
    }
}
