package com.chatplatform.console.plans;

import com.chatplatform.client.admin.Account;
import com.chatplatform.client.admin.ChatAdminClient;
import com.chatplatform.client.admin.Plan;
import com.chatplatform.client.admin.Tenant;
import com.chatplatform.client.admin.TenantPlan;
import com.chatplatform.client.admin.TenantUsage;
import com.chatplatform.console.app.ApiProblems;
import com.chatplatform.console.app.ConsoleApi;
import com.chatplatform.console.app.Csv;
import com.chatplatform.console.app.ErrorBanner;
import com.chatplatform.console.app.Layouts;
import com.chatplatform.console.app.MainLayout;
import com.chatplatform.console.auth.CurrentUser;
import com.chatplatform.console.auth.RequiresRole;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans and quotas for platform admins: the plans and their limits (created with {@code POST /platform/plans}, edited
 * through {@code PATCH /platform/plans/{id}}),
 * each tenant's plan and overrides ({@code PUT /platform/tenants/{id}/plan}) and usage against the quotas, with a
 * CSV export of the usage table.
 */
@Route(value = "plans", layout = MainLayout.class)
@PageTitle("Plans & quotas | " + MainLayout.PRODUCT_NAME)
@RequiresRole(Account.PLATFORM_ADMIN)
public class PlansView extends VerticalLayout implements BeforeEnterObserver {

    /** The limits in the order the API documents them; the nullable ones may be left empty (unlimited). */
    static final List<String> LIMITS = List.of("maxUsers", "maxStorageBytes", "maxUploadBytes", "allowedMediaTypes",
            "tenantMessagesPerSecond", "tenantMessageBurst", "userMessagesPerSecond", "userMessageBurst",
            "tenantRequestsPerSecond", "tenantRequestBurst", "userRequestsPerSecond", "userRequestBurst");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One line of the tenants table: the tenant, its plan and its usage (either may be missing after an error). */
    public record Row(Tenant tenant, TenantPlan plan, TenantUsage usage) {
    }

    private final ConsoleApi api;
    private final ErrorBanner error = new ErrorBanner("plans-error");
    private final Grid<Plan> plans = new Grid<>(Plan.class, false);
    private final Grid<Row> tenants = new Grid<>(Row.class, false);
    private final Paragraph noTenants = Layouts.empty("plans-tenants-empty", "No tenants yet: create one on the Tenants page.");
    private List<Plan> loadedPlans = List.of();
    private volatile byte[] csv = usageCsv(List.of());

