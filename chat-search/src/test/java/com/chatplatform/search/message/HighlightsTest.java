package com.chatplatform.search.message;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HighlightsTest {

    private static final char S = TextFolding.HIGHLIGHT_START;
    private static final char E = TextFolding.HIGHLIGHT_END;

    /** What Elasticsearch returns: the folded text with the tags around the given folded words. */
    private static String esHighlight(String original, String... words) {
        String folded = TextFolding.fold(original);
        for (String w : words) {
            folded = folded.replace(w, S + w + E);
        }
        return folded;
    }

    @Test
    void mapsHighlightsBackToTheOriginalText() {
        String original = "Un CAFÉ crème à <b>l'Hôtel</b> & co";
        List<String> fragments = Highlights.fragments(original, esHighlight(original, "cafe", "hotel"));
        assertEquals(List.of("Un <em>CAFÉ</em> crème à &lt;b&gt;l&#39;<em>Hôtel</em>&lt;/b&gt; &amp; co"), fragments);
    }

    @Test
    void mapsExpandedCharactersBackToOneOriginalChar() {
        String original = "Die Straße ist ﬁne";
        List<String> fragments = Highlights.fragments(original, esHighlight(original, "strasse", "fine"));
        assertEquals(List.of("Die <em>Straße</em> ist <em>ﬁne</em>"), fragments);
    }

    @Test
    void keepsNonLatinText() {
        String original = "今日は東京で会議 — Привет, МИР!";
        List<String> fragments = Highlights.fragments(original, esHighlight(original, "東", "京", "мир"));
        assertEquals(List.of("今日は<em>東京</em>で会議 — Привет, <em>МИР</em>!"), fragments);
    }

    @Test
    void longTextIsCutIntoFragmentsAroundMatches() {
        String filler = "lorem ipsum dolor sit amet ".repeat(20);
        String original = "Start " + filler + "the Café is here " + filler + "and the end";
        List<String> fragments = Highlights.fragments(original, esHighlight(original, "cafe"));
        assertEquals(1, fragments.size());
        String fragment = fragments.get(0);
        assertTrue(fragment.startsWith("\u2026"), fragment);
        assertTrue(fragment.endsWith("\u2026"), fragment);
        assertTrue(fragment.contains("<em>Café</em>"), fragment);
        assertTrue(fragment.length() < Highlights.FRAGMENT_SIZE + 40, fragment);
    }

    @Test
    void fallsBackToTheFoldedTextWhenItDoesNotMatchTheOriginal() {
        List<String> fragments = Highlights.fragments("something else", "a " + S + "cafe" + E + " <x>");
        assertEquals(List.of("a <em>cafe</em> &lt;x&gt;"), fragments);
    }

    @Test
    void noMarkedSpanMeansNoFragment() {
        assertEquals(List.of(), Highlights.fragments("hello", "hello"));
    }
}
