package com.chatplatform.console.tenant;

import com.chatplatform.client.admin.ApiKeySecret;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;

/**
 * A new API key's secret, shown once: a warning that it will not be shown again, the secret in a read-only
 * monospace field that selects itself on focus, and a Copy button. Used by the New tenant dialog and the
 * New key dialog of a tenant's page.
 */
public class ApiKeySecretPanel extends VerticalLayout {

    public ApiKeySecretPanel(ApiKeySecret key) {
        setPadding(false);

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

        TextField secret = new TextField("API key secret" + (key.name() == null ? "" : " (" + key.name() + ")"));
        secret.setId("api-key-secret");
        secret.setValue(key.secret() == null ? "" : key.secret());
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

        add(warning, secretLine);
    }
}
