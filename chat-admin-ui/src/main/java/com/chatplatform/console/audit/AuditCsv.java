package com.chatplatform.console.audit;

import com.chatplatform.console.app.Csv;
import com.chatplatform.client.admin.AuditEntry;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The loaded audit rows as RFC 4180 CSV (UTF-8, CRLF), cells escaped by {@link Csv} (no formulas).
 */
final class AuditCsv {

    static final String HEADER = "id,occurred_at,tenant_id,tenant_name,actor_kind,actor_id,action,target_type,"
            + "target_id,outcome,source_address,detail";

    private AuditCsv() {
    }

    static byte[] write(List<AuditEntry> entries, Function<String, String> tenantName) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (AuditEntry e : entries) {
            csv.append(String.join(",",
                    cell(String.valueOf(e.id())),
                    cell(e.occurredAt() == null ? null : e.occurredAt().toString()),
                    cell(e.tenantId()),
                    cell(e.tenantId() == null ? null : tenantName.apply(e.tenantId())),
                    cell(e.actorKind()),
                    cell(e.actorId()),
                    cell(e.action()),
                    cell(e.targetType()),
                    cell(e.targetId()),
                    cell(e.outcome()),
                    cell(e.sourceIp()),
                    cell(detail(e.detail())))).append("\r\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** "key: value, key: value" in the API's order, or "" when there is no detail. */
    static String detail(Map<String, Object> detail) {
        if (detail == null || detail.isEmpty()) {
            return "";
        }
        return detail.entrySet().stream().map(d -> d.getKey() + ": " + d.getValue()).collect(Collectors.joining(", "));
    }

    static String cell(String value) {
        return Csv.cell(value);
    }
}
