package com.chatplatform.console.compliance;

import com.chatplatform.client.admin.Account;
import com.chatplatform.client.admin.ChatAdminClient;
import com.chatplatform.client.admin.ComplianceJob;
import com.chatplatform.client.admin.ExportDownload;
import com.chatplatform.client.admin.LegalHold;
import com.chatplatform.client.admin.RetentionPolicy;
import com.chatplatform.console.app.ApiProblems;
import com.chatplatform.console.app.Confirm;
import com.chatplatform.console.app.ConsoleApi;
import com.chatplatform.console.app.ErrorBanner;
import com.chatplatform.console.app.MainLayout;
import com.chatplatform.console.auth.CurrentUser;
import com.chatplatform.console.auth.RequiresRole;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AnchorTarget;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.inject.Inject;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Compliance for compliance officers and tenant admins: export a user's data (progress until done, then a
 * short-lived download link), erase a user (typed confirmation, proof report), legal holds and the tenant's
 * retention policy. Everything through {@code /compliance/*} with the signed-in person's token.
 */
@Route(value = "compliance", layout = MainLayout.class)
@PageTitle("Compliance | " + MainLayout.PRODUCT_NAME)
@RequiresRole({Account.TENANT_ADMIN, Account.COMPLIANCE_OFFICER})
public class ComplianceView extends VerticalLayout implements BeforeEnterObserver {

    static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ConsoleApi api;
    private final ErrorBanner error = new ErrorBanner("compliance-error");

    // Export
    private final TextField exportUser = new TextField("User id");
    private final Span exportStatus = new Span();
    private final Span exportProgress = new Span();
    private final Button exportCancel = new Button("Cancel export");
    private final Button exportDownload = new Button("Download", VaadinIcon.DOWNLOAD.create());
    private final Anchor exportLink = new Anchor();
    private final Div exportPanel = new Div();
    private ComplianceJob export;

    // Erasure
    private final TextField eraseUser = new TextField("User id");
    private final Span erasureStatus = new Span();
    private final Pre erasureReport = new Pre();
    private final Div erasurePanel = new Div();
    private ComplianceJob erasure;

    // Holds and retention
    private final Grid<LegalHold> holds = new Grid<>(LegalHold.class, false);
    private final Paragraph noHolds = new Paragraph("No active legal holds.");
    private final Span retention = new Span();
    private final IntegerField retentionDays = new IntegerField("Keep messages for (days)");

    private Registration polling;

    @Inject
    public ComplianceView(ConsoleApi api) {
        this.api = api;
        setId("compliance-view");
        setPadding(true);
        setMaxWidth("1100px");
        H2 title = new H2("Compliance");
        title.getStyle().set("margin", "0");
        add(title, error, exportSection(), erasureSection(), jobsSection(), holdsSection(), retentionSection());
    }

    private ChatAdminClient client() {
        return api.as(CurrentUser.token());
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        reloadJobs();
        reloadHolds();
        reloadRetention();
    }

    @Override
    protected void onAttach(AttachEvent attach) {
        UI ui = attach.getUI();
        polling = ui.addPollListener(poll -> refreshJobs());
    }

    @Override
    protected void onDetach(DetachEvent detach) {
        if (polling != null) {
            polling.remove();
            polling = null;
        }
        detach.getUI().setPollInterval(-1);
    }

    // ---- export --------------------------------------------------------------------------------------------

    private VerticalLayout exportSection() {
        exportUser.setId("export-user");
        exportUser.setPlaceholder("e.g. alice");
        Button start = new Button("Start export", VaadinIcon.PACKAGE.create(), click -> startExport());
        start.setId("export-start");
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        exportUser.addKeyPressListener(Key.ENTER, key -> startExport());
        Button whole = new Button("Export the whole tenant\u2026", VaadinIcon.ARCHIVES.create(), click -> Confirm.open("confirm-tenant-export",
                "Export the whole tenant?", "A ZIP of every user, conversation, message and file of the tenant is built in the background. "
                        + "For a large tenant this takes a while; you can follow it here.", "Start export", false, () -> {
                    export = client().startTenantExport();
                    exportLink.setVisible(false);
                    showExport();
                    reloadJobs();
                }, "Could not start the export", error));
        whole.setId("export-tenant");

        exportStatus.setId("export-status");
        exportProgress.setId("export-progress");
        exportProgress.getStyle().set("color", "var(--lumo-secondary-text-color)");
        exportCancel.setId("export-cancel");
        exportCancel.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
        exportCancel.addClickListener(click -> Confirm.open("confirm-cancel-export", "Cancel this export?",
                "The export stops and nothing of it is kept.", "Cancel export", true, () -> {
                    export = client().cancelExport(export.id());
                    showExport();
                }, "Could not cancel the export", error));
        exportDownload.setId("export-download");
        exportDownload.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        exportDownload.addClickListener(click -> download());
        exportLink.setId("export-link");
        exportLink.setTarget(AnchorTarget.BLANK);
        exportLink.setVisible(false);
        exportPanel.setId("export-job");
        exportPanel.add(line(exportStatus, exportProgress), line(exportCancel, exportDownload, exportLink));
        exportPanel.setVisible(false);
        return section("Export a user's data",
                "A ZIP of everything the platform holds about the user (GDPR art. 15 and 20). It is built in the "
                        + "background; the download link works for a few minutes and only for you.",
                line(exportUser, start, whole), exportPanel);
    }

    private void startExport() {
        String user = exportUser.getValue().strip();
        if (user.isEmpty()) {
            error.show("Enter the id of the user whose data to export.");
            return;
        }
        try {
            error.clear();
            export = client().startExport(List.of(user));
            exportLink.setVisible(false);
            showExport();
            reloadJobs();
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not start the export"));
        }
    }

    private void showExport() {
        exportPanel.setVisible(true);
        exportStatus.setText("Export " + export.id().substring(0, 8) + ": " + export.status()
                + (export.error() == null ? "" : " (" + export.error() + ")"));
        exportStatus.getElement().setAttribute("data-status", export.status());
        exportProgress.setText(progressText(export));
        exportCancel.setVisible(!export.isFinished());
        exportDownload.setVisible("completed".equals(export.status()));
        updatePolling();
    }

    private void download() {
        try {
            ExportDownload link = client().exportDownload(export.id());
            exportLink.setHref(link.url());
            exportLink.setText("Download link (valid until " + (link.expiresAt() == null ? "soon" : WHEN.format(link.expiresAt())) + ")");
            exportLink.setVisible(true);
            UI.getCurrent().getPage().open(link.url(), "_blank");
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not get the download link"));
        }
    }

    // ---- erasure -------------------------------------------------------------------------------------------

    private VerticalLayout erasureSection() {
        eraseUser.setId("erase-user");
        eraseUser.setPlaceholder("e.g. alice");
        Button start = new Button("Erase user\u2026", VaadinIcon.ERASER.create(), click -> confirmErasure());
        start.setId("erase-start");
        start.addThemeVariants(ButtonVariant.LUMO_ERROR);
        erasureStatus.setId("erasure-status");
        erasureReport.setId("erasure-report");
        erasureReport.getStyle().set("max-height", "24em").set("overflow", "auto").set("font-size", "var(--lumo-font-size-s)")
                .set("background", "var(--lumo-contrast-5pct)").set("padding", "var(--lumo-space-s)").set("white-space", "pre-wrap");
        erasureReport.setVisible(false);
        erasurePanel.setId("erasure-job");
        erasurePanel.add(erasureStatus, erasureReport);
        erasurePanel.setVisible(false);
        return section("Erase a user",
                "Removes the user's profile, files and search entries, and anonymises or deletes their messages (tenant "
                        + "setting). It cannot be undone. Legal holds keep held data. When done, the proof report lists what was removed.",
                line(eraseUser, start), erasurePanel);
    }

    private void confirmErasure() {
        String user = eraseUser.getValue().strip();
        if (user.isEmpty()) {
            error.show("Enter the id of the user to erase.");
            return;
        }
        Dialog dialog = new Dialog();
        dialog.setId("erase-dialog");
        dialog.setHeaderTitle("Erase \u201c" + user + "\u201d?");
        dialog.setWidth("min(520px, 95vw)");
        Paragraph text = new Paragraph("This permanently erases the user's data. Type the user id \u201c" + user
                + "\u201d to confirm.");
        TextField typed = new TextField("User id");
        typed.setId("erase-typed");
        typed.setWidthFull();
        typed.setAutofocus(true);
        Button cancel = new Button("Cancel", click -> dialog.close());
        cancel.setId("erase-cancel");
        Button erase = new Button("Erase");
        erase.setId("erase-confirm");
        erase.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        erase.setEnabled(false);
        typed.setValueChangeMode(com.vaadin.flow.data.value.ValueChangeMode.EAGER);
        typed.addValueChangeListener(change -> erase.setEnabled(user.equals(change.getValue().strip())));
        erase.addClickListener(click -> {
            if (!user.equals(typed.getValue().strip())) {
                return;
            }
            dialog.close();
            try {
                error.clear();
                erasure = client().startErasure(user);
                showErasure();
            } catch (RuntimeException e) {
                error.show(ApiProblems.explain(e, "Could not start the erasure"));
            }
        });
        dialog.add(new VerticalLayout(text, typed));
        dialog.getFooter().add(cancel, erase);
        dialog.open();
    }

    private void showErasure() {
        erasurePanel.setVisible(true);
        erasureStatus.setText("Erasure " + erasure.id().substring(0, 8) + ": " + erasure.status()
                + (erasure.isFinished() ? "" : " " + progressText(erasure)) + (erasure.error() == null ? "" : " (" + erasure.error() + ")"));
        erasureStatus.getElement().setAttribute("data-status", erasure.status());
        if (erasure.report() != null && !erasure.report().isNull()) {
            erasureReport.setText("Proof of erasure\n" + pretty(erasure.report()));
            erasureReport.setVisible(true);
        } else {
            erasureReport.setVisible(false);
        }
        updatePolling();
    }

    // ---- polling -------------------------------------------------------------------------------------------

    private void updatePolling() {
        boolean running = (export != null && !export.isFinished()) || (erasure != null && !erasure.isFinished());
        getUI().ifPresent(ui -> ui.setPollInterval(running ? 1000 : -1));
    }

    private void refreshJobs() {
        try {
            if (export != null && !export.isFinished()) {
                export = client().getExport(export.id());
                showExport();
                if (export.isFinished()) {
                    reloadJobs();
                }
            }
            if (erasure != null && !erasure.isFinished()) {
                erasure = client().getErasure(erasure.id());
                showErasure();
            }
        } catch (RuntimeException e) {
            getUI().ifPresent(ui -> ui.setPollInterval(-1));
            error.show(ApiProblems.explain(e, "Could not refresh the job"));
        }
    }

    // ---- jobs ----------------------------------------------------------------------------------------------

    private final Grid<ComplianceJob> jobs = new Grid<>(ComplianceJob.class, false);
    private final Paragraph noJobs = new Paragraph("No exports or erasures yet.");
    private volatile byte[] jobsCsv = jobsCsv(List.of());

    private VerticalLayout jobsSection() {
        jobs.setId("jobs-grid");
        jobs.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        jobs.setAllRowsVisible(true);
        jobs.addColumn(j -> j.createdAt() == null ? "" : WHEN.format(j.createdAt())).setHeader("Started").setAutoWidth(true);
        jobs.addColumn(ComplianceJob::kind).setHeader("Kind").setAutoWidth(true);
        jobs.addColumn(j -> subject(j)).setHeader("Of").setFlexGrow(1);
        jobs.addColumn(ComplianceJob::status).setHeader("Status").setAutoWidth(true);
        jobs.addColumn(j -> j.isFinished() ? "" : progressText(j)).setHeader("Progress").setFlexGrow(1);
        jobs.addColumn(j -> j.finishedAt() == null ? "" : WHEN.format(j.finishedAt())).setHeader("Finished").setAutoWidth(true);
        noJobs.setId("jobs-empty");
        noJobs.getStyle().set("color", "var(--lumo-secondary-text-color)");
        Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), click -> reloadJobs());
        refresh.setId("jobs-refresh");
        refresh.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        return section("Compliance jobs", "Every export and erasure of the tenant, newest first.",
                line(refresh, com.chatplatform.console.app.Layouts.csvLink("jobs-export", "compliance-jobs.csv", () -> jobsCsv)), jobs, noJobs);
    }

    private void reloadJobs() {
        try {
            ChatAdminClient client = client();
            List<ComplianceJob> all = new java.util.ArrayList<>(client.listExports());
            all.addAll(client.listErasures());
            all.sort(java.util.Comparator.comparing(ComplianceJob::createdAt, java.util.Comparator.nullsLast(java.util.Comparator.reverseOrder())));
            jobs.setItems(all);
            jobs.setVisible(!all.isEmpty());
            noJobs.setVisible(all.isEmpty());
            jobsCsv = jobsCsv(all);
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not load the compliance jobs"));
        }
    }

    public static String subject(ComplianceJob job) {
        JsonNode s = job.subject();
        if (s == null || s.isNull()) {
            return "";
        }
        if (s.isTextual()) {
            return s.asText();
        }
        if (s.has("scope") && "tenant".equals(s.path("scope").asText())) {
            return "whole tenant";
        }
        if (s.has("users")) {
            List<String> ids = new java.util.ArrayList<>();
            s.path("users").forEach(i -> ids.add(i.path("externalId").asText()));
            return String.join(", ", ids);
        }
        if (s.has("user")) {
            return s.path("user").path("externalId").asText();
        }
        return s.toString();
    }

    static byte[] jobsCsv(List<ComplianceJob> list) {
        return com.chatplatform.console.app.Csv.write(List.of("id", "kind", "subject", "status", "created_at", "finished_at", "size_bytes", "error"),
                list.stream().map(j -> List.of(j.id(), j.kind() == null ? "" : j.kind(), subject(j), j.status() == null ? "" : j.status(),
                        j.createdAt() == null ? "" : j.createdAt().toString(), j.finishedAt() == null ? "" : j.finishedAt().toString(),
                        j.sizeBytes() == null ? "" : j.sizeBytes().toString(), j.error() == null ? "" : j.error())).toList());
    }

    // ---- legal holds ---------------------------------------------------------------------------------------

    private VerticalLayout holdsSection() {
        holds.setId("holds-grid");
        holds.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        holds.setAllRowsVisible(true);
        holds.addColumn(LegalHold::targetType).setHeader("On").setAutoWidth(true).setFlexGrow(0);
        holds.addColumn(LegalHold::targetId).setHeader("Id").setFlexGrow(1);
        holds.addColumn(h -> h.reason() == null ? "" : h.reason()).setHeader("Reason").setFlexGrow(2);
        holds.addColumn(h -> h.placedAt() == null ? "" : WHEN.format(h.placedAt())).setHeader("Placed").setAutoWidth(true);
        holds.addComponentColumn(h -> {
            Button lift = new Button("Lift", click -> Confirm.open("confirm-lift", "Lift the hold on " + h.targetType() + " \u201c"
                    + h.targetId() + "\u201d?", "Retention and erasure apply to this data again.", "Lift", true, () -> {
                        client().liftLegalHold(h.id());
                        reloadHolds();
                    }, "Could not lift the hold", error));
            lift.setId("hold-lift-" + h.targetId());
            lift.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            return lift;
        }).setHeader("Actions").setAutoWidth(true).setFlexGrow(0);
        noHolds.setId("holds-empty");
        noHolds.getStyle().set("color", "var(--lumo-secondary-text-color)");

        Select<String> type = new Select<>();
        type.setId("hold-type");
        type.setLabel("On");
        type.setItems("user", "conversation");
        type.setValue("user");
        type.setWidth("10em");
        TextField target = new TextField("User or conversation id");
        target.setId("hold-target");
        TextField reason = new TextField("Reason");
        reason.setId("hold-reason");
        Button place = new Button("Place hold", VaadinIcon.LOCK.create(), click -> {
            if (target.getValue().isBlank() || reason.getValue().isBlank()) {
                error.show("Enter the id to hold and a reason.");
                return;
            }
            try {
                error.clear();
                client().placeLegalHold(type.getValue(), target.getValue().strip(), reason.getValue().strip());
                target.clear();
                reason.clear();
                reloadHolds();
            } catch (RuntimeException e) {
                error.show(ApiProblems.explain(e, "Could not place the hold"));
            }
        });
        place.setId("hold-place");
        return section("Legal holds",
                "While a hold is active, retention and erasure keep the held user's or conversation's data.",
                line(type, target, reason, place), holds, noHolds);
    }

    private void reloadHolds() {
        try {
            List<LegalHold> active = client().listLegalHolds();
            holds.setItems(active);
            holds.setVisible(!active.isEmpty());
            noHolds.setVisible(active.isEmpty());
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not load the legal holds"));
        }
    }

    // ---- retention -----------------------------------------------------------------------------------------

    private VerticalLayout retentionSection() {
        retention.setId("retention-current");
        retentionDays.setId("retention-days");
        retentionDays.setMin(1);
        retentionDays.setStepButtonsVisible(false);
        Button save = new Button("Save", click -> saveRetention(retentionDays.getValue()));
        save.setId("retention-save");
        Button remove = new Button("Keep forever", click -> Confirm.open("confirm-retention-remove", "Remove the retention policy?",
                "Messages are then kept until someone deletes them.", "Remove policy", false, () -> saveRetention(null),
                "Could not remove the policy", error));
        remove.setId("retention-remove");
        remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        return section("Retention",
                "Messages older than the policy are removed by the retention runs (conversation policies, set "
                        + "through the API, win over the tenant's).", retention, line(retentionDays, save, remove));
    }

    private void saveRetention(Integer days) {
        try {
            error.clear();
            showRetention(client().setTenantRetention(days));
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not save the retention policy"));
        }
    }

    private void reloadRetention() {
        try {
            showRetention(client().listRetentionPolicies());
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not load the retention policy"));
        }
    }

    private void showRetention(List<RetentionPolicy> policies) {
        RetentionPolicy tenant = policies.stream().filter(p -> p.conversationId() == null).findFirst().orElse(null);
        long conversations = policies.stream().filter(p -> p.conversationId() != null).count();
        retention.setText((tenant == null ? "No tenant policy: messages are kept." : "Messages are kept for " + tenant.maxAgeDays() + " days.")
                + (conversations == 0 ? "" : " " + conversations + " conversation(s) have their own policy."));
        retentionDays.setValue(tenant == null ? null : tenant.maxAgeDays());
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    static String progressText(ComplianceJob job) {
        if (job.progress() == null || job.progress().isEmpty()) {
            return "";
        }
        return job.progress().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String pretty(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            return node.toString();
        }
    }

    private static FlexLayout line(com.vaadin.flow.component.Component... parts) {
        FlexLayout line = new FlexLayout(parts);
        line.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        line.setAlignItems(FlexComponent.Alignment.BASELINE);
        line.getStyle().set("gap", "var(--lumo-space-s)");
        line.setWidthFull();
        return line;
    }

    private static VerticalLayout section(String title, String text, com.vaadin.flow.component.Component... content) {
        H3 heading = new H3(title);
        heading.getStyle().set("margin", "var(--lumo-space-m) 0 0 0");
        Paragraph hint = new Paragraph(text);
        hint.getStyle().set("color", "var(--lumo-secondary-text-color)").set("margin", "0").set("font-size", "var(--lumo-font-size-s)");
        VerticalLayout section = new VerticalLayout(heading, hint);
        section.add(content);
        section.setPadding(false);
        section.setSpacing(true);
        return section;
    }
}
