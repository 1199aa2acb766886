package com.chatplatform.api.message;

import static com.chatplatform.api.platform.JsonSupport.JSON;

import com.chatplatform.api.media.AttachmentView;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

/**
 * The JSON of a {@link MessageView} written by hand with JSON-P, in the shape JSON-B gives it (members in record order,
 * absent values left out, instants in ISO-8601): the send path renders each new message once with it for the event
 * payload and the frames, several times cheaper than JSON-B's reflection, which was the hottest part of a send after
 * the database. MessageJsonTest keeps the two shapes equal.
 */
public final class MessageJson {
    private MessageJson() {
    }

    /** The message as a JSON object text. */
    public static String of(MessageView m) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(g, m);
        }
        return out.toString();
    }

    /** The event payload of a message event: {@code {"messageId": ..., "message": {...}}} around the rendered message. */
    public static String payload(MessageView m, String messageJson) {
        return "{\"messageId\":\"" + m.id() + "\",\"message\":" + messageJson + "}";
    }

    /** Writes the message as the next value of the generator (an array item or after a key). */
    public static void write(JsonGenerator g, MessageView m) {
        g.writeStartObject();
        g.write("id", m.id().toString());
        g.write("conversationId", m.conversationId().toString());
        g.write("seq", m.seq());
        optional(g, "senderId", m.senderId());
        optional(g, "clientId", m.clientId());
        optional(g, "text", m.text());
        if (m.attachments() != null) {
            g.writeStartArray("attachments");
            for (AttachmentView a : m.attachments()) {
                attachment(g, a);
            }
            g.writeEnd();
        }
        g.write("version", m.version());
        instant(g, "createdAt", m.createdAt());
        g.write("deleted", m.deleted());
        instant(g, "editedAt", m.editedAt());
        if (m.reactions() != null) {
            g.writeStartArray("reactions");
            for (MessageView.Reaction r : m.reactions()) {
                g.writeStartObject();
                optional(g, "emoji", r.emoji());
                strings(g, "userIds", r.userIds());
                g.writeEnd();
            }
            g.writeEnd();
        }
        strings(g, "mentions", m.mentions());
        g.write("hardDeleted", m.hardDeleted());
        optional(g, "kind", m.kind());
        if (m.system() != null) {
            g.write("system", m.system());
        }
        if (m.parentId() != null) {
            g.write("parentId", m.parentId().toString());
        }
        g.write("replyCount", m.replyCount());
        instant(g, "lastReplyAt", m.lastReplyAt());
        if (m.senderBlocked() != null) {
            g.write("senderBlocked", m.senderBlocked());
        }
        g.writeEnd();
    }

    private static void attachment(JsonGenerator g, AttachmentView a) {
        g.writeStartObject();
        g.write("id", a.id().toString());
        optional(g, "fileName", a.fileName());
        optional(g, "contentType", a.contentType());
        g.write("size", a.size());
        optional(g, "status", a.status());
        if (a.width() != null) {
            g.write("width", a.width());
        }
        if (a.height() != null) {
            g.write("height", a.height());
        }
        if (a.durationMs() != null) {
            g.write("durationMs", a.durationMs());
        }
        optional(g, "scanStatus", a.scanStatus());
        g.writeEnd();
    }

    private static void strings(JsonGenerator g, String name, List<String> values) {
        if (values == null) {
            return;
        }
        g.writeStartArray(name);
        for (String v : values) {
            g.write(v);
        }
        g.writeEnd();
    }

    private static void optional(JsonGenerator g, String name, String value) {
        if (value != null) {
            g.write(name, value);
        }
    }

    private static void instant(JsonGenerator g, String name, Instant value) {
        if (value != null) {
            g.write(name, value.toString());
        }
    }
}
