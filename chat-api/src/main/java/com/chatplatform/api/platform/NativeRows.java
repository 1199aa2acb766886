package com.chatplatform.api.platform;

import java.util.UUID;

/** Reading values of native-query rows, whose uuid columns arrive as UUID or as text depending on the driver path. */
public final class NativeRows {
    private NativeRows() {
    }

    public static UUID uuid(Object value) {
        return value instanceof UUID u ? u : UUID.fromString(value.toString());
    }
}
