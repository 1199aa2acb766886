package com.chatplatform.console.tenant;

import com.chatplatform.client.admin.TenantDeletionPlan;
import com.chatplatform.console.app.ApiProblems;
import com.chatplatform.console.app.ErrorBanner;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;

import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Confirms the deletion of a tenant: shows what the API says will be removed, and enables "Delete for good" only
 * once the tenant's exact name is typed. Cancel has the focus and Esc cancels. The deletion itself is one call
 * with the one-time token of the plan; a refusal is shown in the dialog.
 */
class DeleteTenantDialog extends Dialog {

    interface Confirmation {
        void confirm(String token);
    }

    DeleteTenantDialog(String tenantName, TenantDeletionPlan plan, Confirmation confirmation, Consumer<String> deleted) {
        setId("delete-tenant-dialog");
        setHeaderTitle("Delete \u201c" + tenantName + "\u201d?");
        setCloseOnEsc(true);
        setCloseOnOutsideClick(false);
        setMaxWidth("560px");

        Paragraph warning = new Paragraph("This deletes the tenant and all of its data: users, conversations, "
                + "messages, attachments, keys. It cannot be undone.");
        warning.getStyle().set("margin-top", "0");
        UnorderedList summary = new UnorderedList();
        summary.setId("delete-tenant-summary");
        for (Map.Entry<String, Object> e : plan.orderedSummary().entrySet()) {
            summary.add(new ListItem(label(e.getKey()) + ": " + e.getValue()));
        }
        ErrorBanner error = new ErrorBanner("delete-tenant-error");

        TextField typed = new TextField("Type the tenant's name to confirm");
        typed.setId("delete-tenant-name");
        typed.setWidthFull();
        typed.setValueChangeMode(ValueChangeMode.EAGER);
        typed.setHelperText(tenantName);

        Button cancel = new Button("Cancel", click -> close());
        cancel.setId("delete-tenant-cancel");
        Button delete = new Button("Delete for good");
        delete.setId("delete-tenant-confirm");
        delete.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        delete.setEnabled(false);
        typed.addValueChangeListener(change -> delete.setEnabled(tenantName.equals(change.getValue())));
        delete.addClickListener(click -> {
            error.clear();
            try {
                confirmation.confirm(plan.token());
            } catch (RuntimeException e) {
                String message = ApiProblems.explain(e, "Could not delete the tenant");
                if (message == null) {
                    close();
                } else {
                    error.show(message);
                }
                return;
            }
            close();
            deleted.accept(tenantName);
        });
        add(warning, summary, error, typed);
        getFooter().add(cancel, delete);
        addOpenedChangeListener(opened -> {
            if (opened.isOpened()) {
                cancel.focus();
            }
        });
    }

    /** "messages" -> "Messages", "apiKeys" -> "Api keys". */
    static String label(String key) {
        String spaced = key.replaceAll("([a-z])([A-Z])", "$1 $2").replace('_', ' ').toLowerCase(Locale.ROOT);
        return spaced.isEmpty() ? key : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
}
