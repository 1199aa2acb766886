package com.chatplatform.client.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CursorStoreTest {

    @Test
    void theInMemoryStoreStartsAtZeroAndNeverMovesBackwards() {
        CursorStore store = CursorStore.inMemory();
        assertEquals(0, store.get("c1"));
        store.put("c1", 5);
        store.put("c1", 3); // a late, older position does not undo what was handed over
        assertEquals(5, store.get("c1"));
        store.put("c1", 6);
        assertEquals(6, store.get("c1"));
        assertEquals(0, store.get("c2"));
    }
}
