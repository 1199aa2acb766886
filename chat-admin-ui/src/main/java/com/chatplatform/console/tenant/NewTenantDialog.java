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

        Div tenantId = new Div(new Span("Tenant ID: "), new Span(result.tenant().id()));
        tenantId.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");

        VerticalLayout body = new VerticalLayout(doneLine, new ApiKeySecretPanel(result.apiKey()), tenantId);
        body.setPadding(false);
        add(body);

        Button close = new Button("Done", click -> close());
        close.setId("api-key-done");
        close.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(close);
    }
}
