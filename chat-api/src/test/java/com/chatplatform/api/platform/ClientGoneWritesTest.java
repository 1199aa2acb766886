package com.chatplatform.api.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.ProcessingException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ClientGoneWritesTest {
    @Test
    void aClosedOrResetConnectionAnywhereInTheChainIsTheClientGone() {
        // As Jersey reports it: its wrapper, JSON-B's, then Grizzly's.
        assertTrue(ClientGoneWrites.clientGone(new ProcessingException("Error writing JSON-B serialized object.",
                new IOException("Connection is closed", new IOException("Connection reset by peer")))));
        assertTrue(ClientGoneWrites.clientGone(new IOException("Broken pipe")));
        assertTrue(ClientGoneWrites.clientGone(new RuntimeException(new IOException("Connection reset by peer"))));
    }

    @Test
    void otherWriteFailuresAreNot() {
        assertFalse(ClientGoneWrites.clientGone(new ProcessingException("Error writing JSON-B serialized object.",
                new IllegalStateException("Connection is closed")))); // not an I/O error
        assertFalse(ClientGoneWrites.clientGone(new IOException("No space left on device")));
        assertFalse(ClientGoneWrites.clientGone(new IOException((String) null)));
        assertFalse(ClientGoneWrites.clientGone(new RuntimeException("boom")));
    }
}
