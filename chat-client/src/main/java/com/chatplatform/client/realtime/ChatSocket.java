package com.chatplatform.client.realtime;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A WebSocket connection of one end user: ws(s)://host/api/v1/ws?token=USER_TOKEN. Frames are JSON
 * text (docs/protocol.md); every received frame is handed to the listener as it arrives.
 */
public final class ChatSocket implements AutoCloseable {
    /**
     * One HTTP client for every socket of the JVM: each client has its own selector thread, so a client per socket
     * meant a thread per connection (the benchmark's 2,500 sockets, a server-side integration's many users).
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final WebSocket ws;
    private final CompletableFuture<Integer> closed;
    private final CompletableFuture<String> closeReason;

    private ChatSocket(WebSocket ws, CompletableFuture<Integer> closed, CompletableFuture<String> closeReason) {
        this.ws = ws;
        this.closed = closed;
        this.closeReason = closeReason;
    }

    /**
     * @param wsUrl   the endpoint, e.g. ws://localhost:8080/api/v1/ws
     * @param token   the user's token (from POST /users/{id}/tokens)
     * @param onFrame called with each frame's JSON text, in order
     */
    public static ChatSocket connect(URI wsUrl, String token, Consumer<String> onFrame) {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        CompletableFuture<String> closeReason = new CompletableFuture<>();
        URI target = URI.create(wsUrl + (wsUrl.getRawQuery() == null ? "?" : "&") + "token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8));
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String frame = partial.toString();
                    partial.setLength(0);
                    onFrame.accept(frame);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closeReason.complete(reason);
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closeReason.completeExceptionally(error);
                closed.completeExceptionally(error);
            }
        };
        WebSocket ws = HTTP.newWebSocketBuilder().buildAsync(target, listener).join();
        return new ChatSocket(ws, closed, closeReason);
    }

    /** Sends one JSON frame and waits until it is written. */
    public void send(String frameJson) {
        ws.sendText(frameJson, true).join();
    }

    /** Completes with the close code when the server or the client closes the connection. */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    /** Completes with the close reason (for server-initiated closes, the error code, e.g. "tenant.suspended"). */
    public CompletableFuture<String> closeReason() {
        return closeReason;
    }

    /** Drops the connection abruptly, without a close handshake (what a lost network looks like). */
    public void abort() {
        ws.abort();
        closeReason.complete("aborted");
        closed.complete(1006);
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }
}
