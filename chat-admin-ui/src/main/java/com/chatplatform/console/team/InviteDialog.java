package com.chatplatform.console.team;

import com.chatplatform.client.admin.Account;
import com.chatplatform.client.admin.TeamInvitation;
import com.chatplatform.console.app.ApiProblems;
import com.chatplatform.console.app.ConsoleApi;
import com.chatplatform.console.app.ErrorBanner;
import com.chatplatform.console.auth.AcceptInvitationView;
import com.chatplatform.console.auth.CurrentUser;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinServletRequest;

/**
 * Invites a person to the team ({@code POST /team/invitations}), then shows the invitation link and its token
 * once: the console sends no email, the admin passes the link on.
 */
class InviteDialog extends Dialog {

    private final ConsoleApi api;
    private final Runnable afterInvite;
    private final EmailField email = new EmailField("Email");
    private final Select<String> role = new Select<>();
    private final ErrorBanner error = new ErrorBanner("invite-error");

    InviteDialog(ConsoleApi api, Runnable afterInvite) {
        this.api = api;
        this.afterInvite = afterInvite;
        setId("invite-dialog");
        setHeaderTitle("Invite to the team");
        setWidth("min(560px, 95vw)");

        email.setId("invite-email");
        email.setWidthFull();
        email.setAutofocus(true);
        role.setId("invite-role");
        role.setLabel("Role");
        role.setItems(TeamView.ROLES);
        role.setValue(Account.TENANT_ADMIN);
        role.setWidthFull();
        VerticalLayout form = new VerticalLayout(error, email, role);
        form.setPadding(false);
        add(form);

        Button cancel = new Button("Cancel", click -> close());
        cancel.setId("invite-cancel");
        Button invite = new Button("Invite");
        invite.setId("invite-submit");
        invite.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        invite.addClickShortcut(Key.ENTER);
        invite.addClickListener(click -> invite());
        getFooter().add(cancel, invite);
    }

    private void invite() {
        String address = email.getValue().trim();
        if (address.isEmpty() || email.isInvalid()) {
            error.show("Enter the email address of the person to invite.");
            return;
        }
        TeamInvitation issued;
        try {
            issued = api.as(CurrentUser.token()).inviteTeamMember(address, role.getValue());
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not invite " + address));
            return;
        }
        afterInvite.run();
        showLink(issued);
    }

    private void showLink(TeamInvitation issued) {
        removeAll();
        getFooter().removeAll();
        setHeaderTitle("Invitation for " + issued.email());

        Span warning = new Span("Send this link to " + issued.email() + " now: it is shown only once and works "
                + "until it expires" + (issued.expiresAt() == null ? "" : " (" + TeamView.WHEN.format(issued.expiresAt()) + ")")
                + ". Select it and press Ctrl+C, or use Copy.");
        warning.setId("invite-warning");
        warning.getElement().setAttribute("role", "alert");
        warning.getStyle().set("background", "var(--lumo-warning-color-10pct, #fff4cc)")
                .set("border-radius", "var(--lumo-border-radius-m)").set("padding", "var(--lumo-space-s) var(--lumo-space-m)")
                .set("font-size", "var(--lumo-font-size-s)").set("display", "block");

        TextField link = new TextField("Invitation link");
        link.setId("invite-link");
        link.setValue(acceptUrl(issued.token()));
        link.setReadOnly(true);
        link.setWidthFull();
        link.getElement().executeJs("this.addEventListener('focus', () => { if (this.inputElement) { this.inputElement.select(); } });");
        Button copy = new Button("Copy", VaadinIcon.COPY.create());
        copy.setId("invite-copy");
        copy.getElement().executeJs(
                "const field = $0; this.addEventListener('click', () => {"
                        + " if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(field.value); }"
                        + " else { field.focus(); field.inputElement.select(); document.execCommand('copy'); }"
                        + " this.textContent = 'Copied'; });", link.getElement());
        HorizontalLayout line = new HorizontalLayout(link, copy);
        line.setWidthFull();
        line.setAlignItems(FlexComponent.Alignment.BASELINE);
        line.expand(link);

        TextField token = new TextField("Invitation token (for accepting through the API)");
        token.setId("invite-token");
        token.setValue(issued.token() == null ? "" : issued.token());
        token.setReadOnly(true);
        token.setWidthFull();

        VerticalLayout content = new VerticalLayout(warning, line, token);
        content.setPadding(false);
        add(content);
        Button done = new Button("Done", click -> close());
        done.setId("invite-done");
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(done);
        done.focus();
    }

    private static String acceptUrl(String token) {
        String path = AcceptInvitationView.ROUTE + "?token=" + (token == null ? "" : token);
        VaadinRequest request = VaadinRequest.getCurrent();
        if (request instanceof VaadinServletRequest servlet) {
            var http = servlet.getHttpServletRequest();
            boolean defaultPort = ("http".equals(http.getScheme()) && http.getServerPort() == 80)
                    || ("https".equals(http.getScheme()) && http.getServerPort() == 443);
            return http.getScheme() + "://" + http.getServerName() + (defaultPort ? "" : ":" + http.getServerPort())
                    + http.getContextPath() + "/" + path;
        }
        return path;
    }
}
