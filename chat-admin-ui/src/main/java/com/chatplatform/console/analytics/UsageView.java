package com.chatplatform.console.analytics;

import com.chatplatform.client.admin.Account;
import com.chatplatform.console.app.ConsoleApi;
import com.chatplatform.console.app.MainLayout;
import com.chatplatform.console.auth.CurrentUser;
import com.chatplatform.console.auth.RequiresRole;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import jakarta.inject.Inject;

/**
 * A tenant admin's own usage dashboard ({@code GET /analytics} with their token: the API scopes it to their
 * tenant). The same {@link AnalyticsDashboard} as on a platform admin's tenant page.
 */
@Route(value = "usage", layout = MainLayout.class)
@PageTitle("Usage | " + MainLayout.PRODUCT_NAME)
@RequiresRole(Account.TENANT_ADMIN)
public class UsageView extends VerticalLayout implements BeforeEnterObserver {

    private final AnalyticsDashboard dashboard;

    @Inject
    public UsageView(ConsoleApi api) {
        setId("usage-view");
        setPadding(true);
        setMaxWidth("1100px");
        H2 title = new H2("Usage of your tenant");
        title.getStyle().set("margin", "0");
        dashboard = new AnalyticsDashboard((from, to) -> api.as(CurrentUser.token()).getAnalytics(from, to));
        add(title, dashboard);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        dashboard.reload();
    }
}
