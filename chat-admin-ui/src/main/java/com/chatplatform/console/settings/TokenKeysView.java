package com.chatplatform.console.settings;

import com.chatplatform.client.admin.Account;
import com.chatplatform.client.admin.ChatAdminClient;
import com.chatplatform.client.admin.JwksUrl;
import com.chatplatform.client.admin.TokenKey;
import com.chatplatform.console.app.ApiProblems;
import com.chatplatform.console.app.Confirm;
import com.chatplatform.console.app.ConsoleApi;
import com.chatplatform.console.app.ErrorBanner;
import com.chatplatform.console.app.Layouts;
import com.chatplatform.console.app.MainLayout;
import com.chatplatform.console.app.ShownOnce;
import com.chatplatform.console.auth.CurrentUser;
import com.chatplatform.console.auth.RequiresRole;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.inject.Inject;

import java.util.List;

/**
 * The keys the tenant's backend signs its users' tokens with ({@code /token-keys}): new HS256 shared secrets (shown
 * once), public keys registered as JWK, JWKS URLs, and revocation.
 */
@Route(value = "token-keys", layout = MainLayout.class)
@PageTitle("Token keys | " + MainLayout.PRODUCT_NAME)
@RequiresRole(Account.TENANT_ADMIN)
public class TokenKeysView extends VerticalLayout implements BeforeEnterObserver {

    private final ConsoleApi api;
    private final ErrorBanner error = new ErrorBanner("token-keys-error");
    private final Grid<TokenKey> keys = new Grid<>(TokenKey.class, false);
    private final Paragraph noKeys = Layouts.empty("token-keys-empty",
            "No signing keys yet. Create a shared secret or register your public key to let your backend sign user tokens.");
    private final Grid<JwksUrl> urls = new Grid<>(JwksUrl.class, false);
    private final Paragraph noUrls = Layouts.empty("jwks-urls-empty", "No JWKS URLs registered.");

    @Inject
    public TokenKeysView(ConsoleApi api) {
        this.api = api;
        setId("token-keys-view");
        setPadding(true);
        setMaxWidth("1100px");

        keys.setId("token-keys-grid");
        keys.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        keys.setAllRowsVisible(true);
        keys.addColumn(TokenKey::kid).setHeader("Key id (kid)").setFlexGrow(2);
        keys.addColumn(TokenKey::alg).setHeader("Algorithm").setAutoWidth(true).setFlexGrow(0);
        keys.addColumn(k -> k.createdAt() == null ? "" : Layouts.WHEN.format(k.createdAt())).setHeader("Created").setAutoWidth(true);
        keys.addColumn(k -> k.isRevoked() ? "revoked " + Layouts.WHEN.format(k.revokedAt()) : "active").setHeader("Status").setAutoWidth(true);
        keys.addComponentColumn(k -> {
            Button revoke = new Button("Revoke", click -> Confirm.open("confirm-revoke-token-key", "Revoke the key \u201c" + k.kid() + "\u201d?",
                    "User tokens signed with this key are refused from now on, including tokens already handed out.", "Revoke", true,
                    () -> {
                        client().revokeTokenKey(k.kid());
                        reload();
                    }, "Could not revoke the key", error));
            revoke.getElement().setAttribute("data-kid", k.kid());
            revoke.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
            revoke.setVisible(!k.isRevoked());
            return revoke;
        }).setHeader("Actions").setAutoWidth(true).setFlexGrow(0);

        Button newSecret = new Button("New HS256 secret", VaadinIcon.KEY.create(), click -> createSecret());
        newSecret.setId("token-key-new-secret");
        newSecret.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        TextArea jwk = new TextArea("Public key (JWK JSON, RS256 or ES256)");
        jwk.setId("token-key-jwk");
        jwk.setWidthFull();
        jwk.setPlaceholder("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"...\",\"y\":\"...\",\"kid\":\"...\"}");
        Button register = new Button("Register public key", VaadinIcon.UPLOAD.create(), click -> {
            if (jwk.getValue().isBlank()) {
                error.show("Paste the public key as a JWK JSON object.");
                return;
            }
            try {
                error.clear();
                client().registerPublicKey(jwk.getValue());
                jwk.clear();
                reload();
            } catch (IllegalArgumentException e) {
                error.show("Could not register the key: " + e.getMessage());
            } catch (RuntimeException e) {
                error.show(ApiProblems.explain(e, "Could not register the key"));
            }
        });
        register.setId("token-key-register");

        urls.setId("jwks-urls-grid");
        urls.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        urls.setAllRowsVisible(true);
        urls.addColumn(JwksUrl::url).setHeader("URL").setFlexGrow(2);
        urls.addColumn(u -> u.kids() == null ? "" : String.join(", ", u.kids())).setHeader("Keys found").setFlexGrow(1);
        urls.addComponentColumn(u -> {
            Button remove = new Button("Remove", click -> Confirm.open("confirm-remove-jwks-url", "Remove \u201c" + u.url() + "\u201d?",
                    "Tokens signed with the keys published there are refused from now on.", "Remove", true, () -> {
                        client().removeJwksUrl(u.id());
                        reload();
                    }, "Could not remove the URL", error));
            remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
            return remove;
        }).setHeader("Actions").setAutoWidth(true).setFlexGrow(0);
        TextField url = new TextField("JWKS URL (https)");
        url.setId("jwks-url");
        url.setWidth("min(30em, 100%)");
        Button addUrl = new Button("Add URL", VaadinIcon.PLUS.create(), click -> {
            try {
                error.clear();
                client().registerJwksUrl(url.getValue().strip());
                url.clear();
                reload();
            } catch (RuntimeException e) {
                error.show(ApiProblems.explain(e, "Could not add the JWKS URL"));
            }
        });
        addUrl.setId("jwks-url-add");

        add(Layouts.title("Token-signing keys"), error,
                Layouts.section("Keys", "Your backend signs each user's token (a JWT with the user id as subject) with one of these keys.",
                        Layouts.line(newSecret), keys, noKeys),
                Layouts.section("Register a public key", "For RS256/ES256 tokens: the API keeps only the public key.",
                        jwk, Layouts.line(register)),
                Layouts.section("JWKS URLs", "The API fetches your published keys from these addresses and follows key rotation.",
                        Layouts.line(url, addUrl), urls, noUrls));
    }

    private ChatAdminClient client() {
        return api.as(CurrentUser.token());
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        reload();
    }

    private void createSecret() {
        try {
            error.clear();
            TokenKey key = client().createSharedSecret();
            reload();
            ShownOnce.open("token-key-secret", "New HS256 secret (" + key.kid() + ")", "Shared secret (base64url)", key.secret(),
                    "Copy this secret into your backend's configuration now. It will not be shown again: if it is lost, "
                            + "create a new one and revoke this key.");
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not create the secret"));
        }
    }

    private void reload() {
        try {
            ChatAdminClient client = client();
            List<TokenKey> all = client.listTokenKeys();
            keys.setItems(all);
            keys.setVisible(!all.isEmpty());
            noKeys.setVisible(all.isEmpty());
            List<JwksUrl> registered = client.listJwksUrls();
            urls.setItems(registered);
            urls.setVisible(!registered.isEmpty());
            noUrls.setVisible(registered.isEmpty());
        } catch (RuntimeException e) {
            error.show(ApiProblems.explain(e, "Could not load the keys"));
        }
    }
}
