package com.chatplatform.console.tenant;

import com.chatplatform.client.admin.CreatedTenant;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.function.SerializableConsumer;
import com.vaadin.flow.function.SerializableFunction;

/** A new tenant: its name, then its first API key's secret once. */
class NewTenantDialog extends NameThenSecretDialog<CreatedTenant> {

    NewTenantDialog(SerializableFunction<String, CreatedTenant> create, SerializableConsumer<CreatedTenant> created) {
        super(new Texts("new-tenant", "New tenant",
                "A tenant is a customer application. It gets a first API key for its backend; you will see the "
                        + "key's secret once, right after creating it.",
                "Name", "e.g. Acme Support Chat", "Create tenant", "Enter a name for the tenant.", "Could not create the tenant"),
                create, created);
    }

    @Override
    protected String createdTitle(CreatedTenant result) {
        return "Tenant created";
    }

    @Override
    protected Component createdBody(CreatedTenant result) {
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
        return body;
    }
}
