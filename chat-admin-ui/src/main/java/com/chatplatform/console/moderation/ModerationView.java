package com.chatplatform.console.moderation;

import com.chatplatform.client.admin.Account;
import com.chatplatform.client.admin.ChatAdminClient;
import com.chatplatform.client.admin.ConversationBan;
import com.chatplatform.client.admin.ModerationRecord;
import com.chatplatform.console.app.ApiProblems;
import com.chatplatform.console.app.Confirm;
import com.chatplatform.console.app.ConsoleApi;
import com.chatplatform.console.app.Csv;
import com.chatplatform.console.app.ErrorBanner;
import com.chatplatform.console.app.Layouts;
import com.chatplatform.console.app.MainLayout;
import com.chatplatform.console.auth.CurrentUser;
import com.chatplatform.console.auth.RequiresRole;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.inject.Inject;

import java.util.List;

/**
 * Moderation for moderators and tenant admins: a conversation's bans (ban, unban), hard deletion of a message by
 * its id, and the tenant's moderation records (who did what, when, why) with a CSV export. Conversations are named
 * by id: the API has no admin listing of conversations yet.
 */
@Route(value = "moderation", layout = MainLayout.class)
@PageTitle("Moderation | " + MainLayout.PRODUCT_NAME)
@RequiresRole({Account.TENANT_ADMIN, Account.MODERATOR})
public class ModerationView extends VerticalLayout implements BeforeEnterObserver {

    private final ConsoleApi api;
    private final ErrorBanner error = new ErrorBanner("moderation-error");
    private final TextField conversation = new TextField("Conversation id");
    private final Grid<ConversationBan> bans = new Grid<>(ConversationBan.class, false);
    private final Paragraph noBans = Layouts.empty("moderation-bans-empty", "Open a conversation to see its bans.");
    private final TextField banUser = new TextField("User id");
    private final TextField banReason = new TextField("Reason");
    private final TextField messageId = new TextField("Message id");
    private final TextField deleteReason = new TextField("Reason");
    private final TextField recordUser = new TextField("About user");
    private final Grid<ModerationRecord> records = new Grid<>(ModerationRecord.class, false);
    private final Paragraph noRecords = Layouts.empty("moderation-records-empty", "No moderation actions yet.");
    private volatile byte[] csv = recordsCsv(List.of());
    private String openConversation;

    @Inject
    public ModerationView(ConsoleApi api) {
        this.api = api;
        setId("moderation-view");
        setPadding(true);
        setMaxWidth("1200px");

        conversation.setId("moderation-conversation");
        conversation.setWidth("min(24em, 100%)");
        Button open = new Button("Open", VaadinIcon.SEARCH.create(), click -> openConversation());
        open.setId("moderation-open");
        open.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        bans.setId("moderation-bans-grid");
        bans.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        bans.setAllRowsVisible(true);
        bans.addColumn(ConversationBan::userId).setHeader("User").setFlexGrow(1);
        bans.addColumn(b -> b.reason() == null ? "" : b.reason()).setHeader("Reason").setFlexGrow(2);
        bans.addColumn(b -> b.createdAt() == null ? "" : Layouts.WHEN.format(b.createdAt())).setHeader("Since").setAutoWidth(true);
        bans.addColumn(b -> b.expiresAt() == null ? "until lifted" : Layouts.WHEN.format(b.expiresAt())).setHeader("Until").setAutoWidth(true);
        bans.addComponentColumn(b -> {
            Button unban = new Button("Unban", click -> Confirm.open("confirm-unban", "Unban \u201c" + b.userId() + "\u201d?",
                    "The user may write in and rejoin this conversation again.", "Unban", false, () -> {
                        client().unbanUser(openConversation, b.userId());
                        reloadBans();
                        reloadRecords();
                    }, "Could not unban the user", error));
            unban.getElement().setAttribute("data-user-id", b.userId());
            unban.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            return unban;
        }).setHeader("Actions").setAutoWidth(true).setFlexGrow(0);

        banUser.setId("moderation-ban-user");
        banReason.setId("moderation-ban-reason");
        Button ban = new Button("Ban\u2026", VaadinIcon.BAN.create(), click -> confirmBan());
        ban.setId("moderation-ban");
        ban.addThemeVariants(ButtonVariant.LUMO_ERROR);

        messageId.setId("moderation-message-id");
        messageId.setWidth("min(24em, 100%)");
        deleteReason.setId("moderation-delete-reason");
        Button delete = new Button("Delete for good\u2026", VaadinIcon.TRASH.create(), click -> confirmHardDelete());
        delete.setId("moderation-hard-delete");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);

