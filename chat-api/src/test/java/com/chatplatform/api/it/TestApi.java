package com.chatplatform.api.it;

import com.chatplatform.client.realtime.ChatSocket;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A plain HTTP and WebSocket client of the API, as a customer's code would use it. */
final class TestApi {
    static final ObjectMapper JSON = new ObjectMapper();
    // The JDK's default version (h2c on plain HTTP), unlike the SDK: with HTTP/1.1 here one run of the suite in three failed
    // on a request the container had recycled while it was being served (ADR 0018, open question).
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    TestApi(URL deployment) {
        String url = deployment.toString();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
    }

    URI base() {
        return base;
    }

    record Reply(int status, JsonNode body, HttpResponse<byte[]> raw) {
        String code() {
            return body == null || !body.has("code") ? null : body.get("code").asText();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Reply get(String path, String credential) {
        return send(request(path, credential).GET());
    }

    Reply post(String path, String credential, Object body) {
        String json = body instanceof String s ? s : write(body);
        return send(request(path, credential).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply patch(String path, String credential, Object body) {
        String json = body instanceof String s ? s : write(body);
        return send(request(path, credential).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply put(String path, String credential) {
        return send(request(path, credential).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    Reply delete(String path, String credential) {
        return send(request(path, credential).DELETE());
    }

    /** A GET whose Accept header asks for {@code accept}. */
    Reply getAccepting(String path, String credential, String accept) {
        return send(request(path, credential).header("Accept", accept).GET());
    }

    Reply postBytes(String path, String credential, String contentType, byte[] bytes) {
        return send(request(path, credential).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    HttpResponse<byte[]> fetch(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }


    static ObjectNode json(Object... keyValues) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            node.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
        }
        return node;
    }

    private HttpRequest.Builder request(String path, String credential) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (credential != null) {
            b.header("Authorization", "Bearer " + credential);
        }
        return b;
    }

    private Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<byte[]> r = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = null;
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (r.body().length > 0 && type.contains("json")) {
                body = JSON.readTree(r.body());
            }
            return new Reply(r.statusCode(), body, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens ws://.../v1/ws?token=... with the SDK's ChatSocket and collects every frame it receives. */
    Socket connect(String token) {
        URI ws = URI.create(base.toString().replaceFirst("^http", "ws") + "v1/ws");
        Socket socket = new Socket();
        socket.chat = ChatSocket.connect(ws, token, frame -> {
            try {
                socket.frames.add(JSON.readTree(frame));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return socket;
    }

    static final class Socket {
        final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        ChatSocket chat;

        void send(Object frame) {
            chat.send(frame instanceof String s ? s : write(frame));
        }

        CompletableFuture<Integer> closed() {
            return chat.closed();
        }

        CompletableFuture<String> closeReason() {
            return chat.closeReason();
        }

        /** The next frame, failing the test if none comes within 10 s. */
        JsonNode next() {
            try {
                JsonNode f = frames.poll(10, TimeUnit.SECONDS);
                if (f == null) {
                    throw new AssertionError("No WebSocket frame within 10 s");
                }
                return f;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** The next frame of the given type, skipping others. */
        JsonNode next(String type) {
            while (true) {
                JsonNode f = next();
                if (type.equals(f.path("type").asText())) {
                    return f;
                }
            }
        }

        void close() {
            chat.close();
        }
    }

    /** PUT with a JSON body (quotas). */
    Reply put(String path, String credential, Object body) {
        String json = body instanceof String s ? s : write(body);
        return send(request(path, credential).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** DELETE with a JSON body (e.g. DELETE /me/totp {"code":...}). */
    Reply deleteWithBody(String path, String credential, Object body) {
        String json = body instanceof String s ? s : write(body);
        return send(request(path, credential).header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Any method with a JSON body (e.g. PUT with a body). */
    Reply call(String method, String path, String credential, Object body) {
        String json = body instanceof String s ? s : write(body);
        return send(request(path, credential).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)));
    }
}
