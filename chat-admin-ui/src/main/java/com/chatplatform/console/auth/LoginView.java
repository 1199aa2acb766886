package com.chatplatform.console.auth;

import com.chatplatform.client.admin.ChatApiException;
import com.chatplatform.client.admin.Session;
import com.chatplatform.console.app.ConsoleApi;
import com.chatplatform.console.app.MainLayout;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinService;
import jakarta.inject.Inject;

import java.io.UncheckedIOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sign-in with email and password against {@code POST /auth/login}. When the account has a second factor the
 * API answers {@code auth.second_factor_required}: the form then shows a code field and signs in again with
 * the TOTP code.
 */
@Route("login")
@PageTitle("Sign in | " + MainLayout.PRODUCT_NAME)
@PublicView
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    private static final Logger LOG = Logger.getLogger(LoginView.class.getName());

    private final ConsoleApi api;

    private final EmailField email = new EmailField("Email");
    private final PasswordField password = new PasswordField("Password");
    private final TextField code = new TextField("Authenticator code");
    private final Button signIn = new Button("Sign in");
    private final Div error = new Div();

    @Inject
    public LoginView(ConsoleApi api) {
        this.api = api;

        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
        getStyle().set("background", "var(--lumo-contrast-5pct)");

        Icon logo = VaadinIcon.CHAT.create();
        logo.setSize("var(--lumo-icon-size-l)");
        logo.setColor("var(--lumo-primary-color)");
        H1 title = new H1(MainLayout.PRODUCT_NAME);
        title.getStyle().set("font-size", "var(--lumo-font-size-xl)").set("margin", "0");
        HorizontalLayout brand = new HorizontalLayout(logo, title);
        brand.setAlignItems(FlexComponent.Alignment.CENTER);

        Paragraph hint = new Paragraph("Sign in with your administrator account.");
        hint.getStyle().set("color", "var(--lumo-secondary-text-color)").set("margin", "0");

        email.setId("login-email");
        email.setWidthFull();
        email.setAutofocus(true);
        email.getElement().setAttribute("autocomplete", "username");
        email.setErrorMessage("Enter a valid email address.");

        password.setId("login-password");
        password.setWidthFull();
        password.getElement().setAttribute("autocomplete", "current-password");

        error.setId("login-error");
        error.getElement().setAttribute("role", "alert");
        error.getStyle()
                .set("color", "var(--lumo-error-text-color)")
                .set("background", "var(--lumo-error-color-10pct)")
                .set("border-radius", "var(--lumo-border-radius-m)")
                .set("padding", "var(--lumo-space-s) var(--lumo-space-m)")
                .set("font-size", "var(--lumo-font-size-s)")
                .set("box-sizing", "border-box");
        error.setWidthFull();
        error.setVisible(false);

        code.setId("login-totp");
        code.setWidthFull();
        code.setVisible(false);
        code.setMaxLength(8);
        code.setAllowedCharPattern("[0-9 ]");
        code.setHelperText("The 6-digit code from your authenticator app.");
        code.getElement().setAttribute("autocomplete", "one-time-code");
        code.getElement().setAttribute("inputmode", "numeric");

        signIn.setId("login-submit");
        signIn.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        signIn.setWidthFull();
        signIn.addClickShortcut(Key.ENTER);
        signIn.setDisableOnClick(true);
        signIn.addClickListener(click -> {
            try {
                signIn();
            } finally {
                signIn.setEnabled(true);
            }
        });

        VerticalLayout card = new VerticalLayout(brand, hint, error, email, password, code, signIn);
        card.setId("login-card");
        card.setPadding(true);
        card.setSpacing(true);
        card.setWidth("min(380px, 92vw)");
        card.getStyle()
                .set("background", "var(--lumo-base-color)")
                .set("border-radius", "var(--lumo-border-radius-l)")
                .set("box-shadow", "var(--lumo-box-shadow-m)")
                .set("padding", "var(--lumo-space-l)");
        add(card);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (CurrentUser.session().isPresent()) {
            event.forwardTo("");
        }
    }

    private void signIn() {
        String address = email.getValue().trim();
        if (address.isEmpty() || email.isInvalid() || password.getValue().isEmpty()) {
            showError("Enter your email and password.");
            return;
        }
        if (code.isVisible() && code.getValue().isBlank()) {
            showError("Enter the code from your authenticator app.");
            code.focus();
            return;
        }
        Session session;
        try {
            session = api.anonymous().login(address, password.getValue(), code.isVisible() ? code.getValue() : null);
        } catch (ChatApiException e) {
            if ("auth.second_factor_required".equals(e.code())) {
                code.setVisible(true);
                code.clear();
                showError("This account uses a second factor: enter the code from your authenticator app.");
                code.focus();
                return;
            }
            if ("auth.second_factor_invalid".equals(e.code())) {
                showError("The code is wrong, expired or was already used. Enter the current code.");
                code.clear();
                code.focus();
                return;
            }
            if (e.status() == 401 || e.status() == 400) {
                showError("Incorrect email or password.");
            } else if (e.status() == 429) {
                showError("Too many sign-in attempts. Wait a minute and try again.");
            } else {
                LOG.log(Level.WARNING, "Sign-in failed: " + e.getMessage());
                showError("Signing in is not possible right now (the API answered " + e.status() + "). Try again later.");
            }
            password.clear();
            code.clear();
            code.setVisible(false);
            password.focus();
            return;
        } catch (UncheckedIOException e) {
            LOG.log(Level.WARNING, "Sign-in failed: " + e.getMessage());
            showError("The chat API cannot be reached right now. Try again in a moment.");
            return;
        }
        // New HTTP session id after signing in (no session fixation); Vaadin moves its state across.
        VaadinService.reinitializeSession(VaadinService.getCurrentRequest());
        CurrentUser.signIn(session);
        LOG.info(() -> "Signed in: " + session.account().email() + " (" + session.account().role() + ")");
        String target = CurrentUser.takeTarget();
        UI.getCurrent().navigate(target.isEmpty() ? Home.pathFor(session.account()) : target);
    }

    private void showError(String message) {
        error.setText(message);
        error.setVisible(true);
    }
}
