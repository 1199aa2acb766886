package com.chatplatform.console.analytics;

import com.chatplatform.client.admin.Analytics;
import com.chatplatform.client.admin.ChatApiException;
import com.chatplatform.console.app.ApiProblems;
import com.chatplatform.console.app.Csv;
import com.chatplatform.console.app.ErrorBanner;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.radiobutton.RadioGroupVariant;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;

import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A tenant's usage over a selectable period (7, 30 or 90 days): key figures, messages and active users per day
 * as Chart.js charts, the same numbers as a table with a CSV export, and the busiest conversations. Where the
 * numbers come from is the caller's choice ({@link Source}): a platform admin's tenant page reads
 * {@code /platform/tenants/{id}/analytics}, a tenant admin's own dashboard {@code /analytics}. Element ids start
 * with {@code analytics-}.
 */
public class AnalyticsDashboard extends VerticalLayout {

    /** Reads the analytics of the UTC days {@code from} to {@code to}, both included. */
    @FunctionalInterface
    public interface Source {
        Analytics load(LocalDate from, LocalDate to);
    }

    public static final List<Integer> PERIODS = List.of(7, 30, 90);
    public static final int DEFAULT_PERIOD = 30;
    static final DateTimeFormatter DAY_LABEL = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Source source;

    private final RadioButtonGroup<Integer> period = new RadioButtonGroup<>("Period");
    private final ErrorBanner error = new ErrorBanner("analytics-error");
    private final Span countedAt = new Span();
    private final FlexLayout figures = new FlexLayout();
    private final Div empty = new Div();
    private final Paragraph emptyText = new Paragraph();
    private final VerticalLayout content = new VerticalLayout();
    private final ChartJs messagesChart = new ChartJs("analytics-messages-chart", "260px");
    private final ChartJs usersChart = new ChartJs("analytics-users-chart", "260px");
    private final Grid<Analytics.Day> days = new Grid<>(Analytics.Day.class, false);
    private final Grid<Analytics.BusyConversation> busiest = new Grid<>(Analytics.BusyConversation.class, false);
    private final Anchor export = new Anchor();

    private volatile byte[] csv = csv(null);
    private volatile String csvName = "usage.csv";
    private Analytics shown;

