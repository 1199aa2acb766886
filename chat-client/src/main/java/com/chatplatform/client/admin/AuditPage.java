package com.chatplatform.client.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.Serializable;
import java.util.List;

/**
 * A page of the audit log, newest first. Pass {@code nextBefore} as {@link AuditQuery#before} for the next
 * page; {@code null} means there is no more.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuditPage(List<AuditEntry> items, Long nextBefore) implements Serializable {

    public AuditPage {
        items = items == null ? List.of() : List.copyOf(items);
    }

    public boolean hasMore() {
        return nextBefore != null;
    }
}
