package com.chatplatform.console.audit;

import com.chatplatform.client.admin.Account;
import com.chatplatform.client.admin.AuditEntry;
import com.chatplatform.client.admin.AuditPage;
import com.chatplatform.client.admin.AuditQuery;
import com.chatplatform.client.admin.Tenant;
import com.chatplatform.console.app.ApiProblems;
import com.chatplatform.console.app.ConsoleApi;
import com.chatplatform.console.app.ErrorBanner;
import com.chatplatform.console.app.MainLayout;
import com.chatplatform.console.auth.CurrentUser;
import com.chatplatform.console.auth.RequiresRole;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import com.vaadin.flow.shared.Registration;
import jakarta.inject.Inject;

import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The platform's audit log (GET /platform/audit), newest first: filters by tenant, action and UTC date range,
 * keyset pagination with "Load more", and a CSV export of the rows loaded so far.
 */
@Route(value = "audit", layout = MainLayout.class)
@PageTitle("Audit log | " + MainLayout.PRODUCT_NAME)
@RequiresRole(Account.PLATFORM_ADMIN)
public class AuditView extends VerticalLayout implements BeforeEnterObserver {

    /** Query parameter that preselects a tenant (the tenant page links here with it). */
    public static final String TENANT_PARAMETER = "tenantId";
    static final int PAGE_SIZE = 50;
    static final List<String> KNOWN_ACTIONS = List.of("auth.sign_in", "tenant.created", "tenant.renamed",
            "tenant.suspended", "tenant.reactivated", "api_key.created", "api_key.revoked");
    static final DateTimeFormatter TIME_FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final ConsoleApi api;

    private final ComboBox<Tenant> tenant = new ComboBox<>("Tenant");
    private final ComboBox<String> action = new ComboBox<>("Action");
    private final DatePicker from = new DatePicker("From (UTC)");
    private final DatePicker to = new DatePicker("To (UTC, inclusive)");
    private final Grid<AuditEntry> grid = new Grid<>(AuditEntry.class, false);
    private final ErrorBanner error = new ErrorBanner("audit-error");
    private final Span count = new Span();
    private final Button loadMore = new Button("Load more", VaadinIcon.ANGLE_DOWN.create());
    private final Anchor export = new Anchor();

    private final Map<String, Tenant> tenantsById = new LinkedHashMap<>();
    private final List<AuditEntry> rows = new ArrayList<>();
    /** What the CSV download sends: the loaded rows at the time of the last load (read outside the UI lock). */
    private volatile byte[] csv = AuditCsv.write(List.of(), id -> "");
    private AuditQuery query = AuditQuery.all().withLimit(PAGE_SIZE);
    private Long nextBefore;
    private boolean applying;
    /** Window width (px) below which the grid switches to its narrow layout. */
    static final int NARROW_WINDOW = 1200;
    private boolean narrow;
    private Registration resizeListener;

