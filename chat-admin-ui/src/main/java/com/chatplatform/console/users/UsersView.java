package com.chatplatform.console.users;

import com.chatplatform.client.admin.Account;
import com.chatplatform.client.admin.ChatApiException;
import com.chatplatform.client.admin.ChatUser;
import com.chatplatform.client.admin.ComplianceJob;
import com.chatplatform.console.app.ApiProblems;
import com.chatplatform.console.app.ConsoleApi;
import com.chatplatform.console.app.ErrorBanner;
import com.chatplatform.console.app.MainLayout;
import com.chatplatform.console.auth.CurrentUser;
import com.chatplatform.console.compliance.ComplianceView;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.chatplatform.console.auth.RequiresRole;
import jakarta.inject.Inject;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A tenant admin finds the tenant's chat users (a list by id, filtered by an id or display name prefix:
 * {@code GET /users?q=}, "Load more" pages on), opens one ({@code GET /users/{id}}), edits them ({@code PATCH}) or
 * erases them ({@code DELETE /users/{id}}, the GDPR erasure, behind a typed confirmation).
 */
@Route(value = "users", layout = MainLayout.class)
@PageTitle("Users | " + MainLayout.PRODUCT_NAME)
@RequiresRole(Account.TENANT_ADMIN)
public class UsersView extends VerticalLayout {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final ConsoleApi api;
    private final TextField id = new TextField("Find users (id or display name)");
    private final com.vaadin.flow.component.grid.Grid<ChatUser> list = new com.vaadin.flow.component.grid.Grid<>(ChatUser.class, false);
    private final java.util.List<ChatUser> listed = new java.util.ArrayList<>();
    private final Button more = new Button("Load more");
    private final Paragraph none = new Paragraph();
    private String nextCursor;
    private final ErrorBanner error = new ErrorBanner("users-error");
    private final Paragraph empty = new Paragraph("Enter a user id (your system's id for the user) to open the user.");
    private final Div card = new Div();
    private final Span shownId = new Span();
    private final Span details = new Span();
    private final TextField displayName = new TextField("Display name");
    private final com.vaadin.flow.component.select.Select<String> role = new com.vaadin.flow.component.select.Select<>();
    private final com.vaadin.flow.component.textfield.TextArea customData = new com.vaadin.flow.component.textfield.TextArea("Custom data (JSON object)");
    private final TextField newId = new TextField("New user id");
    private final TextField newName = new TextField("Display name");
    private final Span erasure = new Span();
    private ChatUser user;

