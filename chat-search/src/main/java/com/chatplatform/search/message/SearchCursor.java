package com.chatplatform.search.message;

import co.elastic.clients.elasticsearch._types.FieldValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The opaque pagination cursor: URL-safe base64 of the sort mode and the sort values of the last hit of a page
 * ({@code search_after}). A cursor holds no tenant or conversation: the filters of the next request are applied
 * again, so a forged cursor can only change where a page starts.
 */
final class SearchCursor {

    /** Number of sort values of every sort mode (see {@code MessageSearcher#sortOptions}). */
    static final int SORT_VALUES = 3;
    static final int MAX_LENGTH = 1_000;

    private static final String VERSION = "c1";

    private SearchCursor() {
    }

    static String encode(MessageSort sort, List<FieldValue> values) {
        StringBuilder sb = new StringBuilder(VERSION).append(code(sort)).append(':');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            FieldValue value = values.get(i);
            if (value.isLong()) {
                sb.append('l').append(value.longValue());
            } else if (value.isDouble()) {
                sb.append('d').append(value.doubleValue());
            } else if (value.isString()) {
                sb.append('s').append(Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(value.stringValue().getBytes(StandardCharsets.UTF_8)));
            } else {
                throw new IllegalStateException("Unexpected sort value kind " + value._kind());
            }
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @throws IllegalArgumentException when the cursor is malformed or was made for another sort order
     */
    static List<FieldValue> decode(String cursor, MessageSort sort) {
        if (cursor.length() > MAX_LENGTH) {
            throw invalid();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        String header = VERSION + code(sort) + ':';
        if (!text.startsWith(header)) {
            if (text.startsWith(VERSION) && text.indexOf(':') == VERSION.length() + 1) {
                throw new IllegalArgumentException("The search cursor was made for another sort order.");
            }
            throw invalid();
        }
        String[] parts = text.substring(header.length()).split(",", -1);
        if (parts.length != SORT_VALUES) {
            throw invalid();
        }
        List<FieldValue> values = new ArrayList<>(parts.length);
        try {
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                if (part.isEmpty()) {
                    throw invalid();
                }
                String body = part.substring(1);
                boolean last = i == parts.length - 1;
                switch (part.charAt(0)) {
                    case 'l' -> values.add(FieldValue.of(Long.parseLong(body)));
                    case 'd' -> {
                        double d = Double.parseDouble(body);
                        if (!Double.isFinite(d)) {
                            throw invalid();
                        }
                        values.add(FieldValue.of(d));
                    }
                    case 's' -> values.add(FieldValue.of(
                            new String(Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8)));
                    default -> throw invalid();
                }
                // The last sort key is the message id (a string), all others are numbers.
                if (last != values.get(i).isString()) {
                    throw invalid();
                }
            }
        } catch (IllegalArgumentException e) { // includes NumberFormatException
            if (e.getMessage() != null && e.getMessage().startsWith("Invalid search cursor")) {
                throw e;
            }
            throw invalid();
        }
        return values;
    }

    private static char code(MessageSort sort) {
        return switch (sort) {
            case RELEVANCE -> 'R';
            case NEWEST_FIRST -> 'N';
            case OLDEST_FIRST -> 'O';
        };
    }

    private static IllegalArgumentException invalid() {
        return new IllegalArgumentException("Invalid search cursor: pass the nextCursor of a previous result unchanged.");
    }
}
