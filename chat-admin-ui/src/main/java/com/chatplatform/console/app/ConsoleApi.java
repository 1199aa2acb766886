package com.chatplatform.console.app;

import com.chatplatform.client.admin.ChatAdminClient;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.util.logging.Logger;

/**
 * Where the console reaches the REST API. The console never touches the database: every action is a call
 * to the API with the signed-in person's own bearer token, so the API stays the one place that authorises.
 */
@ApplicationScoped
public class ConsoleApi {

    private static final Logger LOG = Logger.getLogger(ConsoleApi.class.getName());

    /** Environment variable CHAT_CONSOLE_API_URL. */
    public static final String API_URL_PROPERTY = "chat.console.api-url";
    public static final String DEFAULT_API_URL = "http://localhost:8080/api/v1";

    @Inject
    @ConfigProperty(name = API_URL_PROPERTY, defaultValue = DEFAULT_API_URL)
    String apiUrl;

    private ChatAdminClient anonymous;

    @PostConstruct
    void init() {
        anonymous = ChatAdminClient.create(URI.create(apiUrl.trim()));
        LOG.info(() -> "Chat console calls the API at " + anonymous.baseUrl());
    }

    /** A client without credentials: only for signing in. */
    public ChatAdminClient anonymous() {
        return anonymous;
    }

    /** A client that acts as the holder of {@code token}. */
    public ChatAdminClient as(String token) {
        return anonymous.withToken(token);
    }
}