    @Inject
    public PlansView(ConsoleApi api) {
        this.api = api;
        setId("plans-view");
        setPadding(true);
        setMaxWidth("1200px");

        plans.setId("plans-grid");
        plans.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        plans.setAllRowsVisible(true);
        plans.addColumn(Plan::name).setHeader("Plan").setAutoWidth(true).setFlexGrow(0);
        plans.addColumn(p -> count(p.limits(), "maxUsers")).setHeader("Users").setAutoWidth(true);
        plans.addColumn(p -> bytes(p.limits(), "maxStorageBytes")).setHeader("Storage").setAutoWidth(true);
        plans.addColumn(p -> bytes(p.limits(), "maxUploadBytes")).setHeader("Upload").setAutoWidth(true);
        plans.addColumn(p -> text(p.limits(), "tenantMessagesPerSecond") + "/s").setHeader("Messages (tenant)").setAutoWidth(true);
        plans.addComponentColumn(p -> {
            Button edit = new Button("Edit limits", VaadinIcon.EDIT.create(), click -> editPlan(p));
            edit.setId("plan-edit-" + p.id());
            edit.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            return edit;
        }).setHeader("Actions").setAutoWidth(true).setFlexGrow(0);

        tenants.setId("plans-tenants-grid");
        tenants.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        tenants.setAllRowsVisible(true);
        tenants.addColumn(r -> r.tenant().name()).setHeader("Tenant").setFlexGrow(1);
        tenants.addColumn(r -> r.plan() == null ? "?" : r.plan().plan().name()).setHeader("Plan").setAutoWidth(true);
        tenants.addColumn(r -> r.plan() == null ? "" : overridesText(r.plan().overrides())).setHeader("Overrides").setFlexGrow(1);
        tenants.addColumn(r -> r.usage() == null ? "?" : r.usage().users() + " / " + (r.usage().maxUsers() == null ? "\u221e" : r.usage().maxUsers()))
                .setHeader("Users").setAutoWidth(true);
        tenants.addColumn(r -> r.usage() == null ? "?" : Layouts.bytes(r.usage().storageBytes()) + " / "
                + (r.usage().maxStorageBytes() == null ? "\u221e" : Layouts.bytes(r.usage().maxStorageBytes()))).setHeader("Storage").setAutoWidth(true);
        tenants.addColumn(r -> r.usage() == null ? "?" : String.valueOf(r.usage().messagesToday())).setHeader("Messages today").setAutoWidth(true);
        tenants.addComponentColumn(r -> {
            Button change = new Button("Change plan", VaadinIcon.EDIT.create(), click -> editTenantPlan(r));
            change.setId("tenant-plan-edit-" + r.tenant().id());
            change.getElement().setAttribute("data-tenant-name", r.tenant().name());
            change.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            change.setEnabled(r.plan() != null);
            return change;
        }).setHeader("Actions").setAutoWidth(true).setFlexGrow(0);

        Button newPlan = new Button("New plan", VaadinIcon.PLUS.create(), click -> createPlan());
        newPlan.setId("plan-new");
        Anchor export = Layouts.csvLink("plans-usage-export", "tenant-usage.csv", () -> csv);
        Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), click -> reload());
        refresh.setId("plans-refresh");
        refresh.addThemeVariants(ButtonVariant.LUMO_TERTIARY);

        add(Layouts.title("Plans & quotas"), error,
                Layouts.section("Plans", "A change to a plan's limits applies at once to every tenant on the plan. Empty: unlimited.",
                        Layouts.line(newPlan), plans),
                Layouts.section("Tenants and usage", "Each tenant's plan, its own overrides and what it uses now.",
                        Layouts.line(refresh, export), tenants, noTenants));
    }

    private ChatAdminClient client() {
        return api.as(CurrentUser.token());
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        reload();
    }

    private void reload() {
        try {
            error.clear();
            ChatAdminClient client = client();
            loadedPlans = client.listPlans();
            plans.setItems(loadedPlans);
            List<Row> rows = new ArrayList<>();
            for (Tenant t : client.listTenants()) {
                TenantPlan plan = null;
                TenantUsage usage = null;
                try {
                    plan = client.getTenantPlan(t.id());
                    usage = client.getTenantUsage(t.id());
                } catch (com.chatplatform.client.admin.ChatApiException e) {
                    if (e.isUnauthorized()) {
                        throw e;
                    }
                    // a tenant deleted meanwhile: its row shows "?"
                }
                rows.add(new Row(t, plan, usage));
            }
            tenants.setItems(rows);
            tenants.setVisible(!rows.isEmpty());
            noTenants.setVisible(rows.isEmpty());
            csv = usageCsv(rows);
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not load the plans"));
        }
    }

    // ---- editing a plan -------------------------------------------------------------------------------------

    private void editPlan(Plan plan) {
        Dialog dialog = new Dialog();
        dialog.setId("plan-dialog");
        dialog.setHeaderTitle("Limits of the plan \u201c" + plan.name() + "\u201d");
        dialog.setWidth("min(720px, 95vw)");
        ErrorBanner dialogError = new ErrorBanner("plan-dialog-error");
        FormLayout form = new FormLayout();
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("500px", 2));
        Map<String, TextField> fields = new LinkedHashMap<>();
        for (String name : LIMITS) {
            TextField field = new TextField(name);
            field.setId("plan-limit-" + name);
            field.setValue(text(plan.limits(), name));
            field.setPlaceholder(nullable(name) ? "unlimited" : "");
            fields.put(name, field);
            form.add(field);
        }
        Button cancel = new Button("Cancel", click -> dialog.close());
        cancel.setId("plan-dialog-cancel");
        Button save = new Button("Save limits");
        save.setId("plan-dialog-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(click -> {
            Map<String, Object> changes = new LinkedHashMap<>();
            fields.forEach((name, field) -> {
                String value = field.getValue().strip();
                if (!value.equals(text(plan.limits(), name))) {
                    changes.put(name, limitValue(name, value));
                }
            });
            if (changes.isEmpty()) {
                dialog.close();
                return;
            }
            try {
                client().updatePlanLimits(plan.id(), changes);
                dialog.close();
                reload();
            } catch (RuntimeException e) {
                dialogError.show(ApiProblems.explain(e, "Could not save the limits"));
            }
        });
        dialog.add(new Paragraph("Every tenant on this plan gets the new limits at once (its own overrides still win)."),
                dialogError, form);
        dialog.getFooter().add(cancel, save);
        dialog.open();
    }

    private void createPlan() {
        Plan template = loadedPlans.isEmpty() ? null : loadedPlans.get(0);
        Dialog dialog = new Dialog();
        dialog.setId("new-plan-dialog");
        dialog.setHeaderTitle("New plan");
        dialog.setWidth("min(720px, 95vw)");
        ErrorBanner dialogError = new ErrorBanner("new-plan-error");
        TextField id = new TextField("Id (a-z, 0-9, _ and -)");
        id.setId("new-plan-id");
        TextField name = new TextField("Name");
        name.setId("new-plan-name");
        FormLayout form = new FormLayout();
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("500px", 2));
        form.add(id, name);
        Map<String, TextField> fields = new LinkedHashMap<>();
        for (String limit : LIMITS) {
            TextField field = new TextField(limit);
            field.setId("new-plan-limit-" + limit);
            field.setValue(template == null ? "" : text(template.limits(), limit));
            field.setPlaceholder(nullable(limit) ? "unlimited" : "");
            fields.put(limit, field);
            form.add(field);
        }
        Button cancel = new Button("Cancel", click -> dialog.close());
        cancel.setId("new-plan-cancel");
        Button save = new Button("Create plan");
        save.setId("new-plan-create");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(click -> {
            Map<String, Object> limits = new LinkedHashMap<>();
            fields.forEach((limit, field) -> limits.put(limit, limitValue(limit, field.getValue().strip())));
            try {
                client().createPlan(id.getValue().strip(), name.getValue().strip(), limits);
                dialog.close();
                reload();
            } catch (RuntimeException e) {
                dialogError.show(ApiProblems.explain(e, "Could not create the plan"));
            }
        });
        dialog.add(new Paragraph("The limits start as those of \u201c" + (template == null ? "" : template.name())
                + "\u201d; change what differs. Tenants get the plan when you assign it below."), dialogError, form);
        dialog.getFooter().add(cancel, save);
        dialog.open();
    }

    /** The value to send for a limit typed as text: empty is null (unlimited), numbers as numbers, else the text (the API refuses it). */
    public static Object limitValue(String name, String value) {
        if (value.isEmpty()) {
            return null;
        }
        if ("allowedMediaTypes".equals(name)) {
            return List.of(value.split("\\s*,\\s*"));
        }
        try {
            if (name.endsWith("PerSecond")) {
                return Double.parseDouble(value);
            }
            return Long.parseLong(value);
        } catch (NumberFormatException notANumber) {
            return value;
        }
    }

    private static boolean nullable(String name) {
        return name.equals("maxUsers") || name.equals("maxStorageBytes") || name.equals("allowedMediaTypes");
    }

    // ---- a tenant's plan ------------------------------------------------------------------------------------

    private void editTenantPlan(Row row) {
        Dialog dialog = new Dialog();
        dialog.setId("tenant-plan-dialog");
        dialog.setHeaderTitle("Plan of \u201c" + row.tenant().name() + "\u201d");
        dialog.setWidth("min(620px, 95vw)");
        ErrorBanner dialogError = new ErrorBanner("tenant-plan-dialog-error");
        Select<String> plan = new Select<>();
        plan.setId("tenant-plan-select");
        plan.setLabel("Plan");
        plan.setItems(loadedPlans.stream().map(Plan::id).toList());
        plan.setItemLabelGenerator(id -> loadedPlans.stream().filter(p -> p.id().equals(id)).map(Plan::name).findFirst().orElse(id));
        plan.setValue(row.plan().plan().id());
        plan.setWidthFull();
        TextArea overrides = new TextArea("Overrides (JSON object of limits; {} for none)");
        overrides.setId("tenant-plan-overrides");
        overrides.setWidthFull();
        JsonNode current = row.plan().overrides();
        overrides.setValue(current == null || current.isNull() || current.isEmpty() ? "{}" : current.toString());
        Button cancel = new Button("Cancel", click -> dialog.close());
        cancel.setId("tenant-plan-cancel");
        Button save = new Button("Save");
        save.setId("tenant-plan-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(click -> {
            Map<String, Object> parsed;
            try {
                String text = overrides.getValue().isBlank() ? "{}" : overrides.getValue();
                JsonNode node = JSON.readTree(text);
                if (node == null || !node.isObject()) {
                    throw new IllegalArgumentException("not an object");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> map = JSON.convertValue(node, Map.class);
                parsed = map;
            } catch (Exception e) {
                dialogError.show("The overrides must be a JSON object, e.g. {\"maxUsers\": 500}.");
                return;
            }
            try {
                client().setTenantPlan(row.tenant().id(), plan.getValue(), parsed);
                dialog.close();
                reload();
            } catch (RuntimeException e) {
                dialogError.show(ApiProblems.explain(e, "Could not change the plan"));
            }
        });
        Paragraph hint = new Paragraph("Overrides replace the tenant's earlier ones and win over the plan's limits. Limits: "
                + String.join(", ", LIMITS) + ".");
        hint.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");
        dialog.add(dialogError, new VerticalLayout(plan, overrides, hint));
        dialog.getFooter().add(cancel, save);
        dialog.open();
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    public static byte[] usageCsv(List<Row> rows) {
        List<List<String>> lines = new ArrayList<>();
        for (Row r : rows) {
            TenantUsage u = r.usage();
            lines.add(List.of(r.tenant().id(), r.tenant().name(), r.plan() == null ? "" : r.plan().plan().id(),
                    r.plan() == null ? "" : overridesText(r.plan().overrides()),
                    u == null ? "" : str(u.users()), u == null ? "" : str(u.maxUsers()),
                    u == null ? "" : str(u.storageBytes()), u == null ? "" : str(u.maxStorageBytes()),
                    u == null ? "" : str(u.messagesToday())));
        }
        return Csv.write(List.of("tenant_id", "tenant_name", "plan", "overrides", "users", "max_users", "storage_bytes",
                "max_storage_bytes", "messages_today"), lines);
    }

    private static String str(Long value) {
        return value == null ? "" : value.toString();
    }

    static String overridesText(JsonNode overrides) {
        if (overrides == null || overrides.isNull() || overrides.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        Iterator<Map.Entry<String, JsonNode>> fields = overrides.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            text.append(text.isEmpty() ? "" : "; ").append(f.getKey()).append(' ')
                    .append(f.getValue().isNull() ? "unlimited" : f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString());
        }
        return text.toString();
    }

    static String text(JsonNode limits, String name) {
        JsonNode v = limits == null ? null : limits.get(name);
        if (v == null || v.isNull()) {
            return "";
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(i -> items.add(i.asText()));
            return String.join(", ", items);
        }
        return v.asText();
    }

    private static String count(JsonNode limits, String name) {
        String v = text(limits, name);
        return v.isEmpty() ? "unlimited" : v;
    }

    private static String bytes(JsonNode limits, String name) {
        JsonNode v = limits == null ? null : limits.get(name);
        return v == null || v.isNull() ? "unlimited" : Layouts.bytes(v.asLong());
    }
}
