package com.chatplatform.console.tenant;

import com.chatplatform.client.admin.ChatApiException;
import com.chatplatform.client.admin.CreatedTenant;
import com.chatplatform.console.app.ApiProblems;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.function.SerializableConsumer;
import com.vaadin.flow.function.SerializableFunction;

/**
 * Two steps: ask for the new tenant's name; then show its first API key secret, once, with a warning that
 * it will not be shown again. Only the Done button closes the second step, so the secret is not lost to a
 * stray click.
 */
class NewTenantDialog extends Dialog {

    static final int MAX_NAME_LENGTH = 200;

    private final SerializableFunction<String, CreatedTenant> create;
    private final SerializableConsumer<CreatedTenant> created;

    private final TextField name = new TextField("Name");
    private final Button createButton = new Button("Create tenant");

    NewTenantDialog(SerializableFunction<String, CreatedTenant> create, SerializableConsumer<CreatedTenant> created) {
        this.create = create;
        this.created = created;
        setId("new-tenant-dialog");
        setHeaderTitle("New tenant");
        setWidth("min(520px, 95vw)");
        setCloseOnOutsideClick(false);
        askForName();
    }

    private void askForName() {
        Paragraph explain = new Paragraph("A tenant is a customer application. It gets a first API key for its "
                + "backend; you will see the key's secret once, right after creating it.");
        explain.getStyle().set("color", "var(--lumo-secondary-text-color)").set("margin-top", "0");

        name.setId("new-tenant-name");
        name.setWidthFull();
        name.setRequired(true);
        name.setMaxLength(MAX_NAME_LENGTH);
        name.setPlaceholder("e.g. Acme Support Chat");
        name.setAutofocus(true);
        name.setValueChangeMode(ValueChangeMode.EAGER);
        name.addValueChangeListener(change -> name.setInvalid(false));

        VerticalLayout body = new VerticalLayout(explain, name);
        body.setPadding(false);
        body.setSpacing(false);
        add(body);

        Button cancel = new Button("Cancel", click -> close());
        cancel.setId("new-tenant-cancel");
        createButton.setId("new-tenant-create");
        createButton.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        createButton.addClickShortcut(Key.ENTER);
        createButton.setDisableOnClick(true);
        createButton.addClickListener(click -> {
            try {
                submit();
            } finally {
                createButton.setEnabled(true);
            }
        });
        getFooter().add(cancel, createButton);
    }

    private void submit() {
        String value = name.getValue().strip();
        if (value.isEmpty()) {
            name.setErrorMessage("Enter a name for the tenant.");
            name.setInvalid(true);
            return;
        }
        CreatedTenant result;
        try {
            result = create.apply(value);
        } catch (ChatApiException e) {
            if (e.status() == 400 || e.status() == 409 || e.status() == 422) {
                name.setErrorMessage(e.detail() != null ? e.detail()
                        : e.title() != null ? e.title() : "The API refused this name.");
                name.setInvalid(true);
                return;
            }
            failed(e);
            return;
        } catch (RuntimeException e) {
            failed(e);
            return;
        }
        showSecret(result);
        created.accept(result);
    }

    private void failed(RuntimeException e) {
        String message = ApiProblems.explain(e, "Could not create the tenant");
        if (message != null) {
            name.setErrorMessage(message);
            name.setInvalid(true);
        } else {
            close();
        }
    }

    private void showSecret(CreatedTenant result) {
        removeAll();
        getFooter().removeAll();
        setHeaderTitle("Tenant created");
        setCloseOnEsc(false);

        Icon ok = VaadinIcon.CHECK_CIRCLE.create();
        ok.setColor("var(--lumo-success-color)");
        Span done = new Span("\u201c" + result.tenant().name() + "\u201d was created.");
        done.setId("created-tenant-name");
        HorizontalLayout doneLine = new HorizontalLayout(ok, done);
        doneLine.setAlignItems(FlexComponent.Alignment.CENTER);

        Icon warnIcon = VaadinIcon.WARNING.create();
        warnIcon.setColor("var(--lumo-warning-text-color, #8a6d00)");
        warnIcon.getStyle().set("flex", "none");
        Span warnText = new Span("Copy this API key secret now and store it safely. "
                + "It will not be shown again: if it is lost, create a new key.");
        HorizontalLayout warning = new HorizontalLayout(warnIcon, warnText);
        warning.setId("api-key-warning");
        warning.getElement().setAttribute("role", "alert");
        warning.setAlignItems(FlexComponent.Alignment.START);
        warning.setWidthFull();
        warning.getStyle()
                .set("background", "var(--lumo-warning-color-10pct, #fff4cc)")
                .set("border-radius", "var(--lumo-border-radius-m)")
                .set("padding", "var(--lumo-space-s) var(--lumo-space-m)")
                .set("font-size", "var(--lumo-font-size-s)")
                .set("box-sizing", "border-box");

        TextField secret = new TextField("API key secret" + (result.apiKey().name() == null ? ""
                : " (" + result.apiKey().name() + ")"));
        secret.setId("api-key-secret");
        secret.setValue(result.apiKey().secret() == null ? "" : result.apiKey().secret());
        secret.setReadOnly(true);
        secret.setWidthFull();
        // Monospace secret; select all of it on focus: one click, then Ctrl+C.
        secret.getElement().executeJs(
                "const i = this.inputElement; if (i) { i.style.fontFamily = 'var(--lumo-font-family-monospace, monospace)'; }"
                        + " this.addEventListener('focus', () => { if (this.inputElement) { this.inputElement.select(); } });");

        Button copy = new Button("Copy", VaadinIcon.COPY.create());
        copy.setId("api-key-copy");
        copy.addThemeVariants(ButtonVariant.LUMO_CONTRAST);
        copy.getElement().executeJs(
                "const field = $0; this.addEventListener('click', () => {"
                        + " const text = field.value;"
                        + " if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(text); }"
                        + " else { field.focus(); field.inputElement.select(); document.execCommand('copy'); }"
                        + " this.textContent = 'Copied'; });",
                secret.getElement());
        HorizontalLayout secretLine = new HorizontalLayout(secret, copy);
        secretLine.setWidthFull();
        secretLine.setAlignItems(FlexComponent.Alignment.BASELINE);
        secretLine.expand(secret);

        Div tenantId = new Div(new Span("Tenant ID: "), new Span(result.tenant().id()));
        tenantId.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");

        VerticalLayout body = new VerticalLayout(doneLine, warning, secretLine, tenantId);
        body.setPadding(false);
        add(body);

        Button close = new Button("Done", click -> close());
        close.setId("api-key-done");
        close.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(close);
    }
}