        recordUser.setId("moderation-records-user");
        Button filter = new Button("Show", click -> reloadRecords());
        filter.setId("moderation-records-filter");
        records.setId("moderation-records-grid");
        records.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        records.setAllRowsVisible(true);
        records.addColumn(r -> r.createdAt() == null ? "" : Layouts.WHEN.format(r.createdAt())).setHeader("When").setAutoWidth(true);
        records.addColumn(ModerationRecord::action).setHeader("Action").setAutoWidth(true);
        records.addColumn(r -> r.userId() == null ? "" : r.userId()).setHeader("User").setAutoWidth(true);
        records.addColumn(r -> shortId(r.conversationId())).setHeader("Conversation").setAutoWidth(true);
        records.addColumn(r -> shortId(r.messageId())).setHeader("Message").setAutoWidth(true);
        records.addColumn(r -> r.actorKind() + " " + (r.actorId() == null ? "" : shortId(r.actorId()))).setHeader("By").setAutoWidth(true);
        records.addColumn(r -> r.reason() == null ? "" : r.reason()).setHeader("Reason").setFlexGrow(1);

        add(Layouts.title("Moderation"), error,
                Layouts.section("Conversation", "Bans keep a user out of one conversation; hard deletion removes a message's content for good.",
                        Layouts.line(conversation, open), bans, noBans, Layouts.line(banUser, banReason, ban),
                        Layouts.line(messageId, deleteReason, delete)),
                Layouts.section("Moderation records", "Every ban, unban and hard deletion in your tenant, newest first.",
                        Layouts.line(recordUser, filter, Layouts.csvLink("moderation-records-export", "moderation-records.csv", () -> csv)),
                        records, noRecords));
        bans.setVisible(false);
    }

    private ChatAdminClient client() {
        return api.as(CurrentUser.token());
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        event.getLocation().getQueryParameters().getSingleParameter("conversation").ifPresent(id -> {
            conversation.setValue(id);
            openConversation();
        });
        reloadRecords();
    }

    private boolean requireConversation() {
        String id = conversation.getValue().strip();
        if (id.isEmpty()) {
            error.show("Enter the conversation id first.");
            return false;
        }
        openConversation = id;
        return true;
    }

    private void openConversation() {
        if (requireConversation()) {
            error.clear();
            reloadBans();
        }
    }

    private void reloadBans() {
        try {
            List<ConversationBan> active = client().listBans(openConversation);
            bans.setItems(active);
            bans.setVisible(!active.isEmpty());
            noBans.setText(active.isEmpty() ? "Nobody is banned from this conversation." : "");
            noBans.setVisible(active.isEmpty());
        } catch (RuntimeException e) {
            bans.setVisible(false);
            error.show(ApiProblems.explain(e, "Could not open the conversation"));
        }
    }

    private void confirmBan() {
        if (!requireConversation()) {
            return;
        }
        String user = banUser.getValue().strip();
        if (user.isEmpty()) {
            error.show("Enter the id of the user to ban.");
            return;
        }
        String reason = banReason.getValue().isBlank() ? null : banReason.getValue().strip();
        Confirm.open("confirm-ban", "Ban \u201c" + user + "\u201d from this conversation?",
                "The user leaves the conversation at once and cannot write in it or rejoin until unbanned.", "Ban", true, () -> {
                    client().banUser(openConversation, user, reason, null);
                    banUser.clear();
                    banReason.clear();
                    reloadBans();
                    reloadRecords();
                }, "Could not ban the user", error);
    }

    private void confirmHardDelete() {
        if (!requireConversation()) {
            return;
        }
        String message = messageId.getValue().strip();
        if (message.isEmpty()) {
            error.show("Enter the id of the message to delete.");
            return;
        }
        String reason = deleteReason.getValue().isBlank() ? null : deleteReason.getValue().strip();
        Confirm.open("confirm-hard-delete", "Delete this message for good?",
                "Its text and attachments are removed for every member and from search. This cannot be undone.", "Delete for good", true,
                () -> {
                    client().hardDeleteMessage(openConversation, message, reason);
                    messageId.clear();
                    deleteReason.clear();
                    reloadRecords();
                }, "Could not delete the message", error);
    }

    private void reloadRecords() {
        try {
            String user = recordUser.getValue().isBlank() ? null : recordUser.getValue().strip();
            List<ModerationRecord> list = client().listModerationRecords(user, null, 200);
            records.setItems(list);
            records.setVisible(!list.isEmpty());
            noRecords.setVisible(list.isEmpty());
            csv = recordsCsv(list);
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not load the moderation records"));
        }
    }

    static byte[] recordsCsv(List<ModerationRecord> list) {
        return Csv.write(List.of("id", "created_at", "action", "conversation_id", "user_id", "message_id", "actor_kind", "actor_id",
                        "reason", "expires_at"),
                list.stream().map(r -> List.of(nz(r.id()), r.createdAt() == null ? "" : r.createdAt().toString(), nz(r.action()),
                        nz(r.conversationId()), nz(r.userId()), nz(r.messageId()), nz(r.actorKind()), nz(r.actorId()), nz(r.reason()),
                        r.expiresAt() == null ? "" : r.expiresAt().toString())).toList());
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }

    private static String shortId(String id) {
        return id == null ? "" : id.length() > 8 ? id.substring(0, 8) : id;
    }
}
