package com.chatplatform.console.auth;

import com.chatplatform.console.app.MainLayout;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

/** Shown instead of a view that the signed-in person's role may not open. */
@Route(value = "not-allowed", layout = MainLayout.class)
@PageTitle("Not allowed | " + MainLayout.PRODUCT_NAME)
public class NotAllowedView extends VerticalLayout {

    public NotAllowedView() {
        setId("not-allowed");
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);

        Icon icon = VaadinIcon.BAN.create();
        icon.setSize("var(--lumo-icon-size-l)");
        icon.setColor("var(--lumo-error-color)");
        H2 title = new H2("Not allowed");
        title.getStyle().set("margin", "0");
        Paragraph text = new Paragraph("Your account's role may not open this page. "
                + "Ask a platform administrator if you need access.");
        text.getStyle().set("color", "var(--lumo-secondary-text-color)").set("text-align", "center");
        add(icon, title, text);
    }
}
