package com.chatplatform.api.platform;

import java.util.Locale;

/** LIKE patterns built from user input: the input's own %, _ and \ match literally (use with ESCAPE '\'). */
public final class SqlLike {
    private SqlLike() {
    }

    /** A case-insensitive prefix pattern: lower-cased, escaped, with a trailing %. */
    public static String lowerPrefix(String prefix) {
        return prefix.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
