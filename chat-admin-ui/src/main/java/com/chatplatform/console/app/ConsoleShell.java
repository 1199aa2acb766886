package com.chatplatform.console.app;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.server.AppShellSettings;

/** Page-level settings shared by every view (Lumo is Vaadin's default theme). */
public class ConsoleShell implements AppShellConfigurator {

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.addMetaTag("description", "Chat Platform administration console");
        settings.addMetaTag("robots", "noindex, nofollow");
    }
}
