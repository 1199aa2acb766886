package com.chatplatform.api.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentSnifferTest {
    @Test
    void recognisesCommonTypesFromTheirBytes() {
        assertEquals(Optional.of("image/png"), ContentSniffer.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0}));
        assertEquals(Optional.of("image/jpeg"), ContentSniffer.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}));
        assertEquals(Optional.of("image/gif"), ContentSniffer.sniff("GIF89a....".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.of("application/pdf"), ContentSniffer.sniff("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.of("text/plain"), ContentSniffer.sniff("hello\nworld".getBytes(StandardCharsets.UTF_8)));
        assertTrue(ContentSniffer.sniff(new byte[] {0, 1, 2, 3}).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "../x.png", "a/b.png", "a\\b.png", "bad\u0000name", "tab\tname", "..", "."})
    void refusesNamesWithPathsOrControlCharacters(String name) {
        ApiException e = assertThrows(ApiException.class, () -> AttachmentService.validFileName(name));
        assertEquals(ErrorCode.MEDIA_INVALID_FILE_NAME, e.code());
    }

    @Test
    void keepsOrdinaryNames() {
        assertEquals("holiday photo (1).jpg", AttachmentService.validFileName("holiday photo (1).jpg"));
    }
}
