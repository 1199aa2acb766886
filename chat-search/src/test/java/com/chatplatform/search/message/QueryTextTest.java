package com.chatplatform.search.message;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryTextTest {

    @Test
    void wordsAreFoldedAndLastWordIsAPrefix() {
        QueryText q = QueryText.parse("  Café  CRÈME bru");
        assertEquals(List.of(), q.phrases());
        assertEquals("cafe creme bru", q.words());
        assertTrue(q.prefixLastWord());
    }

    @Test
    void trailingSpaceMeansTheLastWordIsComplete() {
        assertFalse(QueryText.parse("café ").prefixLastWord());
    }

    @Test
    void quotedPartsArePhrases() {
        QueryText q = QueryText.parse("budget \"Big  Deal\" q3");
        assertEquals(List.of("big  deal"), q.phrases());
        assertEquals("budget q3", q.words());
        assertTrue(q.prefixLastWord());

        QueryText onlyPhrase = QueryText.parse("\u201Cbig deal\u201D");
        assertEquals(List.of("big deal"), onlyPhrase.phrases());
        assertEquals("", onlyPhrase.words());
        assertFalse(onlyPhrase.prefixLastWord());

        QueryText endsWithPhrase = QueryText.parse("hello \"big deal\"");
        assertEquals("hello", endsWithPhrase.words());
        assertFalse(endsWithPhrase.prefixLastWord());
    }

    @Test
    void unbalancedQuoteIsPlainText() {
        QueryText q = QueryText.parse("say \"hel");
        assertEquals(List.of(), q.phrases());
        assertEquals("say hel", q.words());
        assertTrue(q.prefixLastWord());
    }

    @Test
    void querySyntaxIsJustText() {
        QueryText q = QueryText.parse("tenantId:other OR * AND (x)");
        assertEquals("tenantid:other or * and (x)", q.words());
    }

    @Test
    void blankTooLongAndEmptyQueriesAreRejected() {
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> QueryText.parse("  \t"));
        assertTrue(blank.getMessage().contains("blank"), blank.getMessage());
        assertThrows(IllegalArgumentException.class, () -> QueryText.parse(null));
        assertThrows(IllegalArgumentException.class, () -> QueryText.parse("\"\" \"  \""));
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> QueryText.parse("a".repeat(1001)));
        assertTrue(tooLong.getMessage().contains("1000"), tooLong.getMessage());
        QueryText.parse("a".repeat(1000)); // the limit itself is fine
        QueryText.parse("😀".repeat(1000)); // counted in characters, not UTF-16 units
    }
}
