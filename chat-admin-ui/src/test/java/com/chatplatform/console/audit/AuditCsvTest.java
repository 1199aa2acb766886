package com.chatplatform.console.audit;

import com.chatplatform.client.admin.AuditEntry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AuditCsvTest {

    @Test
    void writesAHeaderAndOneQuotedRowPerEntry() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("from", "Acme");
        detail.put("to", "Acme, \"the\" best");
        List<AuditEntry> entries = List.of(
                new AuditEntry(7, "t-1", Instant.parse("2026-11-27T22:10:00Z"), "account", "a-1", "tenant.renamed",
                        "tenant", "t-1", "10.0.0.7", "success", detail),
                new AuditEntry(6, null, Instant.parse("2026-11-27T22:00:00Z"), "account", "a-1", "auth.sign_in",
                        null, null, null, "success", null));

        String csv = new String(AuditCsv.write(entries, id -> "t-1".equals(id) ? "Acme, Inc." : ""), StandardCharsets.UTF_8);

        assertEquals(AuditCsv.HEADER + "\r\n"
                + "7,2026-11-27T22:10:00Z,t-1,\"Acme, Inc.\",account,a-1,tenant.renamed,tenant,t-1,success,10.0.0.7,"
                + "\"from: Acme, to: Acme, \"\"the\"\" best\"\r\n"
                + "6,2026-11-27T22:00:00Z,,,account,a-1,auth.sign_in,,,success,,\r\n", csv);
    }

    @Test
    void cellsThatASpreadsheetWouldRunAreDefused() {
        assertEquals("\"'=HYPERLINK(1)\"", AuditCsv.cell("=HYPERLINK(1)"));
        assertEquals("\"'+1\"", AuditCsv.cell("+1"));
        assertEquals("\"'@SUM(A1)\"", AuditCsv.cell("@SUM(A1)"));
        assertEquals("plain", AuditCsv.cell("plain"));
        assertEquals("", AuditCsv.cell(null));
    }
}
