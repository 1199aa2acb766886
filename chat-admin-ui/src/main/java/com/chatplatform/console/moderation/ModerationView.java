package com.chatplatform.console.moderation;

import com.chatplatform.client.admin.Account;
import com.chatplatform.client.admin.AdminConversation;
import com.chatplatform.client.admin.AdminMessage;
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

import java.util.ArrayList;
import java.util.List;

/**
 * Moderation for moderators and tenant admins: browse the tenant's conversations ({@code GET /admin/conversations}),
 * open one (members with their bans, messages newest page first with "Load older"), ban or unban a member, delete a
 * message for good (each behind a confirmation); a conversation or message can also be named by id. Below, the
 * tenant's moderation records (who did what, when, why) with a CSV export.
 */
@Route(value = "moderation", layout = MainLayout.class)
@PageTitle("Moderation | " + MainLayout.PRODUCT_NAME)
@RequiresRole({Account.TENANT_ADMIN, Account.MODERATOR})
public class ModerationView extends VerticalLayout implements BeforeEnterObserver {

    private final ConsoleApi api;
    private final ErrorBanner error = new ErrorBanner("moderation-error");
    private final TextField conversation = new TextField("Conversation id");
    private final Grid<ConversationBan> bans = new Grid<>(ConversationBan.class, false);
    private final Paragraph noBans = Layouts.empty("moderation-bans-empty", "Open a conversation to see its members, messages and bans.");
    private final TextField banUser = new TextField("User id");
    private final TextField banReason = new TextField("Reason");
    private final TextField messageId = new TextField("Message id");
    private final TextField deleteReason = new TextField("Reason");
    private final TextField recordUser = new TextField("About user");
    private final Grid<ModerationRecord> records = new Grid<>(ModerationRecord.class, false);
    private final Paragraph noRecords = Layouts.empty("moderation-records-empty", "No moderation actions yet.");
    private volatile byte[] csv = recordsCsv(List.of());
    private String openConversation;

    // browsing
    private final TextField namePrefix = new TextField("Name starts with");
    private final com.vaadin.flow.component.select.Select<String> type = new com.vaadin.flow.component.select.Select<>();
    private final Grid<AdminConversation> conversations = new Grid<>(AdminConversation.class, false);
    private final Paragraph noConversations = Layouts.empty("moderation-conversations-empty", "No conversations match.");
    private final Button moreConversations = new Button("Load more");
    private final List<AdminConversation> loadedConversations = new ArrayList<>();
    private String conversationCursor;
    private final com.vaadin.flow.component.html.Div detail = new com.vaadin.flow.component.html.Div();
    private final com.vaadin.flow.component.html.Span detailTitle = new com.vaadin.flow.component.html.Span();
    private final Grid<AdminConversation.Member> members = new Grid<>(AdminConversation.Member.class, false);
    private final Grid<AdminMessage> messages = new Grid<>(AdminMessage.class, false);
    private final Paragraph noMessages = Layouts.empty("moderation-messages-empty", "No messages in this conversation.");
    private final Button olderMessages = new Button("Load older");
    private final List<AdminMessage> loadedMessages = new ArrayList<>();
    private Long messagesBefore;

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
                        refreshDetail();
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

        namePrefix.setId("moderation-name");
        type.setId("moderation-type");
        type.setLabel("Type");
        type.setItems("", "direct", "group", "channel");
        type.setItemLabelGenerator(t -> t.isEmpty() ? "any" : t);
        type.setValue("");
        type.setWidth("9em");
        Button find = new Button("Find", VaadinIcon.SEARCH.create(), click -> reloadConversations());
        find.setId("moderation-find");
        namePrefix.addKeyPressListener(com.vaadin.flow.component.Key.ENTER, key -> reloadConversations());
        conversations.setId("moderation-conversations-grid");
        conversations.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        conversations.setAllRowsVisible(true);
        conversations.addColumn(c -> c.name() == null || c.name().isBlank() ? "(" + c.type() + ")" : c.name()).setHeader("Conversation").setFlexGrow(2);
        conversations.addColumn(AdminConversation::type).setHeader("Type").setAutoWidth(true);
        conversations.addColumn(AdminConversation::memberCount).setHeader("Members").setAutoWidth(true);
        conversations.addColumn(AdminConversation::lastSeq).setHeader("Latest #").setAutoWidth(true);
        conversations.addColumn(c -> c.lastActivityAt() == null ? "" : Layouts.WHEN.format(c.lastActivityAt())).setHeader("Last activity").setAutoWidth(true);
        conversations.addComponentColumn(c -> {
            Button openIt = new Button("Open", click -> {
                conversation.setValue(c.id());
                openConversation();
            });
            openIt.getElement().setAttribute("data-conversation-id", c.id());
            openIt.getElement().setAttribute("data-conversation-name", c.name() == null ? "" : c.name());
            openIt.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            return openIt;
        }).setHeader("Actions").setAutoWidth(true).setFlexGrow(0);
        moreConversations.setId("moderation-conversations-more");
        moreConversations.addClickListener(click -> loadConversations());
        moreConversations.setVisible(false);

