package com.chatplatform.api.message;

import java.util.regex.Pattern;

/** What may be a reaction: one emoji (with modifiers, ZWJ sequences, flags, keycaps) or a :short_code:. */
public final class Reactions {
    static final int MAX_LENGTH = 32;
    private static final Pattern SHORT_CODE = Pattern.compile(":[a-z0-9_+-]{1,30}:");

    private Reactions() {
    }

    public static boolean isValid(String emoji) {
        if (emoji == null || emoji.isEmpty() || emoji.length() > MAX_LENGTH) {
            return false;
        }
        if (SHORT_CODE.matcher(emoji).matches()) {
            return true;
        }
        int pictographs = 0;
        int count = emoji.codePointCount(0, emoji.length());
        if (count > 12) {
            return false;
        }
        for (int i = 0; i < emoji.length(); ) {
            int cp = emoji.codePointAt(i);
            i += Character.charCount(cp);
            if (isPictograph(cp)) {
                pictographs++;
            } else if (!isJoinerOrModifier(cp)) {
                return false;
            }
        }
        return pictographs > 0;
    }

    private static boolean isPictograph(int cp) {
        return Character.getType(cp) == Character.OTHER_SYMBOL && cp >= 0x2000
                || (cp >= 0x1F1E6 && cp <= 0x1F1FF) // regional indicators (flags)
                || cp == 0x20E3; // combining keycap (1️⃣)
    }

    private static boolean isJoinerOrModifier(int cp) {
        return cp == 0x200D // zero-width joiner
                || cp == 0xFE0F || cp == 0xFE0E // variation selectors
                || (cp >= 0x1F3FB && cp <= 0x1F3FF) // skin tones
                || (cp >= 0xE0020 && cp <= 0xE007F) // tag sequences
                || (cp >= '0' && cp <= '9') || cp == '#' || cp == '*'; // keycap bases
    }
}
