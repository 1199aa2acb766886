package com.chatplatform.api.platform;

import jakarta.json.spi.JsonProvider;

/**
 * The JSON-P provider, looked up once. The static helpers of jakarta.json.Json search the class path for
 * a provider on every call (a ServiceLoader scan), which showed up as the hottest frame of the send path.
 */
public final class JsonSupport {
    public static final JsonProvider JSON = JsonProvider.provider();

    private JsonSupport() {
    }
}
