package com.chatplatform.console.tenant;

import com.chatplatform.client.admin.ChatApiException;
import com.chatplatform.console.app.ApiProblems;
import com.vaadin.flow.component.Component;
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
 * Two steps shared by the dialogs that create something with a secret (a tenant and its first key, an API
 * key): ask for a name, with the API's refusal shown under the field; then show the result with its secret
 * once. Only the Done button closes the second step, so the secret is not lost to a stray click or Esc.
 *
 * @param <R> what the API answers on creation
 */
abstract class NameThenSecretDialog<R> extends Dialog {

    static final int MAX_NAME_LENGTH = 200;

    /** The words and element ids of one dialog; ids are {@code <idPrefix>-dialog, -name, -cancel, -create}. */
    record Texts(String idPrefix, String title, String explanation, String fieldLabel, String placeholder,
                 String createLabel, String emptyName, String failure) {
    }

    private final Texts texts;
    private final SerializableFunction<String, R> create;
    private final SerializableConsumer<R> created;
    private final TextField name;
    private final Button createButton;

    NameThenSecretDialog(Texts texts, SerializableFunction<String, R> create, SerializableConsumer<R> created) {
        this.texts = texts;
        this.create = create;
        this.created = created;
        this.name = new TextField(texts.fieldLabel());
        this.createButton = new Button(texts.createLabel());
        setId(texts.idPrefix() + "-dialog");
        setHeaderTitle(texts.title());
        setWidth("min(520px, 95vw)");
        setCloseOnOutsideClick(false);

        Paragraph explain = new Paragraph(texts.explanation());
        explain.getStyle().set("color", "var(--lumo-secondary-text-color)").set("margin-top", "0");
        name.setId(texts.idPrefix() + "-name");
        name.setWidthFull();
        name.setRequired(true);
        name.setMaxLength(MAX_NAME_LENGTH);
        name.setPlaceholder(texts.placeholder());
        name.setAutofocus(true);
        name.setValueChangeMode(ValueChangeMode.EAGER);
        name.addValueChangeListener(change -> name.setInvalid(false));
        VerticalLayout body = new VerticalLayout(explain, name);
        body.setPadding(false);
        body.setSpacing(false);
        add(body);

        Button cancel = new Button("Cancel", click -> close());
        cancel.setId(texts.idPrefix() + "-cancel");
        createButton.setId(texts.idPrefix() + "-create");
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

    /** The title of the second step. */
    protected abstract String createdTitle(R result);

    /** The body of the second step: what was created and its secret ({@link ApiKeySecretPanel}). */
    protected abstract Component createdBody(R result);

    private void submit() {
        String value = name.getValue().strip();
        if (value.isEmpty()) {
            name.setErrorMessage(texts.emptyName());
            name.setInvalid(true);
            return;
        }
        R result;
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
        showResult(result);
        created.accept(result);
    }

    private void failed(RuntimeException e) {
        String message = ApiProblems.explain(e, texts.failure());
        if (message != null) {
            name.setErrorMessage(message);
            name.setInvalid(true);
        } else {
            close();
        }
    }

    private void showResult(R result) {
        removeAll();
        getFooter().removeAll();
        setHeaderTitle(createdTitle(result));
        setCloseOnEsc(false);
        add(createdBody(result));
        Button close = new Button("Done", click -> close());
        close.setId("api-key-done");
        close.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(close);
    }
}
