package com.chatplatform.search.message;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SearchIndexNamesTest {

    @Test
    void namesFollowThePrefix() {
        SearchIndexNames names = SearchIndexNames.of(null);
        assertEquals("chat-messages-v1", names.index());
        assertEquals("chat-messages", names.readAlias());
        assertEquals("chat-messages-write", names.writeAlias());
        assertEquals("acme-messages-v1", SearchIndexNames.of(" acme ").index());
    }

    @Test
    void invalidPrefixIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SearchIndexNames.of("Chat"));
        assertThrows(IllegalArgumentException.class, () -> SearchIndexNames.of("-chat"));
        assertThrows(IllegalArgumentException.class, () -> SearchIndexNames.of("chat/x"));
    }
}
