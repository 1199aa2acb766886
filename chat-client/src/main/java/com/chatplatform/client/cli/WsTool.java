package com.chatplatform.client.cli;

import com.chatplatform.client.realtime.ChatSocket;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A small WebSocket client for trying the API from a shell (./chat ws). Prints every frame it receives,
 * one JSON per line. Usage:
 *   ws TOKEN [FRAME ...] [--until TYPE] [--url ws://host:port/api/v1/ws] [--timeout SECONDS]
 * Sends the given frames after "ready"; with --until it exits after the first frame of that type,
 * otherwise it also sends each line typed on standard input and runs until Ctrl-C.
 */
public final class WsTool {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WsTool() {
    }

    public static void main(String[] args) throws Exception {
        String url = System.getenv().getOrDefault("CHAT_WS_URL", "ws://localhost:8080/api/v1/ws");
        String until = null;
        long timeoutSeconds = 30;
        String token = null;
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--until" -> until = args[++i];
                case "--timeout" -> timeoutSeconds = Long.parseLong(args[++i]);
                default -> {
                    if (token == null) {
                        token = args[i];
                    } else {
                        frames.add(args[i]);
                    }
                }
            }
        }
        if (token == null) {
            System.err.println("Usage: ws TOKEN [FRAME ...] [--until TYPE] [--url " + url + "] [--timeout SECONDS]");
            System.exit(2);
        }
        CountDownLatch ready = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        String wanted = until;
        ChatSocket socket;
        try {
            socket = ChatSocket.connect(URI.create(url), token, frame -> {
                System.out.println(frame);
                System.out.flush();
                String type = typeOf(frame);
                if ("ready".equals(type)) {
                    ready.countDown();
                }
                if (type != null && type.equals(wanted)) {
                    done.countDown();
                }
            });
        } catch (RuntimeException e) {
            System.err.println("Could not connect to " + url + ": " + e.getCause());
            System.exit(1);
            return;
        }
        socket.closed().whenComplete((code, error) -> {
            System.err.println("Connection closed" + (code == null ? "" : " (" + code + ")"));
            done.countDown();
            ready.countDown();
        });
        if (!ready.await(timeoutSeconds, TimeUnit.SECONDS)) {
            System.err.println("No \"ready\" frame within " + timeoutSeconds + " s");
            System.exit(1);
        }
        for (String frame : frames) {
            socket.send(frame);
        }
        if (until != null) {
            boolean got = done.await(timeoutSeconds, TimeUnit.SECONDS);
            socket.close();
            System.exit(got ? 0 : 1);
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    socket.send(line);
                }
            }
        }
        done.await();
    }

    private static String typeOf(String frame) {
        try {
            JsonNode node = JSON.readTree(frame);
            return node.path("type").asText(null);
        } catch (IOException e) {
            return null;
        }
    }
}
