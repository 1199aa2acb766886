package com.chatplatform.console.account;

import com.chatplatform.client.admin.ChatAdminClient;
import com.chatplatform.client.admin.Session;
import com.chatplatform.client.admin.TotpEnrolment;
import com.chatplatform.console.app.ApiProblems;
import com.chatplatform.console.app.Confirm;
import com.chatplatform.console.app.ConsoleApi;
import com.chatplatform.console.app.ErrorBanner;
import com.chatplatform.console.app.Layouts;
import com.chatplatform.console.app.MainLayout;
import com.chatplatform.console.auth.CurrentUser;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.inject.Inject;

/**
 * My account, for every console person: change the password (the API then refuses every older token and answers a
 * fresh one, which replaces the session's), set up or turn off the second factor (TOTP, QR code drawn on the server),
 * and sign out everywhere.
 */
@Route(value = "account", layout = MainLayout.class)
@PageTitle("My account | " + MainLayout.PRODUCT_NAME)
public class AccountView extends VerticalLayout implements BeforeEnterObserver {

    private final ConsoleApi api;
    private final ErrorBanner error = new ErrorBanner("account-error");
    private final PasswordField current = new PasswordField("Current password");
    private final PasswordField fresh = new PasswordField("New password");
    private final PasswordField repeat = new PasswordField("New password again");
    private final Span totpState = new Span();
    private final Button totpStart = new Button("Set up authenticator app", VaadinIcon.MOBILE.create());
    private final Div enrolment = new Div();
    private final Div qr = new Div();
    private final TextField secret = new TextField("Or type this key");
    private final TextField code = new TextField("Code from the app");
    private final TextField offCode = new TextField("Current code");
    private final Div turnOff = new Div();

    @Inject
    public AccountView(ConsoleApi api) {
        this.api = api;
        setId("account-view");
        setPadding(true);
        setMaxWidth("900px");

        current.setId("account-current-password");
        fresh.setId("account-new-password");
        repeat.setId("account-repeat-password");
        for (PasswordField f : new PasswordField[] {current, fresh, repeat}) {
            f.setWidth("min(20em, 100%)");
        }
        Button change = new Button("Change password", click -> changePassword());
        change.setId("account-change-password");
        change.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        totpState.setId("account-totp-state");
        totpStart.setId("account-totp-start");
        totpStart.addClickListener(click -> startTotp());
        qr.setId("account-totp-qr");
        qr.setWidth("min(240px, 70vw)");
        secret.setId("account-totp-secret");
        secret.setReadOnly(true);
        secret.setWidth("min(24em, 100%)");
        code.setId("account-totp-code");
        code.setWidth("10em");
        Button confirm = new Button("Turn on", click -> confirmTotp());
        confirm.setId("account-totp-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        enrolment.setId("account-totp-enrolment");
        VerticalLayout steps = new VerticalLayout(new Span("Scan the QR code with your authenticator app, then enter the code it shows."),
                qr, secret, Layouts.line(code, confirm));
        steps.setPadding(false);
        enrolment.add(steps);
        enrolment.setVisible(false);

        offCode.setId("account-totp-off-code");
        offCode.setWidth("10em");
        Button off = new Button("Turn off", click -> Confirm.open("confirm-totp-off", "Turn off the second factor?",
                "Signing in then needs only your password.", "Turn off", true, this::disableTotp, "Could not turn off the second factor", error));
        off.setId("account-totp-off");
        off.addThemeVariants(ButtonVariant.LUMO_ERROR);
        turnOff.add(Layouts.line(offCode, off));
        turnOff.setVisible(false);

        Button everywhere = new Button("Sign out everywhere", VaadinIcon.SIGN_OUT.create(), click -> Confirm.open("confirm-sign-out-everywhere",
                "Sign out everywhere?", "Every session of your account ends, on every device, this one included.", "Sign out everywhere", true,
                () -> {
                    client().signOutEverywhere();
                    MainLayout.signOut();
                }, "Could not sign out everywhere", error));
        everywhere.setId("account-sign-out-everywhere");
        everywhere.addThemeVariants(ButtonVariant.LUMO_ERROR);

        Span who = new Span(CurrentUser.account().map(a -> a.email() + " (" + a.role() + ")").orElse(""));
        who.setId("account-who");
        add(Layouts.title("My account"), who, error,
                Layouts.section("Password", "After a change, your other sessions end; this one continues.",
                        Layouts.line(current, fresh, repeat), Layouts.line(change)),
                Layouts.section("Second factor", "With an authenticator app, signing in needs your password and a 6-digit code.",
                        totpState, Layouts.line(totpStart), enrolment, turnOff),
                Layouts.section("Sessions", "Lost a device? End every session of your account.", Layouts.line(everywhere)));
    }

    private ChatAdminClient client() {
        return api.as(CurrentUser.token());
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        try {
            showTotp(client().isTotpEnabled());
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not load your account"));
        }
    }

    private void showTotp(boolean enabled) {
        totpState.setText(enabled ? "On: signing in needs a code from your authenticator app." : "Off: signing in needs only your password.");
        totpState.getElement().setAttribute("data-enabled", String.valueOf(enabled));
        totpStart.setVisible(!enabled);
        turnOff.setVisible(enabled);
        if (enabled) {
            enrolment.setVisible(false);
        }
    }

    private void changePassword() {
        if (current.isEmpty() || fresh.isEmpty()) {
            error.show("Enter your current password and the new one.");
            return;
        }
        if (!fresh.getValue().equals(repeat.getValue())) {
            error.show("The new password and its repetition differ.");
            return;
        }
        try {
            error.clear();
            Session session = client().changePassword(current.getValue(), fresh.getValue());
            CurrentUser.replace(session);
            current.clear();
            fresh.clear();
            repeat.clear();
            Notification ok = Notification.show("Password changed. Your other sessions have ended.", 5000, Notification.Position.TOP_CENTER);
            ok.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            ok.setId("account-password-changed");
        } catch (com.chatplatform.client.admin.ChatApiException e) {
            // 401 here means "wrong current password", not an expired session: do not sign the person out.
            if ("auth.invalid_credentials".equals(e.code())) {
                error.show("Could not change the password: the current password is wrong.");
            } else {
                error.show(ApiProblems.explain(e, "Could not change the password"));
            }
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not change the password"));
        }
    }

    private void startTotp() {
        try {
            error.clear();
            TotpEnrolment enrol = client().startTotp();
            qr.removeAll();
            qr.add(new Html("<div>" + QrSvg.of(enrol.otpauthUri()) + "</div>"));
            secret.setValue(enrol.secret());
            code.clear();
            enrolment.setVisible(true);
            code.focus();
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not start the set-up"));
        }
    }

    private void confirmTotp() {
        if (code.getValue().isBlank()) {
            error.show("Enter the 6-digit code your app shows.");
            return;
        }
        try {
            error.clear();
            showTotp(client().confirmTotp(code.getValue()));
            secret.clear();
            qr.removeAll();
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not turn on the second factor"));
        }
    }

    private void disableTotp() {
        if (offCode.getValue().isBlank()) {
            error.show("Enter a current code from your app to turn the second factor off.");
            return;
        }
        showTotp(client().disableTotp(offCode.getValue()));
        offCode.clear();
    }
}
