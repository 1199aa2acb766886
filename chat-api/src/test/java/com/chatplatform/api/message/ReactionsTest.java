package com.chatplatform.api.message;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReactionsTest {
    @Test
    void emojiAndShortCodesAreReactions() {
        for (String ok : new String[] {"\uD83D\uDC4D", "\u2764\uFE0F", "\uD83D\uDC4D\uD83C\uDFFD", "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
                "\uD83C\uDDEB\uD83C\uDDF7", "1\uFE0F\u20E3", ":+1:", ":party_parrot:"}) {
            assertTrue(Reactions.isValid(ok), ok);
        }
    }

    @Test
    void textMarkupAndLongStringsAreNot() {
        for (String bad : new String[] {null, "", "hello", "<script>", "a\uD83D\uDC4D", ":Upper:", "::", ":" + "a".repeat(31) + ":",
                "\uD83D\uDC4D".repeat(17), " \uD83D\uDC4D", "\u200D"}) {
            assertFalse(Reactions.isValid(bad), String.valueOf(bad));
        }
    }
}
