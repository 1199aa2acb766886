package com.chatplatform.search.message;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns Elasticsearch's highlight of the folded {@code text} field into HTML fragments of the ORIGINAL text.
 *
 * <p>The request asks for the whole folded field ({@code number_of_fragments: 0}) with private-use characters as
 * tags. Folding is done code point cluster by cluster, so {@link TextFolding#foldWithOffsets(String)} maps every
 * folded char back to the original; the marked spans are mapped back, the original text is HTML-escaped and the
 * spans are wrapped in {@code <em>...</em>}. Long texts are cut into fragments around the matches. If the folded
 * text in the index does not equal the folding of the stored original (a document indexed with another folding
 * version), the folded fragment itself is returned, escaped and tagged the same way.
 */
final class Highlights {

    static final String PRE_TAG = String.valueOf(TextFolding.HIGHLIGHT_START);
    static final String POST_TAG = String.valueOf(TextFolding.HIGHLIGHT_END);

    /** Texts up to this length are returned whole as one fragment. */
    static final int FRAGMENT_SIZE = 160;
    static final int MAX_FRAGMENTS = 3;
    private static final String ELLIPSIS = "\u2026";

    private Highlights() {
    }

    /**
     * @param original          the original text of the message
     * @param highlightedFolded the folded text with {@link #PRE_TAG}/{@link #POST_TAG} around matches
     * @return HTML fragments (escaped text, matches in {@code <em>}); empty when nothing is marked
     */
    static List<String> fragments(String original, String highlightedFolded) {
        StringBuilder plain = new StringBuilder(highlightedFolded.length());
        List<int[]> foldedSpans = new ArrayList<>();
        int open = -1;
        for (int i = 0; i < highlightedFolded.length(); i++) {
            char c = highlightedFolded.charAt(i);
            if (c == TextFolding.HIGHLIGHT_START) {
                open = plain.length();
            } else if (c == TextFolding.HIGHLIGHT_END) {
                if (open >= 0 && plain.length() > open) {
                    foldedSpans.add(new int[] {open, plain.length()});
                }
                open = -1;
            } else {
                plain.append(c);
            }
        }
        if (foldedSpans.isEmpty()) {
            return List.of();
        }
        String source = original == null ? "" : original;
        TextFolding.Folded folded = TextFolding.foldWithOffsets(source);
        List<int[]> spans = new ArrayList<>();
        if (folded.text().contentEquals(plain)) {
            for (int[] span : foldedSpans) {
                spans.add(new int[] {folded.start()[span[0]], folded.end()[span[1] - 1]});
            }
        } else {
            source = plain.toString();
            spans.addAll(foldedSpans);
        }
        return cut(source, merge(spans));
    }

    private static List<int[]> merge(List<int[]> spans) {
        spans.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] span : spans) {
            int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && span[0] <= last[1]) {
                last[1] = Math.max(last[1], span[1]);
            } else {
                merged.add(new int[] {span[0], span[1]});
            }
        }
        return merged;
    }

    private static List<String> cut(String text, List<int[]> spans) {
        if (text.length() <= FRAGMENT_SIZE) {
            return List.of(render(text, 0, text.length(), spans));
        }
        List<String> fragments = new ArrayList<>();
        int coveredUntil = 0;
        for (int[] span : spans) {
            if (fragments.size() == MAX_FRAGMENTS) {
                break;
            }
            if (span[0] < coveredUntil) {
                continue; // already inside the previous fragment
            }
            int start = Math.max(coveredUntil, span[0] - FRAGMENT_SIZE / 4);
            start = wordStart(text, start, span[0]);
            int end = Math.min(text.length(), Math.max(span[1], start + FRAGMENT_SIZE));
            end = wordEnd(text, end, span[1]);
            fragments.add((start > 0 ? ELLIPSIS : "") + render(text, start, end, spans)
                    + (end < text.length() ? ELLIPSIS : ""));
            coveredUntil = end;
        }
        return fragments;
    }

    /** Moves {@code start} forward to the next word start, but not past {@code limit}; never inside a pair. */
    private static int wordStart(String text, int start, int limit) {
        int s = start;
        if (s > 0 && !Character.isWhitespace(text.charAt(s - 1))) {
            while (s < limit && !Character.isWhitespace(text.charAt(s))) {
                s++;
            }
            if (s < limit) {
                s++;
            } else {
                s = start;
            }
        }
        if (s > 0 && s < text.length() && Character.isLowSurrogate(text.charAt(s))) {
            s--;
        }
        return s;
    }

    /** Moves {@code end} back to the previous word end, but not before {@code limit}; never inside a pair. */
    private static int wordEnd(String text, int end, int limit) {
        int e = end;
        if (e < text.length() && !Character.isWhitespace(text.charAt(e))) {
            while (e > limit && !Character.isWhitespace(text.charAt(e - 1))) {
                e--;
            }
            if (e <= limit) {
                e = end;
            }
        }
        if (e > 0 && e < text.length() && Character.isLowSurrogate(text.charAt(e))) {
            e++;
        }
        return e;
    }

    private static String render(String text, int from, int to, List<int[]> spans) {
        StringBuilder sb = new StringBuilder((to - from) + 32);
        int pos = from;
        for (int[] span : spans) {
            int s = Math.max(span[0], from);
            int e = Math.min(span[1], to);
            if (s >= e) {
                continue;
            }
            escape(text, pos, s, sb);
            sb.append("<em>");
            escape(text, s, e, sb);
            sb.append("</em>");
            pos = e;
        }
        escape(text, pos, to, sb);
        return sb.toString();
    }

    static void escape(String text, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }
}
