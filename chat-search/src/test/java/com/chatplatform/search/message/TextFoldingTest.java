package com.chatplatform.search.message;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TextFoldingTest {

    @Test
    void foldsCaseAndLatinAccents() {
        assertEquals("cafe", TextFolding.fold("café"));
        assertEquals("cafe", TextFolding.fold("CAFÉ"));
        assertEquals("cafe", TextFolding.fold("cafe\u0301")); // decomposed input
        assertEquals("creme brulee a la facon de l'hotel",
                TextFolding.fold("Crème Brûlée à la façon de l'Hôtel"));
        assertEquals("uber naive", TextFolding.fold("Über naïve"));
    }

    @Test
    void foldsLettersWithoutDecomposition() {
        assertEquals("strasse", TextFolding.fold("Straße"));
        assertEquals("aeble oe lodz", TextFolding.fold("Æble Œ Łódź"));
        assertEquals("oslo thor", TextFolding.fold("Øslo Þor"));
    }

    @Test
    void foldsCompatibilityForms() {
        assertEquals("abc 123", TextFolding.fold("ＡＢＣ １２３")); // full-width
        assertEquals("file", TextFolding.fold("ﬁle")); // ligature
        assertEquals("x2", TextFolding.fold("x²"));
    }

    @Test
    void keepsNonLatinScriptsSearchable() {
        assertEquals("привет мир", TextFolding.fold("Привет МИР"));
        assertEquals("елка", TextFolding.fold("Ёлка"));
        assertEquals("καλημερα", TextFolding.fold("Καλημέρα"));
        // Japanese voicing marks carry meaning: が must not become か; half-width katakana become full-width.
        assertEquals("東京でがんばる", TextFolding.fold("東京でがんばる"));
        assertEquals("ガギ", TextFolding.fold("ｶﾞｷﾞ"));
        // Hangul syllables stay composed.
        assertEquals("한국어", TextFolding.fold("한국어"));
        // Indic vowel signs and virama are kept.
        assertEquals("नमस्ते", TextFolding.fold("नमस्ते"));
        // Arabic harakat and Hebrew points are removed.
        assertEquals("كتب", TextFolding.fold("كَتَبَ"));
        assertEquals("שלום", TextFolding.fold("שָׁלוֹם"));
    }

    @Test
    void keepsEmojiAndSurrogatePairs() {
        assertEquals("ok 👍🏽 x", TextFolding.fold("OK 👍🏽 𝒳")); // math script X is a compatibility form of X
        assertEquals("😀 hi", TextFolding.fold("😀 Hi"));
    }

    @Test
    void nullAndEmptyFoldToEmpty() {
        assertEquals("", TextFolding.fold(null));
        assertEquals("", TextFolding.fold(""));
    }

    @Test
    void highlightMarkerCharactersCannotBeInjected() {
        assertEquals("a b c", TextFolding.fold("a\uE000b\uE001c"));
    }

    @Test
    void foldingIsIdempotent() {
        for (String s : new String[] {"Crème Brûlée", "ｶﾞｷﾞ", "Straße", "Ёлка", "ﬁle²", "한국어", "كَتَبَ"}) {
            String once = TextFolding.fold(s);
            assertEquals(once, TextFolding.fold(once), s);
        }
    }

    @Test
    void offsetsMapEveryFoldedCharBackToItsOriginalCluster() {
        String original = "Ça ﬁt Straße";
        TextFolding.Folded folded = TextFolding.foldWithOffsets(original);
        assertEquals("ca fit strasse", folded.text());
        assertEquals(folded.text().length(), folded.start().length);
        // "ç" (one char) -> "c"
        assertEquals(0, folded.start()[0]);
        assertEquals(1, folded.end()[0]);
        // "ﬁ" (one char at 3) -> "fi" (two chars), both map to [3, 4)
        assertArrayEquals(new int[] {3, 3}, new int[] {folded.start()[3], folded.start()[4]});
        assertArrayEquals(new int[] {4, 4}, new int[] {folded.end()[3], folded.end()[4]});
        // "ß" at 10 -> "ss"
        int ss = folded.text().indexOf("ss");
        assertEquals(10, folded.start()[ss]);
        assertEquals(10, folded.start()[ss + 1]);
        assertEquals(11, folded.end()[ss + 1]);
    }

    @Test
    void decomposedInputMapsToTheWholeCluster() {
        String original = "cafe\u0301!";
        TextFolding.Folded folded = TextFolding.foldWithOffsets(original);
        assertEquals("cafe!", folded.text());
        assertEquals(3, folded.start()[3]);
        assertEquals(5, folded.end()[3]); // the "e" covers the combining accent too
        assertEquals(5, folded.start()[4]);
    }
}
