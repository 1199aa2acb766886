package com.chatplatform.console.auth;

import com.chatplatform.console.app.MainLayout;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

/** The start page of roles that have no view of their own in the console yet. */
@Route(value = StartView.ROUTE, layout = MainLayout.class)
@PageTitle("Welcome | " + MainLayout.PRODUCT_NAME)
public class StartView extends VerticalLayout {

    public static final String ROUTE = "start";

    public StartView() {
        setId("start-view");
        setPadding(true);
        H2 title = new H2("Welcome");
        title.getStyle().set("margin", "0");
        Paragraph text = new Paragraph(CurrentUser.account()
                .map(a -> "You are signed in as " + a.email() + " (" + a.role() + "). Use the navigation to open the pages of your role.")
                .orElse(""));
        text.setId("start-text");
        add(title, text);
    }
}
