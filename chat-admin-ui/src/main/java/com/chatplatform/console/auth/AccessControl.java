package com.chatplatform.console.auth;

import com.chatplatform.client.admin.Account;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Arrays;
import java.util.Optional;

/**
 * Guards every navigation: views not marked {@link PublicView} need a signed-in person (else: the login
 * view), and views marked {@link RequiresRole} need one of its roles (else: {@link NotAllowedView}).
 * Registered through vaadin-cdi, which fires Vaadin's {@link ServiceInitEvent} as a CDI event.
 */
@ApplicationScoped
public class AccessControl {

    void onServiceInit(@Observes ServiceInitEvent event) {
        event.getSource().addUIInitListener(init -> init.getUI().addBeforeEnterListener(this::check));
    }

    void check(BeforeEnterEvent event) {
        Class<?> target = event.getNavigationTarget();
        if (target.isAnnotationPresent(PublicView.class)) {
            return;
        }
        Optional<Account> account = CurrentUser.account();
        if (account.isEmpty()) {
            CurrentUser.rememberTarget(event.getLocation().getPathWithQueryParameters());
            event.forwardTo(LoginView.class);
            return;
        }
        String path = event.getLocation().getPath();
        if (path.isEmpty() && !account.get().isPlatformAdmin()) {
            event.forwardTo(Home.pathFor(account.get())); // the root is the tenants list: each role has its own start
            return;
        }
        RequiresRole required = target.getAnnotation(RequiresRole.class);
        if (required != null && Arrays.stream(required.value()).noneMatch(role -> role.equals(account.get().role()))) {
            event.rerouteTo(NotAllowedView.class);
        }
    }
}
