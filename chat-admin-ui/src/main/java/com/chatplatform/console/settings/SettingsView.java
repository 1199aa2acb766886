package com.chatplatform.console.settings;

import com.chatplatform.client.admin.Account;
import com.chatplatform.client.admin.ChatAdminClient;
import com.chatplatform.client.admin.ComplianceSettings;
import com.chatplatform.client.admin.RetentionPolicy;
import com.chatplatform.client.admin.TenantPlan;
import com.chatplatform.client.admin.TenantUsage;
import com.chatplatform.console.app.ApiProblems;
import com.chatplatform.console.app.ConsoleApi;
import com.chatplatform.console.app.ErrorBanner;
import com.chatplatform.console.app.Layouts;
import com.chatplatform.console.app.MainLayout;
import com.chatplatform.console.auth.CurrentUser;
import com.chatplatform.console.auth.RequiresRole;
import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The tenant's settings for its admins: the plan's effective limits and current usage (read-only: the platform sets
 * them), and what the API lets the tenant change: the retention policy and the compliance settings (what erasure
 * does with messages, how long exports are kept).
 */
@Route(value = "settings", layout = MainLayout.class)
@PageTitle("Settings | " + MainLayout.PRODUCT_NAME)
@RequiresRole(Account.TENANT_ADMIN)
public class SettingsView extends VerticalLayout implements BeforeEnterObserver {

    record Limit(String name, String value) {
    }

    private final ConsoleApi api;
    private final ErrorBanner error = new ErrorBanner("settings-error");
    private final Span plan = new Span();
    private final Span usage = new Span();
    private final Grid<Limit> limits = new Grid<>(Limit.class, false);
    private final IntegerField retentionDays = new IntegerField("Keep messages for (days; empty: forever)");
    private final Select<String> erasurePolicy = new Select<>();
    private final IntegerField exportTtlHours = new IntegerField("Keep finished exports for (hours)");

    @Inject
    public SettingsView(ConsoleApi api) {
        this.api = api;
        setId("settings-view");
        setPadding(true);
        setMaxWidth("1000px");

        plan.setId("settings-plan");
        plan.getStyle().set("font-weight", "600");
        usage.setId("settings-usage");
        limits.setId("settings-limits");
        limits.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        limits.setAllRowsVisible(true);
        limits.addColumn(Limit::name).setHeader("Limit");
        limits.addColumn(Limit::value).setHeader("Value");

        retentionDays.setId("settings-retention-days");
        retentionDays.setMin(1);
        retentionDays.setWidth("min(22em, 100%)");
        Button saveRetention = new Button("Save retention", click -> saveRetention());
        saveRetention.setId("settings-retention-save");

        erasurePolicy.setId("settings-erasure-policy");
        erasurePolicy.setLabel("On erasure, the user's messages are");
        erasurePolicy.setItems("anonymise", "delete");
        erasurePolicy.setItemLabelGenerator(v -> "anonymise".equals(v) ? "kept without content (anonymise)" : "deleted (delete)");
        erasurePolicy.setWidth("min(22em, 100%)");
        exportTtlHours.setId("settings-export-ttl");
        exportTtlHours.setMin(1);
        exportTtlHours.setWidth("min(22em, 100%)");
        Button saveCompliance = new Button("Save compliance settings", click -> saveCompliance());
        saveCompliance.setId("settings-compliance-save");
        saveCompliance.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        add(Layouts.title("Settings"), error,
                Layouts.section("Plan and limits", "Set by the platform operator; ask them for a different plan.", plan, usage, limits),
                Layouts.section("Retention", "Messages older than this are removed by the retention runs.", Layouts.line(retentionDays, saveRetention)),
                Layouts.section("Compliance", "How erasure treats messages and how long export ZIPs stay downloadable.",
                        Layouts.line(erasurePolicy, exportTtlHours), Layouts.line(saveCompliance)));
    }

    private ChatAdminClient client() {
        return api.as(CurrentUser.token());
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        try {
            ChatAdminClient client = client();
            TenantPlan settings = client.getOwnSettings();
            plan.setText("Plan: " + settings.plan().name() + (settings.overrides() == null || settings.overrides().isEmpty()
                    ? "" : " (with overrides for your tenant)"));
            limits.setItems(limits(settings.limits()));
            TenantUsage u = client.getOwnUsage();
            usage.setText("Now: " + u.users() + " users" + (u.maxUsers() == null ? "" : " of " + u.maxUsers()) + ", "
                    + Layouts.bytes(u.storageBytes()) + " stored" + (u.maxStorageBytes() == null ? "" : " of " + Layouts.bytes(u.maxStorageBytes()))
                    + ", " + u.messagesToday() + " messages today.");
            showRetention(client.listRetentionPolicies());
            showCompliance(client.getComplianceSettings());
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not load the settings"));
        }
    }

    static List<Limit> limits(JsonNode node) {
        List<Limit> rows = new ArrayList<>();
        if (node == null) {
            return rows;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode v = f.getValue();
            String text;
            if (v.isNull()) {
                text = f.getKey().equals("allowedMediaTypes") ? "every supported type" : "unlimited";
            } else if (v.isArray()) {
                List<String> items = new ArrayList<>();
                v.forEach(i -> items.add(i.asText()));
                text = String.join(", ", items);
            } else if (f.getKey().endsWith("Bytes")) {
                text = Layouts.bytes(v.asLong());
            } else {
                text = v.asText() + (f.getKey().endsWith("PerSecond") ? " per second" : "");
            }
            rows.add(new Limit(f.getKey(), text));
        }
        return rows;
    }

    private void saveRetention() {
        try {
            error.clear();
            showRetention(client().setTenantRetention(retentionDays.getValue()));
            Notification.show("Retention saved.", 3000, Notification.Position.BOTTOM_START);
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not save the retention policy"));
        }
    }

    private void showRetention(List<RetentionPolicy> policies) {
        retentionDays.setValue(policies.stream().filter(p -> p.conversationId() == null).map(RetentionPolicy::maxAgeDays)
                .findFirst().orElse(null));
    }

    private void saveCompliance() {
        try {
            error.clear();
            Integer hours = exportTtlHours.getValue();
            showCompliance(client().updateComplianceSettings(erasurePolicy.getValue(), hours == null ? null : hours * 3600L));
            Notification.show("Compliance settings saved.", 3000, Notification.Position.BOTTOM_START);
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not save the compliance settings"));
        }
    }

    private void showCompliance(ComplianceSettings settings) {
        erasurePolicy.setValue(settings.erasurePolicy());
        exportTtlHours.setValue(settings.exportTtlSeconds() == null ? null : (int) Math.max(1, settings.exportTtlSeconds() / 3600));
    }
}
