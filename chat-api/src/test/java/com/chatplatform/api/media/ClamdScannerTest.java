package com.chatplatform.api.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The INSTREAM framing and reply parsing (the real daemon is exercised by MediaIT). */
class ClamdScannerTest {
    @Test
    void streamsChunksWithLengthPrefixesAndAZeroTerminator() throws Exception {
        byte[] file = new byte[150_000];
        file[149_999] = 42;
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        ClamdScanner.Verdict v = ClamdScanner.instream(new ByteArrayInputStream(file), sent,
                new ByteArrayInputStream("stream: OK\0".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(v.infected());
        ByteBuffer b = ByteBuffer.wrap(sent.toByteArray());
        byte[] command = new byte[10];
        b.get(command);
        assertArrayEquals("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII), command);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int length;
        while ((length = b.getInt()) != 0) {
            assertTrue(length <= 64 * 1024);
            byte[] chunk = new byte[length];
            b.get(chunk);
            received.writeBytes(chunk);
        }
        assertFalse(b.hasRemaining());
        assertArrayEquals(file, received.toByteArray());
    }

    @Test
    void parsesVerdicts() {
        assertFalse(ClamdScanner.parse("stream: OK").infected());
        ClamdScanner.Verdict found = ClamdScanner.parse("stream: Win.Test.EICAR_HDB-1 FOUND");
        assertTrue(found.infected());
        assertEquals("Win.Test.EICAR_HDB-1", found.signature());
        assertThrows(ClamdScanner.ScanFailed.class, () -> ClamdScanner.parse("INSTREAM size limit exceeded. ERROR"));
        assertThrows(ClamdScanner.ScanFailed.class, () -> ClamdScanner.parse(""));
    }

    @Test
    void quarantineKeysStayUnderTheTenantsPrefix() {
        assertEquals("tenants/T/quarantine/conversations/C/attachments/A",
                AttachmentService.quarantineKey("tenants/T/conversations/C/attachments/A"));
    }
}
