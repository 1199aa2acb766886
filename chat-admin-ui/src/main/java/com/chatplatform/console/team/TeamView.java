package com.chatplatform.console.team;

import com.chatplatform.client.admin.Account;
import com.chatplatform.client.admin.ChatAdminClient;
import com.chatplatform.client.admin.TeamInvitation;
import com.chatplatform.client.admin.TeamMember;
import com.chatplatform.console.app.ApiProblems;
import com.chatplatform.console.app.Confirm;
import com.chatplatform.console.app.ConsoleApi;
import com.chatplatform.console.app.ErrorBanner;
import com.chatplatform.console.app.MainLayout;
import com.chatplatform.console.auth.CurrentUser;
import com.chatplatform.console.auth.RequiresRole;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.inject.Inject;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A tenant admin's team: the tenant's console accounts ({@code GET /team/members}) and pending invitations
 * ({@code GET /team/invitations}); invite, change a role, remove, withdraw. The API refuses what would leave
 * the tenant without an admin ({@code team.last_admin}); the view shows that refusal.
 */
@Route(value = "team", layout = MainLayout.class)
@PageTitle("Team | " + MainLayout.PRODUCT_NAME)
@RequiresRole(Account.TENANT_ADMIN)
public class TeamView extends VerticalLayout implements BeforeEnterObserver {

    static final List<String> ROLES = List.of(Account.TENANT_ADMIN, Account.COMPLIANCE_OFFICER, Account.MODERATOR);
    static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final ConsoleApi api;
    private final ErrorBanner error = new ErrorBanner("team-error");
    private final Grid<TeamMember> members = new Grid<>(TeamMember.class, false);
    private final Grid<TeamInvitation> invitations = new Grid<>(TeamInvitation.class, false);
    private final Paragraph noInvitations = new Paragraph("No pending invitations. Invite someone to give them a console account.");

    @Inject
    public TeamView(ConsoleApi api) {
        this.api = api;
        setId("team-view");
        setPadding(true);
        setMaxWidth("1100px");

        H2 title = new H2("Team");
        title.getStyle().set("margin", "0");
        Button invite = new Button("Invite", VaadinIcon.PLUS.create(), click -> new InviteDialog(api, this::reload).open());
        invite.setId("team-invite");
        invite.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout header = new HorizontalLayout(title, invite);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);

        Paragraph intro = new Paragraph("The console accounts of your tenant. Tenant admins manage everything, compliance "
                + "officers run exports, erasures and retention, moderators search conversations.");
        intro.getStyle().set("color", "var(--lumo-secondary-text-color)").set("margin", "0");

        members.setId("team-members-grid");
        members.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        members.setAllRowsVisible(true);
        members.addColumn(TeamMember::email).setHeader("Email").setFlexGrow(2).setAutoWidth(true);
        members.addColumn(m -> m.displayName() == null ? "" : m.displayName()).setHeader("Name").setFlexGrow(1);
        members.addColumn(TeamMember::role).setHeader("Role").setAutoWidth(true);
        members.addColumn(m -> m.totpEnabled() ? "on" : "off").setHeader("2FA").setAutoWidth(true).setFlexGrow(0);
        members.addComponentColumn(this::memberActions).setHeader("Actions").setAutoWidth(true).setFlexGrow(0);

        H3 pending = new H3("Pending invitations");
        pending.getStyle().set("margin", "var(--lumo-space-m) 0 0 0");
        invitations.setId("team-invitations-grid");
        invitations.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        invitations.setAllRowsVisible(true);
        invitations.addColumn(TeamInvitation::email).setHeader("Email").setFlexGrow(2).setAutoWidth(true);
        invitations.addColumn(TeamInvitation::role).setHeader("Role").setAutoWidth(true);
        invitations.addColumn(i -> i.expiresAt() == null ? "" : WHEN.format(i.expiresAt())).setHeader("Expires").setAutoWidth(true);
        invitations.addComponentColumn(this::invitationActions).setHeader("Actions").setAutoWidth(true).setFlexGrow(0);
        noInvitations.setId("team-invitations-empty");
        noInvitations.getStyle().set("color", "var(--lumo-secondary-text-color)");

        add(header, intro, error, members, pending, invitations, noInvitations);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        reload();
    }

    private ChatAdminClient client() {
        return api.as(CurrentUser.token());
    }

    void reload() {
        try {
            members.setItems(client().listTeamMembers());
            List<TeamInvitation> pending = client().listTeamInvitations();
            invitations.setItems(pending);
            invitations.setVisible(!pending.isEmpty());
            noInvitations.setVisible(pending.isEmpty());
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not load the team"));
        }
    }

    private HorizontalLayout memberActions(TeamMember member) {
        Select<String> role = new Select<>();
        role.setItems(ROLES);
        role.setValue(member.role());
        role.setId("team-role-" + member.email());
        role.setAriaLabel("Role of " + member.email());
        role.setWidth("12em");
        role.addValueChangeListener(change -> {
            if (!change.isFromClient() || change.getValue() == null || change.getValue().equals(member.role())) {
                return;
            }
            role.setValue(member.role()); // until confirmed
            String to = change.getValue();
            Confirm.open("confirm-role", "Change the role of " + member.email() + "?",
                    member.email() + " becomes " + to + ". Their next call to the API already uses the new role.",
                    "Change role", false, () -> {
                        client().changeTeamRole(member.id(), to);
                        success(member.email() + " is now " + to + ".");
                        reload();
                    }, "Could not change the role", error);
        });
        Button remove = new Button("Remove", click -> Confirm.open("confirm-remove", "Remove " + member.email() + "?",
                member.email() + " loses access to the console at once. Their audit entries stay.",
                "Remove", true, () -> {
                    client().removeTeamMember(member.id());
                    success(member.email() + " was removed from the team.");
                    reload();
                }, "Could not remove " + member.email(), error));
        remove.setId("team-remove-" + member.email());
        remove.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        remove.setAriaLabel("Remove " + member.email());
        HorizontalLayout actions = new HorizontalLayout(role, remove);
        actions.setAlignItems(FlexComponent.Alignment.CENTER);
        return actions;
    }

    private Button invitationActions(TeamInvitation invitation) {
        Button withdraw = new Button("Withdraw", click -> Confirm.open("confirm-withdraw",
                "Withdraw the invitation of " + invitation.email() + "?",
                "The link sent to " + invitation.email() + " stops working.", "Withdraw", true, () -> {
                    client().withdrawTeamInvitation(invitation.id());
                    success("The invitation of " + invitation.email() + " was withdrawn.");
                    reload();
                }, "Could not withdraw the invitation", error));
        withdraw.setId("team-withdraw-" + invitation.email());
        withdraw.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        return withdraw;
    }

    private static void success(String text) {
        Notification n = Notification.show(text, 4000, Notification.Position.BOTTOM_START);
        n.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }

    /** Unused but kept small: a label for a dialog's explanation. */
    static Span hint(String text) {
        Span s = new Span(text);
        s.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        return s;
    }

    static Dialog dialog(String id, String title) {
        Dialog d = new Dialog();
        d.setId(id);
        d.setHeaderTitle(title);
        d.setWidth("min(520px, 95vw)");
        return d;
    }
}
