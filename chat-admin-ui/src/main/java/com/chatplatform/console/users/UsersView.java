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
 * A tenant admin looks up one of the tenant's chat users by id ({@code GET /users/{id}}), renames them
 * ({@code PATCH}) or erases them ({@code DELETE /users/{id}}, the GDPR erasure, behind a typed confirmation).
 */
@Route(value = "users", layout = MainLayout.class)
@PageTitle("Users | " + MainLayout.PRODUCT_NAME)
@RequiresRole(Account.TENANT_ADMIN)
public class UsersView extends VerticalLayout {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final ConsoleApi api;
    private final TextField id = new TextField("User id");
    private final ErrorBanner error = new ErrorBanner("users-error");
    private final Paragraph empty = new Paragraph("Enter a user id (your system's id for the user) to open the user.");
    private final Div card = new Div();
    private final Span shownId = new Span();
    private final Span details = new Span();
    private final TextField displayName = new TextField("Display name");
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
        empty.setId("users-empty");
        empty.getStyle().set("color", "var(--lumo-secondary-text-color)");

        shownId.setId("user-id");
        shownId.getStyle().set("font-weight", "600");
        details.setId("user-details");
        details.getStyle().set("color", "var(--lumo-secondary-text-color)");
        displayName.setId("user-display-name");
        Button save = new Button("Save name", click -> save());
        save.setId("user-save");
        Button erase = new Button("Erase user\u2026", VaadinIcon.ERASER.create(), click -> confirmErase());
        erase.setId("user-erase");
        erase.addThemeVariants(ButtonVariant.LUMO_ERROR);
        erasure.setId("user-erasure");
        VerticalLayout inner = new VerticalLayout(shownId, details, line(displayName, save), erase, erasure,
                new RouterLink("Follow erasures on the Compliance page", ComplianceView.class));
        inner.setPadding(false);
        card.setId("user-card");
        card.add(inner);
        card.setVisible(false);
        card.getStyle().set("border", "1px solid var(--lumo-contrast-10pct)").set("border-radius", "var(--lumo-border-radius-l)")
                .set("padding", "var(--lumo-space-m)").set("box-sizing", "border-box").set("width", "100%");
        add(title, line(id, open), error, empty, card);
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
        erasure.setText("");
        card.setVisible(true);
        empty.setVisible(false);
    }

    private void save() {
        try {
            error.clear();
            show(api.as(CurrentUser.token()).renameUser(user.id(), displayName.getValue().strip()));
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not rename the user"));
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
