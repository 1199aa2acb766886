package com.chatplatform.api.moderation;

import static com.chatplatform.api.platform.JsonSupport.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.chatplatform.api.event.EventView;
import com.chatplatform.api.message.MessageView;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The per-viewer shapes of blocked senders' messages and events (ADR 0011): pure logic, no server. */
class BlockedSendersTest {
    private static final UUID CONVERSATION = UUID.randomUUID();

    private static MessageView message(String sender, long seq) {
        return new MessageView(UUID.randomUUID(), CONVERSATION, seq, sender, "c-" + seq, "text " + seq, List.of(), 1, Instant.now(), false,
                null, List.of(), List.of(), false, sender == null ? "system" : "user", null, null, 0, null);
    }

    @Test
    void onlyMessagesOfBlockedSendersAreFlaggedAndNothingElseChanges() {
        MessageView fromMallory = message("mallory", 1);
        MessageView fromCarol = message("carol", 2);
        MessageView system = message(null, 3);
        List<MessageView> marked = BlockedSenders.mark(Set.of("mallory"), List.of(fromMallory, fromCarol, system));
        assertEquals(Boolean.TRUE, marked.get(0).senderBlocked());
        assertEquals("text 1", marked.get(0).text(), "the content stays: clients collapse it");
        assertEquals(fromMallory.seq(), marked.get(0).seq());
        assertNull(marked.get(1).senderBlocked());
        assertNull(marked.get(2).senderBlocked());
        List<MessageView> none = List.of(fromCarol, system);
        assertSame(none, BlockedSenders.mark(Set.of("mallory"), none), "no blocked sender: the same list");
        assertSame(none, BlockedSenders.mark(Set.of(), none));
        assertNull(BlockedSenders.mark(Set.of("mallory"), (MessageView) null));
        assertNull(fromMallory.senderBlocked(), "the stored view never carries the flag");
    }

    @Test
    void theLivePlaceholderKeepsSeqKindActorAndMessageIdButNoContent() {
        UUID messageId = UUID.randomUUID();
        JsonObject data = JSON.createObjectBuilder().add("messageId", messageId.toString())
                .add("message", JSON.createObjectBuilder().add("text", "secret").add("senderId", "mallory")).build();
        EventView event = new EventView(CONVERSATION, 45, "message.created", "mallory", Instant.now(), data);
        EventView placeholder = BlockedSenders.placeholder(event);
        assertEquals(45, placeholder.seq());
        assertEquals("message.created", placeholder.kind());
        assertEquals("mallory", placeholder.actorId());
        assertEquals(event.createdAt(), placeholder.createdAt());
        assertEquals(messageId.toString(), placeholder.data().getString("messageId"));
        assertTrue(placeholder.data().getBoolean("senderBlocked"));
        assertFalse(placeholder.data().containsKey("message"));
        assertFalse(placeholder.data().toString().contains("secret"));
        JsonObject reaction = JSON.createObjectBuilder().add("messageId", messageId.toString()).add("emoji", ":+1:").add("userId", "mallory").build();
        assertEquals(Set.of("messageId", "senderBlocked"),
                BlockedSenders.placeholder(new EventView(CONVERSATION, 46, "reaction.added", "mallory", Instant.now(), reaction)).data().keySet());
    }

    @Test
    void eventDataReadByTheBlockerIsFlaggedOnlyForContentOfTheBlockedUser() {
        JsonObject created = JSON.createObjectBuilder().add("messageId", "m1")
                .add("message", JSON.createObjectBuilder().add("senderId", "mallory").add("text", "hi")).build();
        JsonObject flagged = BlockedSenders.markEventData(Set.of("mallory"), "message.created", "mallory", created);
        assertTrue(flagged.getBoolean("senderBlocked"));
        assertTrue(flagged.getJsonObject("message").getBoolean("senderBlocked"));
        assertEquals("hi", flagged.getJsonObject("message").getString("text"));
        // A moderator's hard delete of Mallory's message: the actor is not blocked, the message it carries is.
        JsonObject byModerator = BlockedSenders.markEventData(Set.of("mallory"), "message.deleted", "mod", created);
        assertFalse(byModerator.containsKey("senderBlocked"));
        assertTrue(byModerator.getJsonObject("message").getBoolean("senderBlocked"));
        // Membership events of the blocked user are not content: unchanged.
        JsonObject joined = JSON.createObjectBuilder().add("userId", "mallory").add("role", "member").build();
        assertSame(joined, BlockedSenders.markEventData(Set.of("mallory"), "member.joined", "mallory", joined));
        assertSame(created, BlockedSenders.markEventData(Set.of("carol"), "message.created", "mallory", created));
        assertSame(created, BlockedSenders.markEventData(Set.of(), "message.created", "mallory", created));
    }
}
