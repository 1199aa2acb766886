package com.chatplatform.console.tenant;

import com.chatplatform.client.admin.ApiKeySecret;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.function.SerializableConsumer;
import com.vaadin.flow.function.SerializableFunction;

/** A new API key for a tenant: its name, then its secret once. */
class NewApiKeyDialog extends NameThenSecretDialog<ApiKeySecret> {

    NewApiKeyDialog(String tenantName, SerializableFunction<String, ApiKeySecret> create,
                    SerializableConsumer<ApiKeySecret> created) {
        super(new Texts("new-api-key", "New API key for \u201c" + tenantName + "\u201d",
                "The tenant's backend authenticates with an API key. Give it a name that says where it is used "
                        + "(e.g. \u201cproduction\u201d); you will see its secret once.",
                "Key name", "e.g. production", "Create key", "Enter a name for the key.", "Could not create the key"),
                create, created);
    }

    @Override
    protected String createdTitle(ApiKeySecret key) {
        return "API key created";
    }

    @Override
    protected Component createdBody(ApiKeySecret key) {
        return new ApiKeySecretPanel(key);
    }
}