    @Inject
    public UsersView(ConsoleApi api) {
        this.api = api;
        setId("users-view");
        setPadding(true);
        setMaxWidth("900px");
        H2 title = new H2("Users");
        title.getStyle().set("margin", "0");
        id.setId("users-id");
        id.setAutofocus(true);
        Button open = new Button("Open", VaadinIcon.SEARCH.create(), click -> open());
        open.setId("users-open");
        open.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        id.addKeyPressListener(Key.ENTER, key -> open());
        id.setValueChangeMode(ValueChangeMode.LAZY);
        id.addValueChangeListener(change -> search());
        id.setHelperText("The list shows users whose id or display name starts with this; Open takes the exact id.");
        list.setId("users-list");
        list.addColumn(ChatUser::id).setHeader("User id").setAutoWidth(true).setFlexGrow(1);
        list.addColumn(u -> u.displayName() == null ? "" : u.displayName()).setHeader("Display name").setFlexGrow(1);
        list.addColumn(u -> u.role() == null ? "user" : u.role()).setHeader("Role").setAutoWidth(true).setFlexGrow(0);
        list.addColumn(u -> u.createdAt() == null ? "" : WHEN.format(u.createdAt())).setHeader("Created").setAutoWidth(true).setFlexGrow(0);
        list.setAllRowsVisible(true);
        list.addItemClickListener(click -> show(click.getItem()));
        more.setId("users-more");
        more.addClickListener(click -> loadPage());
        none.setId("users-none");
        none.getStyle().set("color", "var(--lumo-secondary-text-color)");
        empty.setId("users-empty");
        empty.getStyle().set("color", "var(--lumo-secondary-text-color)");

        shownId.setId("user-id");
        shownId.getStyle().set("font-weight", "600");
        details.setId("user-details");
        details.getStyle().set("color", "var(--lumo-secondary-text-color)");
        displayName.setId("user-display-name");
        Button save = new Button("Save", click -> save());
        save.setId("user-save");
        role.setId("user-role");
        role.setLabel("Role");
        role.setItems("user", "moderator");
        customData.setId("user-custom-data");
        customData.setWidthFull();
        Button token = new Button("Mint test token", VaadinIcon.KEY.create(), click -> mintToken());
        token.setId("user-mint-token");
        Button revoke = new Button("Revoke tokens\u2026", click -> com.chatplatform.console.app.Confirm.open("confirm-revoke-user-tokens",
                "Revoke every token of \u201c" + user.id() + "\u201d?", "The user's open connections close and every token issued so far is "
                        + "refused; your backend must issue a new one.", "Revoke tokens", true, () -> {
                    api.as(CurrentUser.token()).revokeUserTokens(user.id());
                    erasure.setText("Every token of " + user.id() + " issued so far is revoked.");
                }, "Could not revoke the tokens", error));
        revoke.setId("user-revoke-tokens");
        revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        Button erase = new Button("Erase user\u2026", VaadinIcon.ERASER.create(), click -> confirmErase());
        erase.setId("user-erase");
        erase.addThemeVariants(ButtonVariant.LUMO_ERROR);
        erasure.setId("user-erasure");
        VerticalLayout inner = new VerticalLayout(shownId, details, line(displayName, role), customData, line(save, token, revoke),
                erase, erasure,
                new RouterLink("Follow erasures on the Compliance page", ComplianceView.class));
        inner.setPadding(false);
        card.setId("user-card");
        card.add(inner);
        card.setVisible(false);
        card.getStyle().set("border", "1px solid var(--lumo-contrast-10pct)").set("border-radius", "var(--lumo-border-radius-l)")
                .set("padding", "var(--lumo-space-m)").set("box-sizing", "border-box").set("width", "100%");
        newId.setId("users-new-id");
        newName.setId("users-new-name");
        Button create = new Button("Create user", VaadinIcon.PLUS.create(), click -> create());
        create.setId("users-create");
        Paragraph createHint = new Paragraph("Usually your backend creates users through the API; create one here to try things out.");
        createHint.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)").set("margin", "0");
        com.vaadin.flow.component.html.H3 createTitle = new com.vaadin.flow.component.html.H3("New user");
        createTitle.getStyle().set("margin", "var(--lumo-space-m) 0 0 0");
        add(title, line(id, open), error, list, more, none, empty, card, createTitle, createHint, line(newId, newName, create));
        search();
    }

    /** Lists the first page of users matching the search field (all users when it is empty). */
    private void search() {
        listed.clear();
        nextCursor = null;
        loadPage();
    }

    private void loadPage() {
        try {
            ChatUser.Page page = api.as(CurrentUser.token()).listUsers(id.getValue().strip(), nextCursor, 50);
            listed.addAll(page.items());
            nextCursor = page.nextCursor();
            list.setItems(listed);
            list.setVisible(!listed.isEmpty());
            more.setVisible(nextCursor != null);
            none.setText(id.getValue().isBlank() ? "No users yet: your backend creates them through the API, or create one below."
                    : "No user's id or display name starts with \u201c" + id.getValue().strip() + "\u201d.");
            none.setVisible(listed.isEmpty());
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not list the users"));
        }
    }

    private void open() {
        String wanted = id.getValue().strip();
        if (wanted.isEmpty()) {
            error.show("Enter a user id.");
            return;
        }
        try {
            error.clear();
            show(api.as(CurrentUser.token()).getUser(wanted));
        } catch (ChatApiException e) {
            card.setVisible(false);
            empty.setVisible(true);
            if (e.status() == 404) {
                error.show("There is no user with the id \u201c" + wanted + "\u201d in your tenant.");
            } else {
                error.show(ApiProblems.explain(e, "Could not open the user"));
            }
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not open the user"));
        }
    }

    private void show(ChatUser found) {
        user = found;
        shownId.setText(found.id());
        details.setText("Role " + (found.role() == null ? "user" : found.role())
                + (found.createdAt() == null ? "" : ", created " + WHEN.format(found.createdAt())));
        displayName.setValue(found.displayName() == null ? "" : found.displayName());
        role.setValue(found.role() == null ? "user" : found.role());
        customData.setValue(found.customData() == null || found.customData().isNull() ? "{}" : found.customData().toString());
        erasure.setText("");
        card.setVisible(true);
        empty.setVisible(false);
    }

    private void save() {
        try {
            error.clear();
            String data = customData.getValue().isBlank() ? "{}" : customData.getValue();
            String oldData = user.customData() == null || user.customData().isNull() ? "{}" : user.customData().toString();
            String newRole = role.getValue() == null || role.getValue().equals(user.role()) ? null : role.getValue();
            show(api.as(CurrentUser.token()).updateUser(user.id(), displayName.getValue().strip(), newRole,
                    data.strip().equals(oldData) ? null : data));
            com.vaadin.flow.component.notification.Notification.show("Saved.", 3000, com.vaadin.flow.component.notification.Notification.Position.BOTTOM_START);
        } catch (IllegalArgumentException e) {
            error.show("Could not save the user: " + e.getMessage());
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not save the user"));
        }
    }

    private void create() {
        String wanted = newId.getValue().strip();
        if (wanted.isEmpty()) {
            error.show("Enter the new user's id (your system's id for the user).");
            return;
        }
        try {
            error.clear();
            show(api.as(CurrentUser.token()).createUser(wanted, newName.getValue().isBlank() ? null : newName.getValue().strip()));
            id.setValue(wanted);
            newId.clear();
            newName.clear();
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not create the user"));
        }
    }

    private void mintToken() {
        try {
            error.clear();
            com.chatplatform.client.admin.UserToken token = api.as(CurrentUser.token()).mintUserToken(user.id(), 3600L);
            com.chatplatform.console.app.ShownOnce.open("user-token", "Test token for \u201c" + user.id() + "\u201d", "User token (valid until "
                    + (token.expiresAt() == null ? "?" : WHEN.format(token.expiresAt())) + ")", token.token(),
                    "Anyone holding this token acts as this user for an hour. Use it only for testing; it is not shown again.");
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not mint a token"));
        }
    }

    private void confirmErase() {
        String target = user.id();
        Dialog dialog = new Dialog();
        dialog.setId("user-erase-dialog");
        dialog.setHeaderTitle("Erase \u201c" + target + "\u201d?");
        dialog.setWidth("min(520px, 95vw)");
        TextField typed = new TextField("Type the user id to confirm");
        typed.setId("user-erase-typed");
        typed.setWidthFull();
        typed.setAutofocus(true);
        typed.setValueChangeMode(ValueChangeMode.EAGER);
        Button cancel = new Button("Cancel", click -> dialog.close());
        cancel.setId("user-erase-cancel");
        Button erase = new Button("Erase");
        erase.setId("user-erase-confirm");
        erase.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        erase.setEnabled(false);
        typed.addValueChangeListener(change -> erase.setEnabled(target.equals(change.getValue().strip())));
        erase.addClickListener(click -> {
            if (!target.equals(typed.getValue().strip())) {
                return;
            }
            dialog.close();
            try {
                error.clear();
                ComplianceJob job = api.as(CurrentUser.token()).eraseUser(target);
                erasure.setText("Erasure " + job.id() + " is " + job.status() + ".");
            } catch (RuntimeException e) {
                error.show(ApiProblems.explain(e, "Could not erase the user"));
            }
        });
        dialog.add(new Paragraph("This permanently erases the user's profile, files and search entries and anonymises or "
                + "deletes their messages. It cannot be undone."), typed);
        dialog.getFooter().add(cancel, erase);
        dialog.open();
    }

    private static FlexLayout line(com.vaadin.flow.component.Component... parts) {
        FlexLayout line = new FlexLayout(parts);
        line.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        line.setAlignItems(FlexComponent.Alignment.BASELINE);
        line.getStyle().set("gap", "var(--lumo-space-s)");
        line.setWidthFull();
        return line;
    }
}
