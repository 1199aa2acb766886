package com.chatplatform.search.message;

import java.util.ArrayList;
import java.util.List;

/**
 * The user's query text, folded and split into quoted phrases and free words. No other syntax exists: operators,
 * field names, wildcards and brackets are plain text, so nothing the user types can change the query's structure.
 *
 * @param phrases         folded phrases that were in double quotes (each must match as a phrase)
 * @param words           folded free text outside quotes (every word must match), possibly blank
 * @param prefixLastWord  true when the query ends in a free word the user may still be typing: that word then
 *                        matches as a prefix
 */
record QueryText(List<String> phrases, String words, boolean prefixLastWord) {

    static final int MAX_LENGTH = 1_000;

    QueryText {
        phrases = List.copyOf(phrases);
    }

    /**
     * @throws IllegalArgumentException when the text is blank, longer than {@value #MAX_LENGTH} characters, or holds
     *                                  no words (only quotes)
     */
    static QueryText parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("The search query is blank: type at least one word.");
        }
        if (raw.codePointCount(0, raw.length()) > MAX_LENGTH) {
            throw new IllegalArgumentException("The search query is too long: at most " + MAX_LENGTH
                    + " characters.");
        }
        String folded = normaliseQuotes(TextFolding.fold(raw)).strip();
        List<String> phrases = new ArrayList<>();
        StringBuilder words = new StringBuilder();
        boolean endsWithFreeWord = false;
        int i = 0;
        while (i < folded.length()) {
            int quote = folded.indexOf('"', i);
            int close = quote < 0 ? -1 : folded.indexOf('"', quote + 1);
            if (quote < 0 || close < 0) {
                // No (balanced) quote left: the rest is free text, an unmatched quote counts as a space.
                String rest = folded.substring(i).replace('"', ' ');
                words.append(' ').append(rest);
                endsWithFreeWord = !rest.isBlank() && !Character.isWhitespace(rest.charAt(rest.length() - 1))
                        && !Character.isWhitespace(raw.charAt(raw.length() - 1));
                break;
            }
            words.append(' ').append(folded, i, quote);
            String phrase = folded.substring(quote + 1, close).strip();
            if (!phrase.isEmpty()) {
                phrases.add(phrase);
            }
            i = close + 1;
            endsWithFreeWord = false;
        }
        String free = words.toString().strip().replaceAll("\\s+", " ");
        if (phrases.isEmpty() && free.isEmpty()) {
            throw new IllegalArgumentException("The search query has no words: type at least one word.");
        }
        return new QueryText(phrases, free, endsWithFreeWord && !free.isEmpty());
    }

    private static String normaliseQuotes(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\u201C', '\u201D', '\u201E', '\u201F', '\u00AB', '\u00BB', '\u2033' -> sb.append('"');
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
