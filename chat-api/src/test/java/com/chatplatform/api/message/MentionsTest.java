package com.chatplatform.api.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MentionsTest {

    @Test
    void atIdsAreCandidatesWithTrailingPunctuationVariants() {
        assertEquals(List.of(List.of("bob"), List.of("carol.", "carol")), Mentions.candidates("hi @bob and @carol."));
        assertEquals(List.of(List.of("bob:", "bob")), Mentions.candidates("@bob: look"));
        assertEquals(List.of(List.of("dan@example.com")), Mentions.candidates("ping @dan@example.com"));
    }

    @Test
    void emailAddressesAndLoneAtSignsAreNoMentions() {
        assertEquals(List.of(), Mentions.candidates("mail bob@example.com"));
        assertEquals(List.of(), Mentions.candidates("@ alone, a@ b"));
        assertEquals(List.of(), Mentions.candidates(null));
        assertEquals(List.of(), Mentions.candidates(""));
    }
}
