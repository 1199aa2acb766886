package com.chatplatform.console.health;

import com.chatplatform.client.admin.Account;
import com.chatplatform.client.admin.SystemHealth;
import com.chatplatform.console.app.ApiProblems;
import com.chatplatform.console.app.ConsoleApi;
import com.chatplatform.console.app.ErrorBanner;
import com.chatplatform.console.app.MainLayout;
import com.chatplatform.console.auth.CurrentUser;
import com.chatplatform.console.auth.RequiresRole;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import jakarta.inject.Inject;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * System health for platform admins (GET /platform/health): the database, search and storage, each checked when
 * the page loads (or on Refresh) with the time the check took, and the API node that answered. A component that
 * is down shows what failed; an API that cannot be reached shows that, never an error page.
 */
@Route(value = "health", layout = MainLayout.class)
@PageTitle("System health | " + MainLayout.PRODUCT_NAME)
@RequiresRole(Account.PLATFORM_ADMIN)
public class HealthView extends VerticalLayout implements BeforeEnterObserver {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    static final Map<String, String> LABELS = Map.of("database", "Database (PostgreSQL)", "search", "Search (Elasticsearch)",
            "storage", "Storage (S3)");

    private final ConsoleApi api;
    private final ErrorBanner error = new ErrorBanner("health-error");
    private final Span overall = new Span();
    private final Span checkedAt = new Span();
    private final FlexLayout components = new FlexLayout();
    private final VerticalLayout node = new VerticalLayout();

    @Inject
    public HealthView(ConsoleApi api) {
        this.api = api;
        setId("health-view");
        setPadding(true);
        setMaxWidth("1100px");

        H2 title = new H2("System health");
        title.getStyle().set("margin", "0");
        overall.setId("health-status");
        Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), click -> load());
        refresh.setId("health-refresh");
        refresh.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        Div spacer = new Div();
        HorizontalLayout heading = new HorizontalLayout(title, overall, spacer, refresh);
        heading.setWidthFull();
        heading.setWrap(true);
        heading.setAlignItems(FlexComponent.Alignment.CENTER);
        heading.expand(spacer);
        checkedAt.setId("health-checked-at");
        checkedAt.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");

        components.setId("health-components");
        components.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        components.getStyle().set("gap", "var(--lumo-space-m)");
        components.setWidthFull();

        node.setId("health-node");
        node.setPadding(false);
        node.setSpacing(false);
        H3 nodeTitle = new H3("This API node");
        nodeTitle.getStyle().set("margin", "var(--lumo-space-m) 0 0 0");
        add(heading, checkedAt, error, components, nodeTitle, node);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        load();
    }

    private void load() {
        error.clear();
        try {
            show(api.as(CurrentUser.token()).getSystemHealth());
        } catch (RuntimeException e) {
            components.removeAll();
            node.removeAll();
            overall.setText("");
            checkedAt.setText("");
            error.show(ApiProblems.explain(e, "Could not check the system's health"));
        }
    }

    private void show(SystemHealth health) {
        style(overall, health.isUp(), health.isUp() ? "All systems up" : "Something is down");
        checkedAt.setText(health.checkedAt() == null ? "" : "Checked " + TIME.format(health.checkedAt()) + " UTC");
        components.removeAll();
        for (SystemHealth.Component c : health.components()) {
            components.add(card(c));
        }
        node.removeAll();
        SystemHealth.Node n = health.node();
        if (n != null) {
            node.add(fact("health-node-id", "Node", n.id()),
                    fact("health-node-started", "Started", n.startedAt() == null ? "" : TIME.format(n.startedAt()) + " UTC"),
                    fact("health-node-uptime", "Uptime", uptime(n.uptimeSeconds())),
                    fact("health-node-connections", "WebSocket connections", Integer.toString(n.connections())),
                    fact("health-node-java", "Java", n.javaVersion()),
                    fact("health-node-cluster", "Cluster", n.clusterMembers() == null || n.clusterMembers().size() < 2
                            ? "This node only (no cluster)" : n.clusterMembers().size() + " nodes: " + String.join(", ", n.clusterMembers())));
        }
    }

    private static Component card(SystemHealth.Component c) {
        Span name = new Span(LABELS.getOrDefault(c.name(), c.name()));
        name.getStyle().set("font-weight", "600");
        Span status = new Span();
        status.setId("health-" + c.name() + "-status");
        style(status, c.isUp(), c.isUp() ? "up" : "down");
        Span latency = new Span(c.latencyMillis() + " ms");
        latency.setId("health-" + c.name() + "-latency");
        latency.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        VerticalLayout card = new VerticalLayout(new HorizontalLayout(name, status), latency);
        if (c.detail() != null && !c.detail().isBlank()) {
            Paragraph detail = new Paragraph(c.detail());
            detail.setId("health-" + c.name() + "-detail");
            detail.getStyle().set("margin", "0").set("color", "var(--lumo-error-text-color)").set("font-size", "var(--lumo-font-size-s)");
            card.add(detail);
        }
        card.setId("health-" + c.name());
        card.setSpacing(false);
        card.getStyle().set("flex", "1 1 220px").set("border", "1px solid var(--lumo-contrast-10pct)")
                .set("border-radius", "var(--lumo-border-radius-m)").set("box-sizing", "border-box");
        card.setWidth(null);
        return card;
    }

    /** A badge: green with a check when up, red with a cross when down (the word is there too, not only colour). */
    private static void style(Span badge, boolean up, String text) {
        badge.removeAll();
        Icon icon = (up ? VaadinIcon.CHECK_CIRCLE : VaadinIcon.CLOSE_CIRCLE).create();
        icon.getStyle().set("width", "var(--lumo-icon-size-s)").set("height", "var(--lumo-icon-size-s)");
        badge.add(icon, new Span(text));
        badge.getStyle().set("display", "inline-flex").set("align-items", "center").set("gap", "var(--lumo-space-xs)")
                .set("padding", "0 var(--lumo-space-s)").set("border-radius", "var(--lumo-border-radius-l)")
                .set("font-size", "var(--lumo-font-size-s)").set("font-weight", "500")
                .set("color", up ? "var(--lumo-success-text-color)" : "var(--lumo-error-text-color)")
                .set("background", up ? "var(--lumo-success-color-10pct)" : "var(--lumo-error-color-10pct)");
        badge.getElement().setAttribute("data-status", up ? "up" : "down");
    }

    private static Component fact(String id, String label, String value) {
        Span l = new Span(label + ": ");
        l.getStyle().set("color", "var(--lumo-secondary-text-color)");
        Span v = new Span(value == null ? "" : value);
        v.setId(id);
        return new Span(l, v);
    }

    static String uptime(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        if (d.toDays() > 0) {
            return d.toDays() + " d " + d.toHoursPart() + " h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        return d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }
}
