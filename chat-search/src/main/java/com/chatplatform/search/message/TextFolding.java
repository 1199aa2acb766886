package com.chatplatform.search.message;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * The text folding applied in Java before indexing and to every query, because the development node has no
 * {@code asciifolding} filter (no analysis-common module). Index and query text go through the same function, so
 * "café", "CAFÉ" and "cafe" all become "cafe".
 *
 * <p>Each grapheme-like cluster (a base code point and the combining marks that follow it) is folded on its own:
 * Unicode compatibility decomposition (NFKD: full-width forms, ligatures, superscripts), lower case, removal of the
 * diacritic marks listed in {@link #isStrippedMark(int)}, a few Latin letters that have no decomposition
 * (ß, æ, œ, ø, ł, đ, ð, þ, ħ, ı), then canonical recomposition (NFC) so Hangul syllables and kana keep their form.
 * Folding cluster by cluster keeps a map from each folded character back to the original text, which lets search
 * results show highlights on the original (unfolded) text.
 *
 * <p>Marks outside the listed ranges are kept on purpose: Japanese voicing marks (が is not か), Indic vowel signs and
 * viramas, Thai tone marks carry meaning, so folding them would merge different words.
 */
public final class TextFolding {

    /** Private-use characters used as highlight tags in requests; folded to a space so user text can never fake one. */
    static final char HIGHLIGHT_START = '\uE000';
    static final char HIGHLIGHT_END = '\uE001';

    private TextFolding() {
    }

    /** The folded form of {@code text}; {@code null} gives the empty string. */
    public static String fold(String text) {
        return foldWithOffsets(text).text();
    }

    /**
     * The folded text with, for each folded char, the range of the original text it came from.
     *
     * @param text original text, may be {@code null}
     */
    static Folded foldWithOffsets(String text) {
        if (text == null || text.isEmpty()) {
            return new Folded("", new int[0], new int[0]);
        }
        StringBuilder out = new StringBuilder(text.length());
        int[] starts = new int[text.length() + 16];
        int[] ends = new int[text.length() + 16];
        int i = 0;
        while (i < text.length()) {
            int clusterStart = i;
            i += Character.charCount(text.codePointAt(i));
            while (i < text.length() && isCombining(text.codePointAt(i))) {
                i += Character.charCount(text.codePointAt(i));
            }
            String folded = foldCluster(text.substring(clusterStart, i));
            int needed = out.length() + folded.length();
            if (needed > starts.length) {
                int size = Math.max(needed, starts.length * 2);
                starts = Arrays.copyOf(starts, size);
                ends = Arrays.copyOf(ends, size);
            }
            for (int k = 0; k < folded.length(); k++) {
                starts[out.length() + k] = clusterStart;
                ends[out.length() + k] = i;
            }
            out.append(folded);
        }
        return new Folded(out.toString(), Arrays.copyOf(starts, out.length()), Arrays.copyOf(ends, out.length()));
    }

    private static String foldCluster(String cluster) {
        if (cluster.length() == 1) {
            char c = cluster.charAt(0);
            if (c < 0x80) {
                return (c >= 'A' && c <= 'Z') ? String.valueOf((char) (c + 32)) : cluster;
            }
            if (c == HIGHLIGHT_START || c == HIGHLIGHT_END) {
                return " ";
            }
        }
        String decomposed = Normalizer.normalize(cluster, Normalizer.Form.NFKD).toLowerCase(Locale.ROOT);
        // Lower-casing can produce new decomposable characters (e.g. U+0130); decompose once more.
        decomposed = Normalizer.normalize(decomposed, Normalizer.Form.NFKD);
        StringBuilder kept = new StringBuilder(decomposed.length());
        decomposed.codePoints().forEach(cp -> {
            if (isStrippedMark(cp)) {
                return;
            }
            switch (cp) {
                case 'ß' -> kept.append("ss");
                case 'æ' -> kept.append("ae");
                case 'œ' -> kept.append("oe");
                case 'ø' -> kept.append('o');
                case 'ł' -> kept.append('l');
                case 'đ', 'ð' -> kept.append('d');
                case 'þ' -> kept.append("th");
                case 'ħ' -> kept.append('h');
                case 'ı' -> kept.append('i');
                case HIGHLIGHT_START, HIGHLIGHT_END -> kept.append(' ');
                default -> kept.appendCodePoint(cp);
            }
        });
        return Normalizer.normalize(kept, Normalizer.Form.NFC);
    }

    private static boolean isCombining(int cp) {
        if (cp == 0xFF9E || cp == 0xFF9F) {
            return true; // half-width katakana voicing marks: combining once decomposed
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /**
     * Diacritics removed by folding: the combining diacritical mark blocks (Latin, Greek, Cyrillic accents after
     * decomposition), Cyrillic titlo marks, Hebrew points and Arabic harakat.
     */
    static boolean isStrippedMark(int cp) {
        return (cp >= 0x0300 && cp <= 0x036F)      // Combining Diacritical Marks
                || (cp >= 0x0483 && cp <= 0x0489)  // Cyrillic combining marks
                || (cp >= 0x0591 && cp <= 0x05BD) || cp == 0x05BF || cp == 0x05C1 || cp == 0x05C2
                || cp == 0x05C4 || cp == 0x05C5 || cp == 0x05C7   // Hebrew points and cantillation
                || (cp >= 0x0610 && cp <= 0x061A) || (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670
                || (cp >= 0x06D6 && cp <= 0x06DC) || (cp >= 0x06DF && cp <= 0x06E4) || cp == 0x06E7
                || cp == 0x06E8 || (cp >= 0x06EA && cp <= 0x06ED)  // Arabic harakat and Quranic marks
                || (cp >= 0x1AB0 && cp <= 0x1AFF)  // Combining Diacritical Marks Extended
                || (cp >= 0x1DC0 && cp <= 0x1DFF)  // Combining Diacritical Marks Supplement
                || (cp >= 0x20D0 && cp <= 0x20FF)  // Combining Diacritical Marks for Symbols
                || (cp >= 0xFE20 && cp <= 0xFE2F); // Combining Half Marks
    }

    /**
     * Folded text and, for each of its chars, the half-open range {@code [start, end)} of the original text that
     * produced it.
     */
    record Folded(String text, int[] start, int[] end) {
    }
}