    public AnalyticsDashboard(Source source) {
        this.source = source;
        setId("analytics");
        setPadding(false);
        setSpacing(true);
        setWidthFull();

        H3 title = new H3("Usage");
        title.getStyle().set("margin", "0");
        period.setId("analytics-period");
        period.setItems(PERIODS);
        period.setItemLabelGenerator(days -> "Last " + days + " days");
        period.addThemeVariants(RadioGroupVariant.LUMO_HELPER_ABOVE_FIELD);
        period.setValue(DEFAULT_PERIOD);
        period.addValueChangeListener(change -> {
            if (change.getValue() != null) {
                reload();
            }
        });
        Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), click -> reload());
        refresh.setId("analytics-refresh");
        refresh.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        HorizontalLayout heading = new HorizontalLayout(title, period, refresh);
        heading.setWidthFull();
        heading.setWrap(true);
        heading.setAlignItems(FlexComponent.Alignment.BASELINE);
        heading.expand(title);

        countedAt.setId("analytics-counted-at");
        countedAt.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");

        figures.setId("analytics-figures");
        figures.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        figures.getStyle().set("gap", "var(--lumo-space-m)");
        figures.setWidthFull();

        buildEmptyState();
        buildContent();
        add(heading, countedAt, error, figures, empty, content);
    }

    private void buildEmptyState() {
        empty.setId("analytics-empty");
        Icon icon = VaadinIcon.CHART.create();
        icon.setColor("var(--lumo-secondary-text-color)");
        emptyText.setId("analytics-empty-text");
        emptyText.getStyle().set("margin", "0").set("color", "var(--lumo-secondary-text-color)");
        HorizontalLayout line = new HorizontalLayout(icon, emptyText);
        line.setAlignItems(FlexComponent.Alignment.CENTER);
        empty.add(line);
        empty.getStyle().set("padding", "var(--lumo-space-m)").set("border", "1px dashed var(--lumo-contrast-20pct)")
                .set("border-radius", "var(--lumo-border-radius-m)").set("box-sizing", "border-box");
        empty.setWidthFull();
        empty.setVisible(false);
    }

    private void buildContent() {
        content.setPadding(false);
        content.setWidthFull();
        FlexLayout charts = new FlexLayout(chartBox("Messages per day", messagesChart), chartBox("Active users per day", usersChart));
        charts.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        charts.getStyle().set("gap", "var(--lumo-space-m)");
        charts.setWidthFull();

        days.setId("analytics-days-grid");
        days.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        days.addColumn(d -> d.day().toString()).setHeader("Day (UTC)").setKey("day").setAutoWidth(true);
        days.addColumn(Analytics.Day::messages).setHeader("Messages").setKey("messages").setTextAlign(ColumnTextAlign.END);
        days.addColumn(Analytics.Day::activeUsers).setHeader("Active users").setKey("activeUsers").setTextAlign(ColumnTextAlign.END);
        days.addColumn(Analytics.Day::attachments).setHeader("Attachments").setKey("attachments").setTextAlign(ColumnTextAlign.END);
        days.addColumn(d -> bytes(d.attachmentBytes())).setHeader("Attachment size").setKey("bytes").setTextAlign(ColumnTextAlign.END);
        days.setHeight("320px");
        days.setWidthFull();

        export.setId("analytics-export");
        export.setHref(DownloadHandler.fromInputStream(event -> {
            byte[] bytes = csv;
            return new DownloadResponse(new ByteArrayInputStream(bytes), csvName, "text/csv; charset=utf-8", bytes.length);
        }), AttachmentType.DOWNLOAD);
        export.add(VaadinIcon.DOWNLOAD_ALT.create(), new Span("Export CSV"));
        export.getElement().setAttribute("title", "The days of the table, as CSV");
        export.getStyle().set("white-space", "nowrap").set("display", "inline-flex").set("gap", "var(--lumo-space-xs)")
                .set("align-items", "center");
        H4 daysTitle = new H4("Per day");
        daysTitle.getStyle().set("margin", "0");
        HorizontalLayout daysHeading = new HorizontalLayout(daysTitle, export);
        daysHeading.setWidthFull();
        daysHeading.setAlignItems(FlexComponent.Alignment.CENTER);
        daysHeading.expand(daysTitle);

        busiest.setId("analytics-busiest-grid");
        busiest.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        busiest.addColumn(AnalyticsDashboard::conversationName).setHeader("Conversation").setKey("name").setFlexGrow(2)
                .setTooltipGenerator(Analytics.BusyConversation::conversationId);
        busiest.addColumn(Analytics.BusyConversation::type).setHeader("Type").setKey("type").setAutoWidth(true);
        busiest.addColumn(Analytics.BusyConversation::messages).setHeader("Messages").setKey("messages")
                .setAutoWidth(true).setTextAlign(ColumnTextAlign.END);
        busiest.setEmptyStateText("No conversation had messages in this period.");
        busiest.setAllRowsVisible(true);
        busiest.setWidthFull();
        H4 busiestTitle = new H4("Busiest conversations");
        busiestTitle.getStyle().set("margin", "0");

        content.add(charts, daysHeading, days, busiestTitle, busiest);
    }

    private static Div chartBox(String title, ChartJs chart) {
        H4 h = new H4(title);
        h.getStyle().set("margin", "0 0 var(--lumo-space-s) 0");
        Div box = new Div(h, chart);
        box.getStyle().set("flex", "1 1 320px").set("min-width", "0").set("padding", "var(--lumo-space-s)")
                .set("border", "1px solid var(--lumo-contrast-10pct)").set("border-radius", "var(--lumo-border-radius-m)")
                .set("box-sizing", "border-box");
        return box;
    }

    /** Loads the selected period from the source and shows it (errors in the banner, never a stack trace). */
    public void reload() {
        error.clear();
        int n = period.getValue() == null ? DEFAULT_PERIOD : period.getValue();
        LocalDate to = LocalDate.now(ZoneOffset.UTC);
        LocalDate from = to.minusDays(n - 1L);
        try {
            show(source.load(from, to));
        } catch (ChatApiException e) {
            hideAll();
            error.show(e.status() == 404 && e.code() == null
                    ? "Usage figures are not available: this API does not offer analytics yet."
                    : ApiProblems.explain(e, "Could not load the usage figures"));
        } catch (RuntimeException e) {
            hideAll();
            error.show(ApiProblems.explain(e, "Could not load the usage figures"));
        }
    }

    private void hideAll() {
        shown = null;
        figures.setVisible(false);
        empty.setVisible(false);
        content.setVisible(false);
        countedAt.setText("");
    }

    private void show(Analytics a) {
        shown = a;
        figures.removeAll();
        List<Analytics.Day> list = a.days();
        long lastDayActive = list.isEmpty() ? 0 : list.get(list.size() - 1).activeUsers();
        figures.add(
                figure("analytics-messages", "Messages", number(a.totals().messages()), "in the period"),
                figure("analytics-active-users", "Active users", number(a.totals().activeUsers()), "sent at least one message"),
                figure("analytics-dau", "Active today", number(lastDayActive), "daily active users, " + a.to()),
                figure("analytics-mau", "Monthly active", number(a.monthlyActiveUsers()), "30 days to " + a.to()),
                figure("analytics-connections", "Connections now", number(a.connectionsNow()), "on the API node that answered"),
                figure("analytics-storage", "Storage used", bytes(a.storageBytes()), number(a.storedAttachments()) + (a.storedAttachments() == 1 ? " attachment" : " attachments")));
        figures.setVisible(true);
        countedAt.setText(a.from() + " to " + a.to() + " (UTC days)"
                + (a.countedUpTo() == null ? "" : " \u00b7 messages counted up to " + TIME.format(a.countedUpTo()) + " UTC"));

        csvName = "usage-" + a.from() + "-to-" + a.to() + ".csv";
        csv = csv(a);
        if (a.isEmpty()) {
            emptyText.setText("No messages were sent in the last " + list.size() + " days. Figures appear here a few "
                    + "seconds after the tenant's users send messages.");
            empty.setVisible(true);
            content.setVisible(false);
            return;
        }
        empty.setVisible(false);
        content.setVisible(true);
        List<String> labels = list.stream().map(d -> DAY_LABEL.format(d.day())).toList();
        messagesChart.show(labels, List.of(
                        new ChartJs.Series("Messages", list.stream().map(Analytics.Day::messages).toList(), "bar", "#1676f3")),
                "Messages per day from " + a.from() + " to " + a.to() + ": " + a.totals().messages() + " in total.");
        usersChart.show(labels, List.of(
                        new ChartJs.Series("Active users", list.stream().map(Analytics.Day::activeUsers).toList(), "line", "#0e9f6e")),
                "Active users per day from " + a.from() + " to " + a.to() + ".");
        List<Analytics.Day> newestFirst = new ArrayList<>(list);
        newestFirst.sort(Comparator.comparing(Analytics.Day::day).reversed());
        days.setItems(newestFirst);
        busiest.setItems(a.busiestConversations());
        busiest.recalculateColumnWidths();
    }

    /** What is shown now ({@code null} before a successful load): for the tenant admin's views and tests. */
    public Analytics shown() {
        return shown;
    }

    private static Component figure(String id, String label, String value, String hint) {
        Span l = new Span(label);
        l.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");
        Span v = new Span(value);
        v.setId(id + "-value");
        v.getStyle().set("font-size", "var(--lumo-font-size-xxl)").set("font-weight", "600");
        Span h = new Span(hint);
        h.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("color", "var(--lumo-secondary-text-color)");
        VerticalLayout card = new VerticalLayout(l, v, h);
        card.setId(id);
        card.setSpacing(false);
        card.setPadding(true);
        card.getStyle().set("flex", "1 1 150px").set("border", "1px solid var(--lumo-contrast-10pct)")
                .set("border-radius", "var(--lumo-border-radius-m)").set("box-sizing", "border-box");
        card.setWidth(null);
        return card;
    }

    static String conversationName(Analytics.BusyConversation c) {
        if (c.name() != null && !c.name().isBlank()) {
            return c.name();
        }
        String id = c.conversationId() == null ? "" : c.conversationId();
        String kind = "direct".equals(c.type()) ? "Direct conversation" : "Unnamed " + c.type();
        return kind + " " + (id.length() > 8 ? id.substring(0, 8) : id);
    }

    static String number(long n) {
        return String.format(Locale.ENGLISH, "%,d", n);
    }

    /** Bytes for people: B, kB, MB, GB (powers of 1000, one decimal above B). */
    static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = n;
        int unit = -1;
        while (v >= 1000 && unit < units.length - 1) {
            v /= 1000;
            unit++;
        }
        return String.format(Locale.ENGLISH, "%.1f %s", v, units[unit]);
    }

    /** The days of the period, oldest first, as CSV (bytes exact, not rounded). */
    static byte[] csv(Analytics a) {
        List<List<String>> rows = new ArrayList<>();
        if (a != null) {
            for (Analytics.Day d : a.days()) {
                rows.add(List.of(d.day().toString(), Long.toString(d.messages()), Long.toString(d.activeUsers()),
                        Long.toString(d.attachments()), Long.toString(d.attachmentBytes())));
            }
        }
        return Csv.write(List.of("day", "messages", "active_users", "attachments", "attachment_bytes"), rows);
    }
}
