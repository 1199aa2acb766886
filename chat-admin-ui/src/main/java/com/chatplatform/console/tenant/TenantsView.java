package com.chatplatform.console.tenant;

import com.chatplatform.client.admin.Account;
import com.chatplatform.client.admin.CreatedTenant;
import com.chatplatform.client.admin.Tenant;
import com.chatplatform.console.app.ApiProblems;
import com.chatplatform.console.app.ConsoleApi;
import com.chatplatform.console.app.MainLayout;
import com.chatplatform.console.auth.CurrentUser;
import com.chatplatform.console.auth.RequiresRole;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import com.vaadin.flow.router.RouteParameters;
import jakarta.inject.Inject;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The platform's tenants (GET /platform/tenants) and creating one (POST /platform/tenants). */
@Route(value = "", layout = MainLayout.class)
@RouteAlias(value = "tenants", layout = MainLayout.class)
@PageTitle("Tenants | " + MainLayout.PRODUCT_NAME)
@RequiresRole(Account.PLATFORM_ADMIN)
public class TenantsView extends VerticalLayout {

    static final DateTimeFormatter CREATED_FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final ConsoleApi api;
    private final Grid<Tenant> grid = new Grid<>(Tenant.class, false);
    private final Span count = new Span();
    private final Div loadError = new Div();

    @Inject
    public TenantsView(ConsoleApi api) {
        this.api = api;
        setId("tenants-view");
        setSizeFull();
        setPadding(true);
        setSpacing(true);

        H2 title = new H2("Tenants");
        title.getStyle().set("margin", "0");
        count.setId("tenant-count");
        count.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        VerticalLayout heading = new VerticalLayout(title, count);
        heading.setPadding(false);
        heading.setSpacing(false);

        Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), click -> reload());
        refresh.setId("refresh-tenants");
        refresh.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        Button create = new Button("New tenant", VaadinIcon.PLUS.create(), click -> openNewTenantDialog());
        create.setId("new-tenant");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        HorizontalLayout toolbar = new HorizontalLayout(heading, refresh, create);
        toolbar.setWidthFull();
        toolbar.setAlignItems(FlexComponent.Alignment.CENTER);
        toolbar.expand(heading);

        loadError.setId("tenants-error");
        loadError.getElement().setAttribute("role", "alert");
        loadError.getStyle()
                .set("color", "var(--lumo-error-text-color)")
                .set("background", "var(--lumo-error-color-10pct)")
                .set("border-radius", "var(--lumo-border-radius-m)")
                .set("padding", "var(--lumo-space-s) var(--lumo-space-m)")
                .set("box-sizing", "border-box");
        loadError.setWidthFull();
        loadError.setVisible(false);

        grid.setId("tenants-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(new ComponentRenderer<>(TenantDetailView::link)).setHeader("Name").setKey("name")
                .setSortable(true).setComparator(Comparator.comparing(Tenant::name, String.CASE_INSENSITIVE_ORDER))
                .setFlexGrow(3);
        grid.addColumn(new ComponentRenderer<>(TenantsView::statusBadge)).setHeader("Status").setKey("status")
                .setSortable(true).setComparator(Comparator.comparing(tenant -> String.valueOf(tenant.status())))
                .setFlexGrow(1);
        grid.addColumn(tenant -> tenant.createdAt() == null ? "" : CREATED_FORMAT.format(tenant.createdAt()))
                .setHeader("Created").setKey("created")
                .setSortable(true).setComparator(Comparator.comparing(Tenant::createdAt,
                        Comparator.nullsFirst(Comparator.naturalOrder())))
                .setTextAlign(ColumnTextAlign.END).setFlexGrow(1);
        grid.addColumn(Tenant::id).setHeader("ID").setKey("id").setFlexGrow(2)
                .setClassNameGenerator(tenant -> "tenant-id");
        grid.setEmptyStateText("No tenants yet. Create the first one with \u201cNew tenant\u201d.");
        grid.setSizeFull();
        // A click anywhere on a row opens the tenant; the name is also a link (Tab + Enter with the keyboard).
        grid.addItemClickListener(click -> {
            if (click.getColumn() != null && "name".equals(click.getColumn().getKey())) {
                return; // the link navigates
            }
            getUI().ifPresent(ui -> ui.navigate(TenantDetailView.class,
                    new RouteParameters(TenantDetailView.ID_PARAMETER, click.getItem().id())));
        });

        add(toolbar, loadError, grid);
        expand(grid);
        reload();
    }

    /** Loads the list from the API with the signed-in person's token. */
    void reload() {
        try {
            List<Tenant> tenants = api.as(CurrentUser.token()).listTenants().stream()
                    .sorted(Comparator.comparing(Tenant::createdAt, Comparator.nullsLast(Comparator.reverseOrder())))
                    .toList();
            grid.setItems(tenants);
            count.setText(tenants.size() == 1 ? "1 tenant" : tenants.size() + " tenants");
            loadError.setVisible(false);
        } catch (RuntimeException e) {
            String message = ApiProblems.explain(e, "Could not load the tenants");
            if (message != null) {
                grid.setItems(List.of());
                count.setText("");
                loadError.setText(message);
                loadError.setVisible(true);
            }
        }
    }

    private void openNewTenantDialog() {
        new NewTenantDialog(this::createTenant, created -> reload()).open();
    }

    private CreatedTenant createTenant(String name) {
        return api.as(CurrentUser.token()).createTenant(name);
    }

    static Span statusBadge(Tenant tenant) {
        Span badge = new Span();
        styleStatusBadge(badge, tenant.status());
        return badge;
    }

    /** A coloured pill with the status: green for active, red for suspended or revoked, grey otherwise. */
    static void styleStatusBadge(Span badge, String value) {
        String status = value == null ? "unknown" : value;
        badge.setText(status);
        String[] colors = switch (status.toLowerCase(Locale.ROOT)) {
            case "active" -> new String[] {"var(--lumo-success-text-color)", "var(--lumo-success-color-10pct)"};
            case "suspended", "disabled", "deleted", "revoked" ->
                    new String[] {"var(--lumo-error-text-color)", "var(--lumo-error-color-10pct)"};
            default -> new String[] {"var(--lumo-secondary-text-color)", "var(--lumo-contrast-10pct)"};
        };
        badge.getStyle()
                .set("display", "inline-block")
                .set("padding", "0 var(--lumo-space-s)")
                .set("border-radius", "var(--lumo-border-radius-l)")
                .set("font-size", "var(--lumo-font-size-xs)")
                .set("font-weight", "500")
                .set("line-height", "1.6")
                .set("color", colors[0])
                .set("background", colors[1]);
    }
}
