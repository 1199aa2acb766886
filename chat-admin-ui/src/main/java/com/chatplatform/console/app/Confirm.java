package com.chatplatform.console.app;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;

/**
 * A confirmation whose buttons have ids ({@code <id>-confirm}, {@code <id>-cancel}); Cancel gets the focus and
 * Esc cancels, so a stray Enter does nothing harmful. A failure of the action is shown through {@code onError}.
 */
public final class Confirm {

    private Confirm() {
    }

    public static void open(String id, String header, String text, String action, boolean dangerous, Runnable onConfirm,
                            String whatFailed, ErrorBanner onError) {
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setId(id);
        dialog.setHeader(header);
        dialog.setText(text);
        Button cancel = new Button("Cancel", click -> dialog.close());
        cancel.setId(id + "-cancel");
        Button ok = new Button(action);
        ok.setId(id + "-confirm");
        ok.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        if (dangerous) {
            ok.addThemeVariants(ButtonVariant.LUMO_ERROR);
        }
        ok.addClickListener(click -> {
            dialog.close();
            try {
                onError.clear();
                onConfirm.run();
            } catch (RuntimeException e) {
                onError.show(ApiProblems.explain(e, whatFailed));
            }
        });
        dialog.setCancelable(true);
        dialog.setCancelButton(cancel);
        dialog.setConfirmButton(ok);
        dialog.open();
        cancel.getElement().executeJs("""
                const b = this; let frames = 0;
                const step = () => {
                  const a = document.activeElement;
                  if ((a && a.id === $0) || frames++ > 30) { b.focus(); } else { requestAnimationFrame(step); }
                };
                requestAnimationFrame(step);""", id + "-confirm");
    }
}
