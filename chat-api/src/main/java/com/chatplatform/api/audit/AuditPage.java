package com.chatplatform.api.audit;

import java.util.List;

/** A page of the audit log, newest first; pass {@code nextBefore} as {@code before} for the next page (null: no more). */
public record AuditPage(List<AuditEntry> items, Long nextBefore) {
}
