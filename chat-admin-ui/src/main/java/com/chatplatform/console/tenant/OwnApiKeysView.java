package com.chatplatform.console.tenant;

import com.chatplatform.client.admin.Account;
import com.chatplatform.client.admin.ApiKey;
import com.chatplatform.console.app.ApiProblems;
import com.chatplatform.console.app.Confirm;
import com.chatplatform.console.app.ConsoleApi;
import com.chatplatform.console.app.ErrorBanner;
import com.chatplatform.console.app.MainLayout;
import com.chatplatform.console.auth.CurrentUser;
import com.chatplatform.console.auth.RequiresRole;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.inject.Inject;

/**
 * A tenant admin's own API keys ({@code /api-keys}): list, create (secret shown once), revoke after a confirmation;
 * the API refuses to revoke the last active key ({@code api_key.last_active}).
 */
@Route(value = "api-keys", layout = MainLayout.class)
@PageTitle("API keys | " + MainLayout.PRODUCT_NAME)
@RequiresRole(Account.TENANT_ADMIN)
public class OwnApiKeysView extends VerticalLayout implements BeforeEnterObserver {

    private final ConsoleApi api;
    private final Grid<ApiKey> grid = new Grid<>(ApiKey.class, false);
    private final ErrorBanner error = new ErrorBanner("own-keys-error");

    @Inject
    public OwnApiKeysView(ConsoleApi api) {
        this.api = api;
        setId("own-keys-view");
        setPadding(true);
        setMaxWidth("1100px");
        H2 title = new H2("API keys");
        title.getStyle().set("margin", "0");
        Button create = new Button("New key", VaadinIcon.PLUS.create(), click -> new NewApiKeyDialog("your tenant",
                name -> api.as(CurrentUser.token()).createOwnApiKey(name), key -> reload()).open());
        create.setId("new-api-key");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout header = new HorizontalLayout(title, create);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
        Paragraph hint = new Paragraph("Your backend authenticates to the API with these keys. A secret is shown only when the key is created.");
        hint.getStyle().set("color", "var(--lumo-secondary-text-color)").set("margin", "0");

        grid.setId("api-keys-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setAllRowsVisible(true);
        grid.addColumn(ApiKey::name).setHeader("Name").setFlexGrow(1);
        grid.addColumn(k -> k.createdAt() == null ? "" : TenantsView.CREATED_FORMAT.format(k.createdAt())).setHeader("Created").setAutoWidth(true);
        grid.addColumn(k -> k.lastUsedAt() == null ? "never" : TenantsView.CREATED_FORMAT.format(k.lastUsedAt())).setHeader("Last used").setAutoWidth(true);
        grid.addColumn(k -> k.isActive() ? "active" : "revoked").setHeader("Status").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(k -> {
            Button revoke = new Button("Revoke", click -> Confirm.open("confirm-revoke", "Revoke the key \u201c" + k.name() + "\u201d?",
                    "Calls with this key are refused from now on.", "Revoke", true, () -> {
                        api.as(CurrentUser.token()).revokeOwnApiKey(k.id());
                        reload();
                    }, "Could not revoke the key", error));
            revoke.getElement().setAttribute("data-key-name", k.name());
            revoke.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
            revoke.setVisible(k.isActive());
            return revoke;
        }).setHeader("Actions").setAutoWidth(true).setFlexGrow(0);
        add(header, hint, error, grid);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        reload();
    }

    private void reload() {
        try {
            grid.setItems(api.as(CurrentUser.token()).listOwnApiKeys());
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not load the API keys"));
        }
    }
}
