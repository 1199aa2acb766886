package com.chatplatform.console.app;

import com.chatplatform.client.admin.Account;
import com.chatplatform.console.analytics.UsageView;
import com.chatplatform.console.audit.AuditView;
import com.chatplatform.console.compliance.ComplianceView;
import com.chatplatform.console.auth.CurrentUser;
import com.chatplatform.console.health.HealthView;
import com.chatplatform.console.search.SearchView;
import com.chatplatform.console.team.TeamView;
import com.chatplatform.console.tenant.OwnApiKeysView;
import com.chatplatform.console.tenantaudit.TenantAuditView;
import com.chatplatform.console.users.UsersView;
import com.chatplatform.console.tenant.TenantsView;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.avatar.Avatar;
import com.vaadin.flow.component.avatar.AvatarVariant;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinSession;

/** The frame around every signed-in view: product name, navigation, the signed-in account, sign out. */
public class MainLayout extends AppLayout {

    public static final String PRODUCT_NAME = "Chat Platform Console";

    public MainLayout() {
        setPrimarySection(Section.NAVBAR);

        Icon logo = VaadinIcon.CHAT.create();
        logo.setColor("var(--lumo-primary-color)");
        Span product = new Span(PRODUCT_NAME);
        product.setId("product-name");
        product.getStyle().set("font-size", "var(--lumo-font-size-l)").set("font-weight", "600");
        HorizontalLayout brand = new HorizontalLayout(logo, product);
        brand.setAlignItems(FlexComponent.Alignment.CENTER);
        brand.setSpacing(true);

        HorizontalLayout navbar = new HorizontalLayout(new DrawerToggle(), brand);
        navbar.setAlignItems(FlexComponent.Alignment.CENTER);
        navbar.setWidthFull();
        navbar.getStyle().set("padding-right", "var(--lumo-space-m)");
        navbar.addAndExpand(new Div());
        CurrentUser.account().ifPresent(account -> navbar.add(accountBox(account)));
        addToNavbar(navbar);

        SideNav nav = new SideNav();
        if (CurrentUser.account().map(Account::isPlatformAdmin).orElse(false)) {
            SideNavItem tenants = new SideNavItem("Tenants", TenantsView.class, VaadinIcon.BUILDING.create());
            tenants.setId("nav-tenants");
            tenants.setMatchNested(true); // stays highlighted on a tenant's page
            SideNavItem audit = new SideNavItem("Audit log", AuditView.class, VaadinIcon.LIST_OL.create());
            audit.setId("nav-audit");
            SideNavItem health = new SideNavItem("System health", HealthView.class, VaadinIcon.HEART.create());
            health.setId("nav-health");
            SideNavItem plans = new SideNavItem("Plans & quotas", com.chatplatform.console.plans.PlansView.class, VaadinIcon.PACKAGE.create());
            plans.setId("nav-plans");
            nav.addItem(tenants, plans, audit, health);
        }
        if (CurrentUser.account().map(a -> Account.TENANT_ADMIN.equals(a.role())).orElse(false)) {
            SideNavItem usage = new SideNavItem("Usage", UsageView.class, VaadinIcon.CHART.create());
            usage.setId("nav-usage");
            SideNavItem team = new SideNavItem("Team", TeamView.class, VaadinIcon.USERS.create());
            team.setId("nav-team");
            SideNavItem users = new SideNavItem("Users", UsersView.class, VaadinIcon.USER.create());
            users.setId("nav-users");
            SideNavItem keys = new SideNavItem("API keys", OwnApiKeysView.class, VaadinIcon.KEY.create());
            keys.setId("nav-api-keys");
            SideNavItem tokenKeys = new SideNavItem("Token keys", com.chatplatform.console.settings.TokenKeysView.class, VaadinIcon.PASSWORD.create());
            tokenKeys.setId("nav-token-keys");
            SideNavItem settings = new SideNavItem("Settings", com.chatplatform.console.settings.SettingsView.class, VaadinIcon.COG.create());
            settings.setId("nav-settings");
            nav.addItem(usage, team, users, keys, tokenKeys, settings);
        }
        if (CurrentUser.account().map(a -> Account.TENANT_ADMIN.equals(a.role()) || Account.COMPLIANCE_OFFICER.equals(a.role()))
                .orElse(false)) {
            SideNavItem compliance = new SideNavItem("Compliance", ComplianceView.class, VaadinIcon.SHIELD.create());
            compliance.setId("nav-compliance");
            SideNavItem tenantAudit = new SideNavItem("Audit log", TenantAuditView.class, VaadinIcon.LIST_OL.create());
            tenantAudit.setId("nav-tenant-audit");
            nav.addItem(compliance, tenantAudit);
        }
        if (CurrentUser.account().map(a -> Account.TENANT_ADMIN.equals(a.role()) || Account.MODERATOR.equals(a.role())).orElse(false)) {
            SideNavItem moderation = new SideNavItem("Moderation", com.chatplatform.console.moderation.ModerationView.class,
                    VaadinIcon.GAVEL.create());
            moderation.setId("nav-moderation");
            nav.addItem(moderation);
        }
        if (CurrentUser.account().map(a -> !a.isPlatformAdmin() && a.tenantId() != null).orElse(false)) {
            SideNavItem search = new SideNavItem("Search", SearchView.class, VaadinIcon.SEARCH.create());
            search.setId("nav-search");
            nav.addItem(search);
        }
        if (CurrentUser.account().isPresent()) {
            SideNavItem account = new SideNavItem("My account", com.chatplatform.console.account.AccountView.class, VaadinIcon.USER_CARD.create());
            account.setId("nav-account");
            nav.addItem(account);
        }
        nav.getStyle().set("padding", "var(--lumo-space-s)");
        addToDrawer(nav);
    }

    private static HorizontalLayout accountBox(Account account) {
        Avatar avatar = new Avatar(account.email());
        avatar.addThemeVariants(AvatarVariant.LUMO_SMALL);
        Span email = new Span(account.email());
        email.setId("account-email");
        email.getStyle().set("font-size", "var(--lumo-font-size-s)").set("font-weight", "500");
        Span role = new Span(account.role());
        role.setId("account-role");
        role.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("color", "var(--lumo-secondary-text-color)");
        VerticalLayout who = new VerticalLayout(email, role);
        who.setPadding(false);
        who.setSpacing(false);

        Button signOut = new Button("Sign out", VaadinIcon.SIGN_OUT.create(), click -> signOut());
        signOut.setId("sign-out");
        signOut.addThemeVariants(ButtonVariant.LUMO_TERTIARY);

        HorizontalLayout box = new HorizontalLayout(avatar, who, signOut);
        box.setAlignItems(FlexComponent.Alignment.CENTER);
        return box;
    }

    /** Forgets the token (the whole HTTP session) and goes back to the login view. */
    public static void signOut() {
        UI ui = UI.getCurrent();
        VaadinRequest request = VaadinRequest.getCurrent();
        String contextPath = request == null ? "" : request.getContextPath();
        ui.getPage().setLocation(contextPath + "/login");
        VaadinSession.getCurrent().getSession().invalidate();
    }
}
