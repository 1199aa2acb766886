package com.chatplatform.console.tenant;

import com.chatplatform.client.admin.ApiKeySecret;
import com.chatplatform.client.admin.ChatApiException;
import com.chatplatform.console.app.ApiProblems;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.function.SerializableConsumer;
import com.vaadin.flow.function.SerializableFunction;

/**
 * Two steps, like {@link NewTenantDialog}: ask for the key's name; then show its secret once
 * ({@link ApiKeySecretPanel}). Only Done closes the second step.
 */
class NewApiKeyDialog extends Dialog {

    private final SerializableFunction<String, ApiKeySecret> create;
    private final SerializableConsumer<ApiKeySecret> created;
    private final TextField name = new TextField("Key name");
    private final Button createButton = new Button("Create key");

    NewApiKeyDialog(String tenantName, SerializableFunction<String, ApiKeySecret> create,
                    SerializableConsumer<ApiKeySecret> created) {
        this.create = create;
        this.created = created;
        setId("new-api-key-dialog");
        setHeaderTitle("New API key for \u201c" + tenantName + "\u201d");
        setWidth("min(520px, 95vw)");
        setCloseOnOutsideClick(false);

        Paragraph explain = new Paragraph("The tenant's backend authenticates with an API key. Give it a name "
                + "that says where it is used (e.g. \u201cproduction\u201d); you will see its secret once.");
        explain.getStyle().set("color", "var(--lumo-secondary-text-color)").set("margin-top", "0");
        name.setId("new-api-key-name");
        name.setWidthFull();
        name.setRequired(true);
        name.setMaxLength(NewTenantDialog.MAX_NAME_LENGTH);
        name.setPlaceholder("e.g. production");
        name.setAutofocus(true);
        name.setValueChangeMode(ValueChangeMode.EAGER);
        name.addValueChangeListener(change -> name.setInvalid(false));
        VerticalLayout body = new VerticalLayout(explain, name);
        body.setPadding(false);
        body.setSpacing(false);
        add(body);

        Button cancel = new Button("Cancel", click -> close());
        cancel.setId("new-api-key-cancel");
        createButton.setId("new-api-key-create");
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
            name.setErrorMessage("Enter a name for the key.");
            name.setInvalid(true);
            return;
        }
        ApiKeySecret key;
        try {
            key = create.apply(value);
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
        showSecret(key);
        created.accept(key);
    }

    private void failed(RuntimeException e) {
        String message = ApiProblems.explain(e, "Could not create the key");
        if (message != null) {
            name.setErrorMessage(message);
            name.setInvalid(true);
        } else {
            close();
        }
    }

    private void showSecret(ApiKeySecret key) {
        removeAll();
        getFooter().removeAll();
        setHeaderTitle("API key created");
        setCloseOnEsc(false);
        add(new ApiKeySecretPanel(key));
        Button close = new Button("Done", click -> close());
        close.setId("api-key-done");
        close.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(close);
    }
}
