package com.chatplatform.console.app;

import com.vaadin.flow.component.html.Div;

/** A red box with a sentence for the person (role=alert so screen readers announce it); hidden when empty. */
public class ErrorBanner extends Div {

    public ErrorBanner(String id) {
        setId(id);
        getElement().setAttribute("role", "alert");
        getStyle()
                .set("color", "var(--lumo-error-text-color)")
                .set("background", "var(--lumo-error-color-10pct)")
                .set("border-radius", "var(--lumo-border-radius-m)")
                .set("padding", "var(--lumo-space-s) var(--lumo-space-m)")
                .set("box-sizing", "border-box");
        setWidthFull();
        setVisible(false);
    }

    /**
     * Shows {@code message} and scrolls it into view (the button pressed may be far below the banner);
     * {@code null} (the person was signed out) hides the banner.
     */
    public void show(String message) {
        setText(message == null ? "" : message);
        setVisible(message != null);
        if (message != null) {
            getElement().executeJs("this.scrollIntoView({block: 'nearest'});");
        }
    }

    public void clear() {
        setText("");
        setVisible(false);
    }
}
