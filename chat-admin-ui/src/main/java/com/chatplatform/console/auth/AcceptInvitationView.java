package com.chatplatform.console.auth;

import com.chatplatform.client.admin.ChatApiException;
import com.chatplatform.client.admin.Session;
import com.chatplatform.console.app.ConsoleApi;
import com.chatplatform.console.app.ErrorBanner;
import com.chatplatform.console.app.MainLayout;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinService;
import jakarta.inject.Inject;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * The invitation link's page: the invitee chooses a display name and a password
 * ({@code POST /auth/invitations/accept}) and is signed in.
 */
@Route(AcceptInvitationView.ROUTE)
@PageTitle("Accept invitation | " + MainLayout.PRODUCT_NAME)
@PublicView
public class AcceptInvitationView extends VerticalLayout implements BeforeEnterObserver {

    public static final String ROUTE = "accept-invitation";

    private final ConsoleApi api;
    private final TextField name = new TextField("Your name");
    private final PasswordField password = new PasswordField("Choose a password");
    private final PasswordField repeat = new PasswordField("Repeat the password");
    private final ErrorBanner error = new ErrorBanner("accept-error");
    private String token = "";

    @Inject
    public AcceptInvitationView(ConsoleApi api) {
        this.api = api;
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
        getStyle().set("background", "var(--lumo-contrast-5pct)");

        H1 title = new H1("Join " + MainLayout.PRODUCT_NAME);
        title.getStyle().set("font-size", "var(--lumo-font-size-xl)").set("margin", "0");
        Paragraph hint = new Paragraph("You were invited to a tenant's team. Choose your name and a password "
                + "(at least 12 characters) to create your console account.");
        hint.getStyle().set("color", "var(--lumo-secondary-text-color)").set("margin", "0");
        name.setId("accept-name");
        name.setWidthFull();
        name.setAutofocus(true);
        password.setId("accept-password");
        password.setWidthFull();
        password.getElement().setAttribute("autocomplete", "new-password");
        repeat.setId("accept-repeat");
        repeat.setWidthFull();
        repeat.getElement().setAttribute("autocomplete", "new-password");
        Button accept = new Button("Create account");
        accept.setId("accept-submit");
        accept.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        accept.setWidthFull();
        accept.addClickShortcut(Key.ENTER);
        accept.addClickListener(click -> accept());

        VerticalLayout card = new VerticalLayout(title, hint, error, name, password, repeat, accept);
        card.setId("accept-card");
        card.setWidth("min(420px, 92vw)");
        card.getStyle().set("background", "var(--lumo-base-color)").set("border-radius", "var(--lumo-border-radius-l)")
                .set("box-shadow", "var(--lumo-box-shadow-m)").set("padding", "var(--lumo-space-l)");
        add(card);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        token = event.getLocation().getQueryParameters().getParameters().getOrDefault("token", List.of("")).get(0);
        if (token.isBlank()) {
            error.show("This page needs the invitation link you were sent (it carries a token).");
        }
    }

    private void accept() {
        if (token.isBlank()) {
            error.show("This page needs the invitation link you were sent (it carries a token).");
            return;
        }
        if (name.getValue().isBlank() || password.getValue().isEmpty()) {
            error.show("Enter your name and a password.");
            return;
        }
        if (!password.getValue().equals(repeat.getValue())) {
            error.show("The two passwords differ.");
            return;
        }
        Session session;
        try {
            session = api.anonymous().acceptInvitation(token, password.getValue(), name.getValue().strip());
        } catch (ChatApiException e) {
            error.show(switch (e.code() == null ? "" : e.code()) {
                case "invitation.invalid" -> "This invitation link is not valid (it may have been withdrawn or replaced). Ask for a new one.";
                case "invitation.expired" -> "This invitation has expired. Ask for a new one.";
                case "invitation.used" -> "This invitation was already accepted. Sign in instead.";
                default -> e.detail() != null ? e.detail() : "Could not accept the invitation (the API answered " + e.status() + ").";
            });
            return;
        } catch (UncheckedIOException e) {
            error.show("The chat API cannot be reached right now. Try again in a moment.");
            return;
        }
        VaadinService.reinitializeSession(VaadinService.getCurrentRequest());
        CurrentUser.signIn(session);
        UI.getCurrent().navigate(Home.pathFor(session.account()));
    }
}
