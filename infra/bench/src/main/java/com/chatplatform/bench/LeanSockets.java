package com.chatplatform.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The load generator's WebSocket client (RFC 6455, text frames, no extensions): one thread reads every connection
 * through one selector and hands each frame to its listener in that thread; sends are written by the caller's thread
 * straight to the socket. The generator shares the machine's cores with the server it measures, and the SDK's client
 * (the JDK's WebSocket) hands every received frame from its selector thread to an executor thread: at 2,000 msgs/s it
 * took about 0.23 CPU ms per message, a quarter of the box, half of it in the kernel. Latency is still measured where a
 * user would see it, when the frame has been read from the socket.
 */
final class LeanSockets implements AutoCloseable {
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int OP_CONTINUATION = 0x0, OP_TEXT = 0x1, OP_CLOSE = 0x8, OP_PING = 0x9, OP_PONG = 0xA;

    private final Selector selector;
    private final Queue<Connection> joining = new ConcurrentLinkedQueue<>();
    private final Thread reader;
    private volatile boolean running = true;

    LeanSockets() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        reader = new Thread(this::readLoop, "bench-ws-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens a socket (the HTTP upgrade is done in the caller's thread); frames go to {@code onFrame} in the reader thread. */
    Connection connect(URI wsUrl, String token, Consumer<String> onFrame) {
        try {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress(wsUrl.getHost(), wsUrl.getPort()));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);
            String target = wsUrl.getRawPath() + "?" + (wsUrl.getRawQuery() == null ? "" : wsUrl.getRawQuery() + "&")
                    + "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
            String request = "GET " + target + " HTTP/1.1\r\nHost: " + wsUrl.getHost() + ":" + wsUrl.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            writeFully(channel, ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            Connection connection = new Connection(channel, onFrame);
            String response = readResponseHead(channel, connection.in);
            if (!response.startsWith("HTTP/1.1 101") || !response.contains(accept(key))) {
                channel.close();
                throw new IOException("WebSocket upgrade refused: " + response.lines().findFirst().orElse(""));
            }
            channel.configureBlocking(false);
            joining.add(connection);
            selector.wakeup();
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the upgrade response's head; what follows it (the first frames) stays in {@code in}. */
    private static String readResponseHead(SocketChannel channel, ByteBuffer in) throws IOException {
        while (true) {
            if (channel.read(in) < 0) {
                throw new IOException("Connection closed during the WebSocket upgrade");
            }
            byte[] seen = new byte[in.position()];
            in.get(0, seen);
            String text = new String(seen, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0) {
                in.flip().position(end + 4);
                in.compact();
                return text.substring(0, end);
            }
            if (!in.hasRemaining()) {
                throw new IOException("WebSocket upgrade response too long");
            }
        }
    }

    static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void readLoop() {
        while (running) {
            try {
                selector.select(1000);
                for (Connection c; (c = joining.poll()) != null; ) {
                    c.channel.register(selector, SelectionKey.OP_READ, c);
                    c.deliver(); // frames that came with the upgrade response
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection c = (Connection) key.attachment();
                    if (!key.isValid() || !c.readAvailable()) {
                        key.cancel();
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                if (running) {
                    System.err.println("bench WebSocket reader: " + e);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey key : selector.keys()) {
            ((Connection) key.attachment()).close();
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    private static void writeFully(SocketChannel channel, ByteBuffer out) throws IOException {
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                LockSupport.parkNanos(50_000); // the socket's send buffer is full: the server is not reading
            }
        }
    }

    /** A client frame: FIN, the opcode, the masked payload (RFC 6455 section 5.2). */
    static ByteBuffer encode(int opcode, byte[] payload) {
        int length = payload.length;
        int header = 2 + (length < 126 ? 0 : length <= 0xffff ? 2 : 8) + 4;
        ByteBuffer frame = ByteBuffer.allocate(header + length);
        frame.put((byte) (0x80 | opcode));
        if (length < 126) {
            frame.put((byte) (0x80 | length));
        } else if (length <= 0xffff) {
            frame.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(length);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.put(mask);
        for (int i = 0; i < length; i++) {
            frame.put((byte) (payload[i] ^ mask[i & 3]));
        }
        return frame.flip();
    }

    /** One WebSocket connection; {@link #send} may be called from any thread (one at a time per connection). */
    static class Connection {
        private final SocketChannel channel;
        private final Consumer<String> onFrame;
        private ByteBuffer in = ByteBuffer.allocate(8 * 1024);
        private final ByteArrayOutputStream fragments = new ByteArrayOutputStream();
        private volatile boolean closed;

        Connection(SocketChannel channel, Consumer<String> onFrame) {
            this.channel = channel;
            this.onFrame = onFrame;
        }

        /** Writes one text frame (blocks only while the socket's send buffer is full). */
        void send(String text) {
            write(encode(OP_TEXT, text.getBytes(StandardCharsets.UTF_8)));
        }

        private synchronized void write(ByteBuffer frame) {
            try {
                writeFully(channel, frame);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Sends a close frame and closes the socket. */
        void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                write(encode(OP_CLOSE, new byte[] {0x03, (byte) 0xe8})); // 1000, normal closure
            } catch (UncheckedIOException ignored) {
                // the server went first
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing
            }
        }

        /** Reads what the socket has and hands over the complete frames; false when the connection is gone. */
        private boolean readAvailable() throws IOException {
            int n;
            boolean filled;
            try {
                do { // read again only when the buffer was filled: one read per readable event otherwise
                    n = channel.read(in);
                    filled = !in.hasRemaining();
                    if (n > 0) {
                        deliver();
                    }
                } while (n > 0 && filled);
            } catch (IOException e) {
                n = -1;
            }
            if (n < 0) {
                closed = true;
                channel.close();
                return false;
            }
            return true;
        }

        /** Takes {@code bytes} as if read from the socket (unit tests of the frame parsing). */
        void received(byte[] bytes) {
            for (int from = 0; from < bytes.length; ) {
                int n = Math.min(in.remaining(), bytes.length - from);
                in.put(bytes, from, n);
                from += n;
                deliver();
            }
        }

        /** Hands over every complete frame in the buffer and keeps a partial one (growing the buffer for a large one). */
        void deliver() {
            in.flip();
            while (in.remaining() >= 2) {
                int at = in.position();
                int b0 = in.get(at) & 0xff;
                int b1 = in.get(at + 1) & 0xff;
                long length = b1 & 0x7f;
                int header = 2;
                if (length == 126) {
                    header = 4;
                    if (in.remaining() < header) {
                        break;
                    }
                    length = in.getShort(at + 2) & 0xffff;
                } else if (length == 127) {
                    header = 10;
                    if (in.remaining() < header) {
                        break;
                    }
                    length = in.getLong(at + 2);
                }
                if ((b1 & 0x80) != 0 || length > Integer.MAX_VALUE - header) {
                    throw new IllegalStateException("A server frame is masked or too large (RFC 6455 section 5.1)");
                }
                int size = header + (int) length;
                if (in.remaining() < size) {
                    if (size > in.capacity()) {
                        ByteBuffer larger = ByteBuffer.allocate(size);
                        larger.put(in);
                        in = larger;
                        return; // written to, ready for the next read
                    }
                    break;
                }
                byte[] payload = new byte[(int) length];
                in.get(at + header, payload);
                in.position(at + size);
                frame(b0 & 0x0f, (b0 & 0x80) != 0, payload);
            }
            in.compact();
        }

        /** Answers a ping (the chat server does not send any; RFC 6455 requires the answer). */
        void pong(byte[] payload) {
            write(encode(OP_PONG, payload));
        }

        private void frame(int opcode, boolean fin, byte[] payload) {
            switch (opcode) {
                case OP_TEXT, OP_CONTINUATION -> {
                    if (fin && fragments.size() == 0) {
                        onFrame.accept(new String(payload, StandardCharsets.UTF_8));
                    } else {
                        fragments.writeBytes(payload);
                        if (fin) {
                            onFrame.accept(fragments.toString(StandardCharsets.UTF_8));
                            fragments.reset();
                        }
                    }
                }
                case OP_PING -> pong(payload);
                case OP_CLOSE -> close();
                default -> { } // pong, binary: the chat protocol sends neither
            }
        }
    }
}
