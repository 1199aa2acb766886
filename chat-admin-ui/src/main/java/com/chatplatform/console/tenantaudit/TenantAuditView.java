package com.chatplatform.console.tenantaudit;

import com.chatplatform.client.admin.Account;
import com.chatplatform.client.admin.AuditEntry;
import com.chatplatform.client.admin.AuditPage;
import com.chatplatform.client.admin.AuditQuery;
import com.chatplatform.client.admin.AuditVerification;
import com.chatplatform.console.app.ApiProblems;
import com.chatplatform.console.app.ConsoleApi;
import com.chatplatform.console.app.ErrorBanner;
import com.chatplatform.console.app.MainLayout;
import com.chatplatform.console.auth.CurrentUser;
import com.chatplatform.console.auth.RequiresRole;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.inject.Inject;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tenant's own audit log for tenant admins and compliance officers ({@code GET /audit}, newest first, "Load
 * more") and the check of its hash chain ({@code GET /audit/verify}).
 */
@Route(value = "tenant-audit", layout = MainLayout.class)
@PageTitle("Audit log | " + MainLayout.PRODUCT_NAME)
@RequiresRole({Account.TENANT_ADMIN, Account.COMPLIANCE_OFFICER})
public class TenantAuditView extends VerticalLayout implements BeforeEnterObserver {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int PAGE = 50;

    private final ConsoleApi api;
    private final TextField action = new TextField("Action");
    private final Grid<AuditEntry> grid = new Grid<>(AuditEntry.class, false);
    private final Paragraph empty = new Paragraph("No audit entries match.");
    private final Button more = new Button("Load more");
    private final Span verification = new Span();
    private final ErrorBanner error = new ErrorBanner("tenant-audit-error");
    private final List<AuditEntry> rows = new ArrayList<>();
    private Long nextBefore;

    @Inject
    public TenantAuditView(ConsoleApi api) {
        this.api = api;
        setId("tenant-audit-view");
        setPadding(true);
        setMaxWidth("1200px");
        H2 title = new H2("Audit log");
        title.getStyle().set("margin", "0");
        action.setId("tenant-audit-action");
        action.setPlaceholder("e.g. compliance.erasure_completed");
        action.setClearButtonVisible(true);
        Button filter = new Button("Filter", VaadinIcon.FILTER.create(), click -> load(false));
        filter.setId("tenant-audit-filter");
        filter.addClickShortcut(Key.ENTER);
        Button verify = new Button("Verify chain", VaadinIcon.CHECK_CIRCLE.create(), click -> verify());
        verify.setId("tenant-audit-verify");
        verification.setId("tenant-audit-verification");
        FlexLayout tools = new FlexLayout(action, filter, verify, verification);
        tools.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        tools.setAlignItems(FlexComponent.Alignment.BASELINE);
        tools.getStyle().set("gap", "var(--lumo-space-s)");
        tools.setWidthFull();

        grid.setId("tenant-audit-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setAllRowsVisible(true);
        grid.addColumn(e -> e.occurredAt() == null ? "" : WHEN.format(e.occurredAt())).setHeader("Time").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(AuditEntry::action).setHeader("Action").setFlexGrow(1);
        grid.addColumn(e -> e.actorKind() + (e.actorId() == null ? "" : " " + e.actorId())).setHeader("Actor").setFlexGrow(1);
        grid.addColumn(e -> (e.targetType() == null ? "" : e.targetType()) + (e.targetId() == null ? "" : " " + e.targetId())).setHeader("Target").setFlexGrow(1);
        grid.addColumn(AuditEntry::outcome).setHeader("Outcome").setAutoWidth(true).setFlexGrow(0);
        empty.setId("tenant-audit-empty");
        empty.getStyle().set("color", "var(--lumo-secondary-text-color)");
        more.setId("tenant-audit-more");
        more.addClickListener(click -> load(true));
        add(title, tools, error, empty, grid, more);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        load(false);
    }

    private void load(boolean next) {
        try {
            error.clear();
            AuditQuery query = new AuditQuery(null, action.getValue().isBlank() ? null : action.getValue().strip(), null, null, PAGE,
                    next ? nextBefore : null);
            AuditPage page = api.as(CurrentUser.token()).listTenantAudit(query);
            if (!next) {
                rows.clear();
            }
            rows.addAll(page.items() == null ? List.of() : page.items());
            nextBefore = page.nextBefore();
            grid.setItems(rows);
            grid.setVisible(!rows.isEmpty());
            empty.setVisible(rows.isEmpty());
            more.setVisible(nextBefore != null);
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not load the audit log"));
        }
    }

    private void verify() {
        try {
            error.clear();
            AuditVerification v = api.as(CurrentUser.token()).verifyTenantAudit();
            verification.setText(v.valid()
                    ? "The chain verifies: " + v.checked() + " entries checked."
                    : "The chain is broken at entry " + v.firstBrokenId() + (v.reason() == null ? "" : " (" + v.reason() + ")") + ".");
            verification.getStyle().set("color", v.valid() ? "var(--lumo-success-text-color)" : "var(--lumo-error-text-color)");
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not verify the audit log"));
        }
    }
}
