package com.chatplatform.console.tenant;

import com.chatplatform.client.admin.Account;
import com.chatplatform.client.admin.ApiKey;
import com.chatplatform.client.admin.ApiKeySecret;
import com.chatplatform.client.admin.ChatAdminClient;
import com.chatplatform.client.admin.ChatApiException;
import com.chatplatform.client.admin.Tenant;
import com.chatplatform.client.admin.TenantDeletionPlan;
import com.chatplatform.console.analytics.AnalyticsDashboard;
import com.chatplatform.console.app.ApiProblems;
import com.chatplatform.console.app.ConsoleApi;
import com.chatplatform.console.app.ErrorBanner;
import com.chatplatform.console.app.MainLayout;
import com.chatplatform.console.audit.AuditView;
import com.chatplatform.console.auth.CurrentUser;
import com.chatplatform.console.auth.RequiresRole;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;

import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;

/**
 * One tenant (GET /platform/tenants/{id}): rename it, suspend or reactivate it, and manage its API keys.
 * Every action is a call to the API with the signed-in person's token; what the API refuses is shown with
 * the API's own message.
 */
@Route(value = "tenants/:" + TenantDetailView.ID_PARAMETER, layout = MainLayout.class)
@RequiresRole(Account.PLATFORM_ADMIN)
public class TenantDetailView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    static final String ID_PARAMETER = "tenantId";

    static final String SUSPEND_CONSEQUENCE = "Its API keys and user tokens stop working at once and open "
            + "connections are closed. Its data is kept, and you can reactivate it later.";
    static final String REACTIVATE_CONSEQUENCE = "Its existing API keys and unexpired user tokens work again "
            + "at once.";

    private final ConsoleApi api;

    private String tenantId;
    private Tenant tenant;

    private final Div notFound = new Div();
    private final ErrorBanner loadError = new ErrorBanner("tenant-error");
    private final VerticalLayout detail = new VerticalLayout();

    private final H2 title = new H2();
    private final Span statusBadge = new Span();
    private final Span idLine = new Span();
    private final TextField nameField = new TextField("Tenant name");
    private final Button rename = new Button("Rename");
    private final Paragraph statusText = new Paragraph();
    private final Button suspend = new Button("Suspend tenant", VaadinIcon.BAN.create());
    private final Button reactivate = new Button("Reactivate tenant", VaadinIcon.PLAY.create());
    private final RouterLink auditLink = new RouterLink("Audit log of this tenant", AuditView.class);

    private final Grid<ApiKey> keys = new Grid<>(ApiKey.class, false);
    /** The tenant's usage (GET /platform/tenants/{id}/analytics); made for the tenant shown. */
    private final Div usage = new Div();
    private AnalyticsDashboard dashboard;
    private final Paragraph deleteText = new Paragraph("Deleting a tenant removes it and all of its data for good. "
            + "You will see what is removed and type the tenant's name to confirm.");
    private final Button delete = new Button("Delete tenant\u2026", VaadinIcon.TRASH.create());
    private final ErrorBanner deleteError = new ErrorBanner("tenant-delete-error");
    private final ErrorBanner keysError = new ErrorBanner("api-keys-error");

    @Inject
    public TenantDetailView(ConsoleApi api) {
        this.api = api;
        setId("tenant-detail-view");
        setPadding(true);
        setSpacing(true);
        setMaxWidth("1100px");

        RouterLink back = new RouterLink(TenantsView.class);
        back.add(VaadinIcon.ARROW_LEFT.create(), new Span("Tenants"));
        back.setId("back-to-tenants");
        back.getStyle().set("display", "inline-flex").set("gap", "var(--lumo-space-xs)").set("align-items", "center");

        buildNotFound();
        buildDetail();
        notFound.setVisible(false);
        detail.setVisible(false);
        add(back, loadError, notFound, detail);
    }

    private void buildNotFound() {
        notFound.setId("tenant-not-found");
        notFound.getElement().setAttribute("role", "alert");
        Icon icon = VaadinIcon.QUESTION_CIRCLE_O.create();
        icon.setSize("var(--lumo-icon-size-l)");
        icon.setColor("var(--lumo-secondary-text-color)");
        H2 heading = new H2("Tenant not found");
        heading.getStyle().set("margin", "var(--lumo-space-s) 0");
        Paragraph text = new Paragraph();
        text.setId("tenant-not-found-text");
        text.getStyle().set("color", "var(--lumo-secondary-text-color)");
        notFound.add(icon, heading, text);
        notFound.getStyle().set("padding", "var(--lumo-space-l) 0");
    }

    private void buildDetail() {
        detail.setId("tenant-detail");
        detail.setPadding(false);

        // Heading: name, status badge, id and creation time.
        title.setId("tenant-title");
        title.getStyle().set("margin", "0");
        statusBadge.setId("tenant-status");
        HorizontalLayout heading = new HorizontalLayout(title, statusBadge);
        heading.setAlignItems(FlexComponent.Alignment.CENTER);
        heading.setWrap(true);
        idLine.setId("tenant-meta");
        idLine.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");

        // Rename inline: the API validates the name; its message is shown under the field.
        nameField.setId("tenant-name-field");
        nameField.setMaxLength(NameThenSecretDialog.MAX_NAME_LENGTH);
        nameField.setWidth("420px");
        nameField.setMaxWidth("100%");
        nameField.setValueChangeMode(ValueChangeMode.EAGER);
        nameField.addValueChangeListener(change -> {
            nameField.setInvalid(false);
            rename.setEnabled(tenant != null && !change.getValue().strip().equals(tenant.name()));
        });
        nameField.addKeyPressListener(Key.ENTER, press -> {
            if (rename.isEnabled()) {
                rename();
            }
        });
        rename.setId("tenant-rename");
        rename.setEnabled(false);
        rename.addClickListener(click -> rename());
        HorizontalLayout renameLine = new HorizontalLayout(nameField, rename);
        renameLine.setAlignItems(FlexComponent.Alignment.BASELINE);
        renameLine.setWrap(true);

        // Access: suspend / reactivate, each after a confirmation that says what happens.
        statusText.setId("tenant-status-text");
        statusText.getStyle().set("margin", "0").set("color", "var(--lumo-secondary-text-color)");
        suspend.setId("tenant-suspend");
        suspend.addThemeVariants(ButtonVariant.LUMO_ERROR);
        suspend.addClickListener(click -> confirmSuspend());
        reactivate.setId("tenant-reactivate");
        reactivate.addThemeVariants(ButtonVariant.LUMO_SUCCESS, ButtonVariant.LUMO_PRIMARY);
        reactivate.addClickListener(click -> confirmReactivate());
        HorizontalLayout accessButtons = new HorizontalLayout(suspend, reactivate);

        // API keys.
        Button newKey = new Button("New key", VaadinIcon.PLUS.create(), click -> openNewKeyDialog());
        newKey.setId("new-api-key");
        newKey.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        H3 keysTitle = new H3("API keys");
        keysTitle.getStyle().set("margin", "0");
        HorizontalLayout keysHeading = new HorizontalLayout(keysTitle, newKey);
        keysHeading.setWidthFull();
        keysHeading.setAlignItems(FlexComponent.Alignment.CENTER);
        keysHeading.expand(keysTitle);
        Paragraph keysHint = new Paragraph("The tenant's backend authenticates with these keys. A revoked key is "
                + "refused at once; the last active key cannot be revoked, so create its replacement first.");
        keysHint.getStyle().set("margin", "0").set("color", "var(--lumo-secondary-text-color)")
                .set("font-size", "var(--lumo-font-size-s)");

        keys.setId("api-keys-grid");
        keys.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        keys.addColumn(ApiKey::name).setHeader("Name").setKey("name").setFlexGrow(2);
        keys.addColumn(key -> time(key.createdAt(), "")).setHeader("Created").setKey("created").setAutoWidth(true);
        keys.addColumn(key -> time(key.lastUsedAt(), "Never")).setHeader("Last used").setKey("lastUsed")
                .setAutoWidth(true);
        keys.addColumn(new ComponentRenderer<>(TenantDetailView::keyStatus)).setHeader("Status").setKey("status")
                .setAutoWidth(true);
        keys.addColumn(new ComponentRenderer<>(this::revokeButton)).setHeader("").setKey("actions")
                .setAutoWidth(true).setFlexGrow(0);
        keys.setEmptyStateText("This tenant has no API keys. Create one with \u201cNew key\u201d.");
        keys.setAllRowsVisible(true);
        keys.setWidthFull();

        auditLink.setId("tenant-audit-link");
        deleteText.getStyle().set("margin", "0").set("color", "var(--lumo-secondary-text-color)");
        delete.setId("tenant-delete");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        delete.addClickListener(click -> startDeletion());

        detail.add(heading, idLine,
                section(null, renameLine),
                section("Access", statusText, accessButtons),
                section(null, keysHeading, keysHint, keysError, keys),
                section(null, usage),
                section("Delete", deleteText, deleteError, delete),
                auditLink);
        usage.setWidthFull();
    }

    private static VerticalLayout section(String heading, Component... content) {
        VerticalLayout section = new VerticalLayout();
        section.setPadding(false);
        section.setSpacing(true);
        section.getStyle().set("border-top", "1px solid var(--lumo-contrast-10pct)")
                .set("padding-top", "var(--lumo-space-m)");
        if (heading != null) {
            H3 h = new H3(heading);
            h.getStyle().set("margin", "0");
            section.add(h);
        }
        section.add(content);
        return section;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        tenantId = event.getRouteParameters().get(ID_PARAMETER).orElse("");
        load();
    }

    @Override
    public String getPageTitle() {
        return (tenant == null ? "Tenant" : tenant.name()) + " | " + MainLayout.PRODUCT_NAME;
    }

    /** The link to a tenant's page, for the tenants grid. */
    public static RouterLink link(Tenant tenant) {
        RouterLink link = new RouterLink(tenant.name(), TenantDetailView.class,
                new RouteParameters(ID_PARAMETER, tenant.id()));
        link.getElement().setAttribute("data-tenant-id", tenant.id());
        return link;
    }

    private ChatAdminClient client() {
        return api.as(CurrentUser.token());
    }

    private void load() {
        loadError.clear();
        try {
            show(client().getTenant(tenantId));
        } catch (ChatApiException e) {
            // The API answers 404 for an unknown id and for one that is not an id at all.
            if (e.status() == 404 || e.status() == 400) {
                showNotFound();
                return;
            }
            failedToLoad(e);
            return;
        } catch (RuntimeException e) {
            failedToLoad(e);
            return;
        }
        loadKeys();
        loadUsage();
    }

    private void loadUsage() {
        if (dashboard == null) {
            dashboard = new AnalyticsDashboard((from, to) -> client().getTenantAnalytics(tenantId, from, to));
            usage.add(dashboard);
        }
        dashboard.reload();
    }

    /**
     * Asks the API what deleting would remove (nothing is deleted yet), then opens the typed-name confirmation.
     * An API without tenant deletion (404 or 405 here, where the tenant itself was just found) is said plainly.
     */
    private void startDeletion() {
        deleteError.clear();
        TenantDeletionPlan plan;
        try {
            plan = client().requestTenantDeletion(tenantId);
        } catch (ChatApiException e) {
            if (e.status() == 404 || e.status() == 405) {
                deleteError.show("Deleting tenants is not available on this API yet (it answered " + e.status()
                        + "). Suspend the tenant to cut off its access instead.");
                return;
            }
            deleteError.show(ApiProblems.explain(e, "Could not prepare the deletion"));
            return;
        } catch (RuntimeException e) {
            deleteError.show(ApiProblems.explain(e, "Could not prepare the deletion"));
            return;
        }
        new DeleteTenantDialog(tenant.name(), plan, token -> client().confirmTenantDeletion(tenantId, token), name -> {
            getUI().ifPresent(ui -> ui.navigate(TenantsView.class));
            success("\u201c" + name + "\u201d is deleted.");
        }).open();
    }

    private void failedToLoad(RuntimeException e) {
        detail.setVisible(false);
        loadError.show(ApiProblems.explain(e, "Could not load the tenant"));
    }

    private void showNotFound() {
        tenant = null;
        detail.setVisible(false);
        notFound.getChildren().filter(c -> "tenant-not-found-text".equals(c.getId().orElse(null)))
                .findFirst().ifPresent(text -> ((Paragraph) text).setText("There is no tenant with the id \u201c"
                        + tenantId + "\u201d. The link may be mistyped, or the tenant may not exist on this "
                        + "platform. Pick a tenant from the list instead."));
        notFound.setVisible(true);
    }

    private void show(Tenant loaded) {
        tenant = loaded;
        notFound.setVisible(false);
        detail.setVisible(true);
        title.setText(loaded.name());
        TenantsView.styleStatusBadge(statusBadge, loaded.status());
        idLine.setText("ID " + loaded.id() + (loaded.createdAt() == null ? ""
                : " \u00b7 created " + TenantsView.CREATED_FORMAT.format(loaded.createdAt())));
        nameField.setValue(loaded.name());
        nameField.setInvalid(false);
        rename.setEnabled(false);
        boolean suspended = isSuspended();
        statusText.setText(suspended
                ? "This tenant is suspended: its API keys and user tokens are refused (403 tenant.suspended). "
                + REACTIVATE_CONSEQUENCE
                : "This tenant is active. Suspending it takes effect at once. " + SUSPEND_CONSEQUENCE);
        suspend.setVisible(!suspended);
        reactivate.setVisible(suspended);
        auditLink.setQueryParameters(QueryParameters.of(AuditView.TENANT_PARAMETER, loaded.id()));
        getUI().ifPresent(ui -> ui.getPage().setTitle(getPageTitle()));
    }

    private boolean isSuspended() {
        return tenant != null && "suspended".equalsIgnoreCase(tenant.status());
    }

    private void rename() {
        String value = nameField.getValue().strip();
        try {
            show(client().renameTenant(tenantId, value));
            success("Renamed to \u201c" + value + "\u201d.");
        } catch (ChatApiException e) {
            if (e.status() == 400 || e.status() == 409 || e.status() == 422) {
                nameField.setErrorMessage(e.detail() != null ? e.detail()
                        : e.title() != null ? e.title() : "The API refused this name.");
                nameField.setInvalid(true);
                nameField.focus();
                return;
            }
            ApiProblems.notify(e, "Could not rename the tenant");
        } catch (RuntimeException e) {
            ApiProblems.notify(e, "Could not rename the tenant");
        }
    }

    private void confirmSuspend() {
        confirm("confirm-suspend", "Suspend \u201c" + tenant.name() + "\u201d?", SUSPEND_CONSEQUENCE,
                "Suspend", ButtonVariant.LUMO_ERROR, () -> {
                    show(client().suspendTenant(tenantId));
                    success("\u201c" + tenant.name() + "\u201d is suspended.");
                }, "Could not suspend the tenant");
    }

    private void confirmReactivate() {
        confirm("confirm-reactivate", "Reactivate \u201c" + tenant.name() + "\u201d?", REACTIVATE_CONSEQUENCE,
                "Reactivate", ButtonVariant.LUMO_SUCCESS, () -> {
                    show(client().reactivateTenant(tenantId));
                    success("\u201c" + tenant.name() + "\u201d is active again.");
                }, "Could not reactivate the tenant");
    }

    /**
     * A confirmation whose buttons have ids ({@code <id>-confirm}, {@code <id>-cancel}); Cancel has the focus
     * and Esc cancels, so a stray Enter does nothing harmful.
     */
    private void confirm(String id, String header, String text, String action, ButtonVariant variant,
                         Runnable onConfirm, String whatFailed) {
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setId(id);
        dialog.setHeader(header);
        dialog.setText(text);
        Button cancel = new Button("Cancel", click -> dialog.close());
        cancel.setId(id + "-cancel");
        Button ok = new Button(action);
        ok.setId(id + "-confirm");
        ok.addThemeVariants(ButtonVariant.LUMO_PRIMARY, variant);
        ok.addClickListener(click -> {
            dialog.close();
            try {
                onConfirm.run();
            } catch (RuntimeException e) {
                String message = ApiProblems.explain(e, whatFailed);
                if (message != null) {
                    error(message);
                }
            }
        });
        dialog.setCancelable(true);
        dialog.setCancelButton(cancel);
        dialog.setConfirmButton(ok);
        dialog.open();
        // The confirm dialog focuses its confirm button once it has opened; then move the focus to Cancel.
        focusAfter(cancel, ok.getId().orElseThrow());
    }

    /**
     * Focuses {@code button} as soon as the element {@code focusedFirstId} has received the focus the dialog gives
     * it when opening (or after about half a second if it never does).
     */
    static void focusAfter(Button button, String focusedFirstId) {
        button.getElement().executeJs("""
                const b = this; let frames = 0;
                const step = () => {
                  const a = document.activeElement;
                  if ((a && a.id === $0) || frames++ > 30) { b.focus(); } else { requestAnimationFrame(step); }
                };
                requestAnimationFrame(step);""", focusedFirstId);
    }

    private void loadKeys() {
        keysError.clear();
        try {
            List<ApiKey> list = client().listApiKeys(tenantId);
            keys.setItems(list);
            keys.recalculateColumnWidths(); // a revoked key's status is wider than "active"
        } catch (RuntimeException e) {
            keys.setItems(List.of());
            keysError.show(ApiProblems.explain(e, "Could not load the API keys"));
        }
    }

    private void openNewKeyDialog() {
        keysError.clear();
        new NewApiKeyDialog(tenant.name(), this::createKey, created -> loadKeys()).open();
    }

    private ApiKeySecret createKey(String name) {
        return client().createApiKey(tenantId, name);
    }

    private Component revokeButton(ApiKey key) {
        if (!key.isActive()) {
            return new Span();
        }
        Button revoke = new Button("Revoke", VaadinIcon.TRASH.create());
        revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        revoke.getElement().setAttribute("aria-label", "Revoke the key \u201c" + key.name() + "\u201d");
        revoke.getElement().setAttribute("data-key-name", key.name());
        revoke.addClickListener(click -> confirm("confirm-revoke", "Revoke the key \u201c" + key.name() + "\u201d?",
                "Calls with this key are refused from now on (401 auth.api_key_revoked). This cannot be undone.",
                "Revoke", ButtonVariant.LUMO_ERROR, () -> revoke(key), "Could not revoke \u201c" + key.name() + "\u201d"));
        return revoke;
    }

    private void revoke(ApiKey key) {
        keysError.clear();
        try {
            client().revokeApiKey(tenantId, key.id());
        } catch (ChatApiException e) {
            if (e.status() == 409 || e.status() == 404) {
                // e.g. api_key.last_active: the API's own sentence, next to the keys.
                loadKeys();
                keysError.show("Could not revoke \u201c" + key.name() + "\u201d: "
                        + (e.detail() != null ? e.detail() : e.title() != null ? e.title() : "the API refused."));
                return;
            }
            throw e;
        }
        loadKeys();
        success("The key \u201c" + key.name() + "\u201d is revoked.");
    }

    private static Component keyStatus(ApiKey key) {
        Span badge = new Span();
        TenantsView.styleStatusBadge(badge, key.isActive() ? "active" : "revoked");
        if (!key.isActive()) {
            badge.setText("revoked " + time(key.revokedAt(), ""));
        }
        return badge;
    }

    private static String time(Instant instant, String none) {
        return instant == null ? none : TenantsView.CREATED_FORMAT.format(instant);
    }

    private static void success(String message) {
        Notification n = Notification.show(message, 4000, Notification.Position.BOTTOM_START);
        n.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }

    private static void error(String message) {
        Notification n = Notification.show(message, 6000, Notification.Position.TOP_CENTER);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
    }
}
