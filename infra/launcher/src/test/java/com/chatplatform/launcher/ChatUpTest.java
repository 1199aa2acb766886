package com.chatplatform.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatUpTest {

    private static final Path REPO = Path.of("/repo");

    @Test
    void defaultsNeedNoSetting() {
        ChatUp.Options o = ChatUp.Options.parse(new String[0], Map.of(), REPO);
        assertEquals(8080, o.port());
        assertEquals(Path.of("/repo/.chat"), o.dataDir());
    }

    @Test
    void portFromOptionBeatsTheEnvironment() {
        assertEquals(9000, ChatUp.Options.parse(new String[0], Map.of("CHAT_PORT", "9000"), REPO).port());
        assertEquals(9001, ChatUp.Options.parse(new String[] {"--port", "9001"}, Map.of("CHAT_PORT", "9000"), REPO).port());
        assertEquals(9002, ChatUp.Options.parse(new String[] {"--port=9002"}, Map.of(), REPO).port());
        assertEquals(Path.of("/data/x"), ChatUp.Options.parse(new String[] {"--data", "/data/x"}, Map.of(), REPO).dataDir());
    }

    @Test
    void badInputIsAUsageError() {
        assertEquals("--port must be a port number between 1 and 65535, not \"abc\".",
                assertThrows(ChatUp.UsageException.class,
                        () -> ChatUp.Options.parse(new String[] {"--port", "abc"}, Map.of(), REPO)).getMessage());
        assertThrows(ChatUp.UsageException.class, () -> ChatUp.Options.parse(new String[] {"--port"}, Map.of(), REPO));
        assertThrows(ChatUp.UsageException.class, () -> ChatUp.Options.parse(new String[] {"--bench"}, Map.of(), REPO));
        assertThrows(ChatUp.UsageException.class,
                () -> ChatUp.Options.parse(new String[0], Map.of("CHAT_PORT", "70000"), REPO));
    }

    @Test
    void adminCredentialsAreGeneratedOnceAndPrivate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("admin-credentials.properties");
        ChatUp.AdminCredentials first = ChatUp.AdminCredentials.loadOrCreate(file);
        assertTrue(first.generated());
        assertEquals("admin@localhost", first.email());
        assertTrue(first.password().length() >= 20);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        ChatUp.AdminCredentials second = ChatUp.AdminCredentials.loadOrCreate(file);
        assertFalse(second.generated());
        assertEquals(first.password(), second.password());
    }
}