        detailTitle.setId("moderation-detail-title");
        detailTitle.getStyle().set("font-weight", "600");
        members.setId("moderation-members-grid");
        members.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_COMPACT);
        members.setAllRowsVisible(true);
        members.addColumn(AdminConversation.Member::userId).setHeader("Member").setFlexGrow(1);
        members.addColumn(AdminConversation.Member::role).setHeader("Role").setAutoWidth(true);
        members.addColumn(m -> m.joinedAt() == null ? "" : Layouts.WHEN.format(m.joinedAt())).setHeader("Joined").setAutoWidth(true);
        members.addComponentColumn(m -> {
            Button banIt = new Button("Ban\u2026", click -> {
                banUser.setValue(m.userId());
                confirmBan();
            });
            banIt.getElement().setAttribute("data-user-id", m.userId());
            banIt.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
            return banIt;
        }).setHeader("Actions").setAutoWidth(true).setFlexGrow(0);
        messages.setId("moderation-messages-grid");
        messages.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_COMPACT);
        messages.setAllRowsVisible(true);
        messages.addColumn(AdminMessage::seq).setHeader("#").setAutoWidth(true).setFlexGrow(0);
        messages.addColumn(m -> m.createdAt() == null ? "" : Layouts.WHEN.format(m.createdAt())).setHeader("Sent").setAutoWidth(true);
        messages.addColumn(AdminMessage::senderId).setHeader("From").setAutoWidth(true);
        messages.addColumn(m -> m.hardDeleted() ? "(removed by a moderator)" : m.deleted() ? "(deleted)"
                : (m.text() == null ? "" : m.text()) + (m.attachments() != null && m.attachments().size() > 0
                        ? " [" + m.attachments().size() + " file(s)]" : "")).setHeader("Message").setFlexGrow(3);
        messages.addComponentColumn(m -> {
            Button remove = new Button("Delete for good\u2026", click -> {
                messageId.setValue(m.id());
                confirmHardDelete();
            });
            remove.getElement().setAttribute("data-message-id", m.id());
            remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
            remove.setVisible(!m.hardDeleted());
            return remove;
        }).setHeader("Actions").setAutoWidth(true).setFlexGrow(0);
        olderMessages.setId("moderation-messages-older");
        olderMessages.addClickListener(click -> loadMessages());
        olderMessages.setVisible(false);
        VerticalLayout detailLayout = new VerticalLayout(detailTitle, members, new com.vaadin.flow.component.html.H4("Messages"),
                olderMessages, messages, noMessages);
        detailLayout.setPadding(false);
        detail.setId("moderation-detail");
        detail.add(detailLayout);
        detail.setWidthFull();
        detail.setVisible(false);

        add(Layouts.title("Moderation"), error,
                Layouts.section("Conversations", "The tenant's conversations, most recent activity first. Opening one reads its messages "
                        + "(the API records that in the audit log).", Layouts.line(namePrefix, type, find), conversations, noConversations,
                        moreConversations),
                Layouts.section("Conversation", "Bans keep a user out of one conversation; hard deletion removes a message's content for good.",
                        Layouts.line(conversation, open), detail, bans, noBans, Layouts.line(banUser, banReason, ban),
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
        reloadConversations();
        reloadRecords();
    }

    private void reloadConversations() {
        loadedConversations.clear();
        conversationCursor = null;
        loadConversations();
    }

    private void loadConversations() {
        try {
            AdminConversation.Page page = client().listConversations(type.getValue() == null || type.getValue().isEmpty() ? null : type.getValue(),
                    namePrefix.getValue().isBlank() ? null : namePrefix.getValue().strip(), conversationCursor, 50);
            loadedConversations.addAll(page.items() == null ? List.of() : page.items());
            conversationCursor = page.nextCursor();
            conversations.setItems(List.copyOf(loadedConversations));
            conversations.setVisible(!loadedConversations.isEmpty());
            noConversations.setVisible(loadedConversations.isEmpty());
            moreConversations.setVisible(page.hasMore() && page.nextCursor() != null);
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not load the conversations"));
        }
    }

    private void loadDetail() {
        AdminConversation found = client().getConversation(openConversation);
        detailTitle.setText((found.name() == null || found.name().isBlank() ? "A " + found.type() + " conversation" : found.name())
                + " \u00b7 " + found.memberCount() + " member(s) \u00b7 latest sequence number " + found.lastSeq()
                + (found.membersTruncated() ? " \u00b7 first members shown" : ""));
        members.setItems(found.members() == null ? List.of() : found.members());
        loadedMessages.clear();
        messagesBefore = found.lastSeq() + 1;
        loadMessages();
        detail.setVisible(true);
    }

    private void loadMessages() {
        try {
            AdminMessage.Page page = client().conversationMessages(openConversation, messagesBefore, 50);
            List<AdminMessage> items = page.items() == null ? List.of() : page.items();
            loadedMessages.addAll(0, items);
            messagesBefore = page.nextBefore();
            messages.setItems(List.copyOf(loadedMessages));
            messages.setVisible(!loadedMessages.isEmpty());
            noMessages.setVisible(loadedMessages.isEmpty());
            olderMessages.setVisible(page.hasMore() && page.nextBefore() != null);
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not load the messages"));
        }
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
            try {
                loadDetail();
            } catch (RuntimeException e) {
                detail.setVisible(false);
                bans.setVisible(false);
                noBans.setVisible(false);
                error.show(ApiProblems.explain(e, "Could not open the conversation"));
                return;
            }
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
                    refreshDetail();
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
                    refreshDetail();
                    reloadRecords();
                }, "Could not delete the message", error);
    }

    /** Reloads the open conversation's members and newest messages (after a ban or a deletion); failures are shown. */
    private void refreshDetail() {
        try {
            loadDetail();
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not reload the conversation"));
        }
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

    public static byte[] recordsCsv(List<ModerationRecord> list) {
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
