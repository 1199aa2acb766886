package com.chatplatform.console.app;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextArea;

/**
 * A dialog that shows a secret (or a test token) once: a warning, the value in a read-only monospace field that
 * selects itself on focus, and Done. Ids: {@code <id>} (dialog), {@code <id>-value}, {@code <id>-warning},
 * {@code <id>-done}.
 */
public final class ShownOnce {

    private ShownOnce() {
    }

    public static Dialog open(String id, String header, String label, String value, String warning) {
        Dialog dialog = new Dialog();
        dialog.setId(id);
        dialog.setHeaderTitle(header);
        dialog.setWidth("min(640px, 95vw)");
        dialog.setCloseOnOutsideClick(false);
        Paragraph warn = new Paragraph(warning);
        warn.setId(id + "-warning");
        warn.getElement().setAttribute("role", "alert");
        warn.getStyle().set("background", "var(--lumo-warning-color-10pct, #fff4cc)").set("padding", "var(--lumo-space-s) var(--lumo-space-m)")
                .set("border-radius", "var(--lumo-border-radius-m)").set("font-size", "var(--lumo-font-size-s)");
        TextArea field = new TextArea(label);
        field.setId(id + "-value");
        field.setValue(value == null ? "" : value);
        field.setReadOnly(true);
        field.setWidthFull();
        field.getElement().executeJs(
                "const i = this.inputElement; if (i) { i.style.fontFamily = 'var(--lumo-font-family-monospace, monospace)'; i.style.wordBreak = 'break-all'; }"
                        + " this.addEventListener('focus', () => { if (this.inputElement) { this.inputElement.select(); } });");
        Button done = new Button("Done", click -> dialog.close());
        done.setId(id + "-done");
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(warn, field);
        dialog.getFooter().add(done);
        dialog.open();
        return dialog;
    }
}
