package com.chatplatform.console.search;

import com.chatplatform.client.admin.Account;
import com.chatplatform.client.admin.SearchHits;
import com.chatplatform.console.app.ApiProblems;
import com.chatplatform.console.app.ConsoleApi;
import com.chatplatform.console.app.ErrorBanner;
import com.chatplatform.console.app.MainLayout;
import com.chatplatform.console.auth.CurrentUser;
import com.chatplatform.console.auth.RequiresRole;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.inject.Inject;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Tenant-wide message search for moderators (and tenant admins, compliance officers): {@code GET /admin/search}. */
@Route(value = "search", layout = MainLayout.class)
@PageTitle("Search | " + MainLayout.PRODUCT_NAME)
@RequiresRole({Account.MODERATOR, Account.TENANT_ADMIN, Account.COMPLIANCE_OFFICER})
public class SearchView extends VerticalLayout {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final ConsoleApi api;
    private final TextField query = new TextField("Words");
    private final TextField sender = new TextField("Sender (user id)");
    private final TextField conversation = new TextField("Conversation id");
    private final Grid<SearchHits.Hit> grid = new Grid<>(SearchHits.Hit.class, false);
    private final Paragraph empty = new Paragraph("Enter words to search all conversations of your tenant. Every search is audited.");
    private final Button more = new Button("Load more");
    private final ErrorBanner error = new ErrorBanner("search-error");
    private final List<SearchHits.Hit> hits = new ArrayList<>();
    private String cursor;

    @Inject
    public SearchView(ConsoleApi api) {
        this.api = api;
        setId("search-view");
        setPadding(true);
        setMaxWidth("1100px");
        H2 title = new H2("Search messages");
        title.getStyle().set("margin", "0");
        query.setId("search-q");
        query.setAutofocus(true);
        query.setClearButtonVisible(true);
        sender.setId("search-sender");
        conversation.setId("search-conversation");
        Button search = new Button("Search", VaadinIcon.SEARCH.create(), click -> search(false));
        search.setId("search-submit");
        search.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        search.addClickShortcut(Key.ENTER);
        FlexLayout form = new FlexLayout(query, sender, conversation, search);
        form.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        form.getStyle().set("gap", "var(--lumo-space-s)");
        form.setWidthFull();

        grid.setId("search-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setAllRowsVisible(true);
        grid.addColumn(h -> h.createdAt() == null ? "" : WHEN.format(h.createdAt())).setHeader("Sent").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(SearchHits.Hit::senderId).setHeader("Sender").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(SearchHits.Hit::text).setHeader("Message").setFlexGrow(3);
        grid.addColumn(h -> h.conversationId() + " #" + h.seq()).setHeader("Conversation").setFlexGrow(1);
        grid.setVisible(false);
        empty.setId("search-empty");
        empty.getStyle().set("color", "var(--lumo-secondary-text-color)");
        more.setId("search-more");
        more.setVisible(false);
        more.addClickListener(click -> search(true));
        add(title, form, error, empty, grid, more);
    }

    private void search(boolean next) {
        if (query.getValue().isBlank() && sender.getValue().isBlank() && conversation.getValue().isBlank()) {
            error.show("Enter words, a sender or a conversation.");
            return;
        }
        try {
            error.clear();
            SearchHits page = api.as(CurrentUser.token()).searchTenant(query.getValue().strip(), sender.getValue().strip(),
                    conversation.getValue().strip(), next ? cursor : null);
            if (!next) {
                hits.clear();
            }
            hits.addAll(page.items() == null ? List.of() : page.items());
            cursor = page.nextCursor();
            grid.setItems(hits);
            grid.setVisible(!hits.isEmpty());
            empty.setText(hits.isEmpty() ? "No messages match." : "");
            empty.setVisible(hits.isEmpty());
            more.setVisible(cursor != null);
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not search"));
        }
    }
}
