package com.chatplatform.api.platform;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/api/errors.md must list every code of the catalogue with its status. */
class ErrorCatalogueDocTest {
    @Test
    void everyCodeIsDocumentedWithItsStatus() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "api", "errors.md"));
        for (ErrorCode code : ErrorCode.values()) {
            assertTrue(doc.contains("| `" + code.code() + "` | " + code.status() + " |"),
                    () -> code.code() + " is missing from docs/api/errors.md");
        }
    }
}
