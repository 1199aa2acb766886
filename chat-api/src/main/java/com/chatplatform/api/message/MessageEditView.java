package com.chatplatform.api.message;

import java.time.Instant;

/** An earlier text of an edited message: the text of {@code version}, replaced at {@code replacedAt}. */
public record MessageEditView(long version, String text, Instant replacedAt) {
}
