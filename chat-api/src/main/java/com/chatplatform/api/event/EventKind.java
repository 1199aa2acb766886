package com.chatplatform.api.event;

/** The kinds of conversation events (docs/protocol.md lists their data). */
public enum EventKind {
    CONVERSATION_CREATED("conversation.created"),
    CONVERSATION_UPDATED("conversation.updated"),
    MEMBER_JOINED("member.joined"),
    MEMBER_LEFT("member.left"),
    MEMBER_REMOVED("member.removed"),
    MEMBER_ROLE_CHANGED("member.role_changed"),
    // moderation
    MEMBER_BANNED("member.banned"),
    MEMBER_UNBANNED("member.unbanned"),
    MESSAGE_CREATED("message.created"),
    MESSAGE_EDITED("message.edited"),
    MESSAGE_DELETED("message.deleted"),
    REACTION_ADDED("reaction.added"),
    REACTION_REMOVED("reaction.removed"),
    READ("read"),
    // messaging features
    PIN_ADDED("pin.added"),
    PIN_REMOVED("pin.removed"),
    CONVERSATION_ARCHIVED("conversation.archived"),
    CONVERSATION_UNARCHIVED("conversation.unarchived");

    private final String wire;

    EventKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Read markers, reactions and pins do not move a conversation up in its members' lists; everything else does. */
    boolean isActivity() {
        return this != READ && this != REACTION_ADDED && this != REACTION_REMOVED && this != PIN_ADDED && this != PIN_REMOVED;
    }
}