    @Inject
    public AuditView(ConsoleApi api) {
        this.api = api;
        setId("audit-view");
        setSizeFull();
        setPadding(true);

        H2 title = new H2("Audit log");
        title.getStyle().set("margin", "0");
        count.setId("audit-count");
        count.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        VerticalLayout heading = new VerticalLayout(title, count);
        heading.setPadding(false);
        heading.setSpacing(false);

        export.setId("audit-export");
        export.setHref(DownloadHandler.fromInputStream(event -> {
            byte[] bytes = csv;
            return new DownloadResponse(new ByteArrayInputStream(bytes), "audit-log.csv", "text/csv; charset=utf-8",
                    bytes.length);
        }), AttachmentType.DOWNLOAD);
        export.add(VaadinIcon.DOWNLOAD_ALT.create(), new Span("Export CSV"));
        export.getElement().setAttribute("title", "The rows loaded below, as CSV");
        export.getStyle().set("white-space", "nowrap").set("display", "inline-flex").set("gap", "var(--lumo-space-xs)").set("align-items", "center");

        HorizontalLayout toolbar = new HorizontalLayout(heading, export);
        toolbar.setWidthFull();
        toolbar.setAlignItems(FlexComponent.Alignment.CENTER);
        toolbar.expand(heading);

        tenant.setId("audit-tenant");
        tenant.setItemLabelGenerator(Tenant::name);
        tenant.setClearButtonVisible(true);
        tenant.setPlaceholder("All tenants");
        action.setId("audit-action");
        action.setItems(KNOWN_ACTIONS);
        action.setAllowCustomValue(true);
        action.addCustomValueSetListener(custom -> action.setValue(custom.getDetail().strip()));
        action.setClearButtonVisible(true);
        action.setPlaceholder("All actions");
        from.setId("audit-from");
        from.setClearButtonVisible(true);
        to.setId("audit-to");
        to.setClearButtonVisible(true);
        from.addValueChangeListener(change -> to.setMin(change.getValue()));
        to.addValueChangeListener(change -> from.setMax(change.getValue()));
        for (var field : List.of(tenant, action)) {
            field.addValueChangeListener(change -> applyFilters());
        }
        for (var field : List.of(from, to)) {
            field.addValueChangeListener(change -> applyFilters());
        }
        Button clear = new Button("Clear filters", click -> clearFilters());
        clear.setId("audit-clear");
        clear.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), click -> applyFilters());
        refresh.setId("audit-refresh");
        refresh.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        HorizontalLayout filters = new HorizontalLayout(tenant, action, from, to, clear, refresh);
        filters.setWrap(true);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.setWidthFull();

        grid.setId("audit-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.addColumn(e -> e.occurredAt() == null ? "" : TIME_FORMAT.format(e.occurredAt()))
                .setHeader("Time (UTC)").setKey("time").setAutoWidth(true).setFlexGrow(0).setResizable(true);
        grid.addColumn(e -> tenantLabel(e.tenantId())).setHeader("Tenant").setKey("tenant")
                .setAutoWidth(true).setResizable(true);
        // Ids are shortened to 8 characters in the grid (the whole id in the tooltip and in the CSV).
        grid.addColumn(e -> join(e.actorKind(), shortId(e.actorId()))).setHeader("Actor").setKey("actor")
                .setTooltipGenerator(e -> join(e.actorKind(), e.actorId()))
                .setAutoWidth(true).setResizable(true);
        grid.addColumn(AuditEntry::action).setHeader("Action").setKey("action").setAutoWidth(true).setResizable(true);
        grid.addColumn(e -> join(e.targetType(), shortId(e.targetId()))).setHeader("Target").setKey("target")
                .setTooltipGenerator(e -> join(e.targetType(), e.targetId()))
                .setAutoWidth(true).setResizable(true);
        grid.addColumn(new ComponentRenderer<>(AuditView::outcomeBadge)).setHeader("Outcome").setKey("outcome")
                .setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(e -> e.sourceIp() == null ? "" : e.sourceIp()).setHeader("Source address").setKey("source")
                .setAutoWidth(true).setResizable(true);
        grid.addColumn(e -> AuditCsv.detail(e.detail())).setHeader("Detail").setKey("detail")
                .setAutoWidth(true).setResizable(true);
        // Narrow windows (tablets): two stacked columns instead of six, so the grid never scrolls sideways.
        grid.addColumn(new ComponentRenderer<>(this::eventCell)).setHeader("Event").setKey("event")
                .setFlexGrow(1).setVisible(false);
        grid.addColumn(new ComponentRenderer<>(AuditView::detailsCell)).setHeader("Details").setKey("details")
                .setFlexGrow(1).setVisible(false);
        grid.setEmptyStateText("No audit entries match these filters.");
        grid.setSizeFull();

        loadMore.setId("audit-load-more");
        loadMore.addClickListener(click -> loadMore());
        loadMore.setVisible(false);
        HorizontalLayout footer = new HorizontalLayout(loadMore);
        footer.setWidthFull();
        footer.setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);

        add(toolbar, filters, error, grid, footer);
        expand(grid);
    }

    @Override
    protected void onAttach(AttachEvent attach) {
        super.onAttach(attach);
        attach.getUI().getPage().retrieveExtendedClientDetails(details -> fitTo(details.getWindowInnerWidth()));
        resizeListener = attach.getUI().getPage().addBrowserWindowResizeListener(resize -> fitTo(resize.getWidth()));
    }

    @Override
    protected void onDetach(DetachEvent detach) {
        if (resizeListener != null) {
            resizeListener.remove();
            resizeListener = null;
        }
        super.onDetach(detach);
    }

    /**
     * Below {@link #NARROW_WINDOW} px the grid shows time, event (action, tenant, outcome) and details (actor,
     * target, source, detail) with wrapped text; wider windows get one column per field.
     */
    private void fitTo(int windowWidth) {
        boolean narrow = windowWidth > 0 && windowWidth < NARROW_WINDOW;
        if (narrow == this.narrow && grid.getColumnByKey("event").isVisible() == narrow) {
            return;
        }
        this.narrow = narrow;
        for (String key : List.of("tenant", "actor", "action", "target", "outcome", "source", "detail")) {
            grid.getColumnByKey(key).setVisible(!narrow);
        }
        grid.getColumnByKey("event").setVisible(narrow);
        grid.getColumnByKey("details").setVisible(narrow);
        Grid.Column<AuditEntry> time = grid.getColumnByKey("time");
        if (narrow) {
            grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
            time.setAutoWidth(false);
            time.setWidth("7.5em");
        } else {
            grid.removeThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
            time.setAutoWidth(true);
        }
        grid.getElement().setAttribute("data-layout", narrow ? "narrow" : "wide");
        grid.recalculateColumnWidths();
    }

    private Div eventCell(AuditEntry e) {
        Span actionName = new Span(e.action() == null ? "" : e.action());
        actionName.getStyle().set("font-weight", "500");
        Div cell = new Div(actionName, new Div(new Span(tenantLabel(e.tenantId()))));
        if (!"success".equalsIgnoreCase(e.outcome())) {
            cell.add(new Div(outcomeBadge(e)));
        }
        return cell;
    }

    private static Div detailsCell(AuditEntry e) {
        Div cell = new Div();
        cell.getStyle().set("font-size", "var(--lumo-font-size-s)");
        for (String line : List.of(join(e.actorKind(), shortId(e.actorId())), join(e.targetType(), shortId(e.targetId())),
                e.sourceIp() == null ? "" : "from " + e.sourceIp(), AuditCsv.detail(e.detail()))) {
            if (!line.isBlank()) {
                cell.add(new Div(new Span(line)));
            }
        }
        cell.getElement().setAttribute("title", join(e.actorKind(), e.actorId()) + " \u2192 " + join(e.targetType(), e.targetId()));
        return cell;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String wanted = event.getLocation().getQueryParameters().getSingleParameter(TENANT_PARAMETER)
                .filter(id -> !id.isBlank()).orElse(null);
        applying = true;
        try {
            loadTenants();
            tenant.setValue(wanted == null ? null : tenantsById.get(wanted));
        } finally {
            applying = false;
        }
        reload(wanted != null && tenant.getValue() == null ? wanted : null);
    }

    private void loadTenants() {
        try {
            List<Tenant> tenants = api.as(CurrentUser.token()).listTenants();
            tenantsById.clear();
            tenants.forEach(t -> tenantsById.put(t.id(), t));
            tenant.setItems(tenants);
        } catch (RuntimeException e) {
            // The log still works without names; say why the tenant filter is empty.
            tenant.setItems(List.of());
            tenant.setHelperText("The tenant list could not be loaded.");
        }
    }

    private void clearFilters() {
        applying = true;
        try {
            tenant.clear();
            action.clear();
            from.clear();
            to.clear();
        } finally {
            applying = false;
        }
        applyFilters();
    }

    private void applyFilters() {
        if (!applying) {
            reload(null);
        }
    }

    /** Loads the first page for the current filters ({@code tenantIdOverride}: a tenant not in the list). */
    private void reload(String tenantIdOverride) {
        String tenantId = tenant.getValue() != null ? tenant.getValue().id() : tenantIdOverride;
        LocalDate fromDay = from.getValue();
        LocalDate toDay = to.getValue();
        query = AuditQuery.all().withLimit(PAGE_SIZE)
                .withTenantId(tenantId)
                .withAction(action.getValue())
                .between(fromDay == null ? null : fromDay.atStartOfDay(ZoneOffset.UTC).toInstant(),
                        toDay == null ? null : toDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        rows.clear();
        nextBefore = null;
        fetch(query);
    }

    private void loadMore() {
        if (nextBefore != null) {
            fetch(query.withBefore(nextBefore));
        }
    }

    private void fetch(AuditQuery page) {
        error.clear();
        try {
            AuditPage result = api.as(CurrentUser.token()).listAudit(page);
            rows.addAll(result.items());
            nextBefore = result.nextBefore();
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not load the audit log"));
            nextBefore = null;
        }
        grid.setItems(List.copyOf(rows));
        grid.recalculateColumnWidths();
        loadMore.setVisible(nextBefore != null);
        count.setText(rows.isEmpty() ? "" : rows.size() + (rows.size() == 1 ? " entry" : " entries")
                + (nextBefore != null ? " loaded; older entries: \u201cLoad more\u201d" : ", all loaded"));
        csv = AuditCsv.write(List.copyOf(rows), this::tenantName);
        export.setEnabled(!rows.isEmpty());
    }

    private String tenantLabel(String tenantId) {
        if (tenantId == null) {
            return "\u2014 platform";
        }
        String name = tenantName(tenantId);
        return name.isEmpty() ? tenantId : name;
    }

    private String tenantName(String tenantId) {
        Tenant known = tenantsById.get(tenantId);
        return known == null || known.name() == null ? "" : known.name();
    }

    static String shortId(String id) {
        return id == null || id.length() <= 9 ? id : id.substring(0, 8) + "\u2026";
    }

    private static String join(String kind, String id) {
        if (kind == null && id == null) {
            return "";
        }
        return (kind == null ? "" : kind) + (id == null ? "" : " " + id);
    }

    private static Span outcomeBadge(AuditEntry entry) {
        String outcome = entry.outcome() == null ? "" : entry.outcome();
        Span badge = new Span(outcome);
        boolean ok = "success".equalsIgnoreCase(outcome);
        badge.getStyle()
                .set("display", "inline-block")
                .set("padding", "0 var(--lumo-space-s)")
                .set("border-radius", "var(--lumo-border-radius-l)")
                .set("font-size", "var(--lumo-font-size-xs)")
                .set("font-weight", "500")
                .set("color", ok ? "var(--lumo-success-text-color)" : "var(--lumo-error-text-color)")
                .set("background", ok ? "var(--lumo-success-color-10pct)" : "var(--lumo-error-color-10pct)");
        return badge;
    }
}
