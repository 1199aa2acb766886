package com.chatplatform.client.realtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a {@link ChatClient} keeps, per conversation, the highest event {@code seq} it has handed to the application.
 * After a reconnect (or a restart, with a durable store) the client asks the server for every event after it, so
 * nothing is missed and nothing is handed over twice. Implement it over a file or a database to survive restarts.
 */
public interface CursorStore {

    /** The highest seq handed over for the conversation, 0 when none. */
    long get(String conversationId);

    /** Records that every event up to {@code seq} has been handed over. */
    void put(String conversationId, long seq);

    /** The default: kept in memory for the life of the client. */
    static CursorStore inMemory() {
        return new InMemory();
    }

    final class InMemory implements CursorStore {
        private final Map<String, Long> cursors = new ConcurrentHashMap<>();

        @Override
        public long get(String conversationId) {
            return cursors.getOrDefault(conversationId, 0L);
        }

        @Override
        public void put(String conversationId, long seq) {
            cursors.merge(conversationId, seq, Math::max);
        }
    }
}
