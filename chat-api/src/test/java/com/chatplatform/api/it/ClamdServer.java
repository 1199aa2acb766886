package com.chatplatform.api.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

/**
 * A real ClamAV daemon (/usr/sbin/clamd, package clamav-daemon) for the tests. No signature download is possible
 * here, so its database directory holds one custom signature (.ndb, a body pattern) made for this run: any file that
 * contains {@link #marker()} is reported infected. Listens on TCP 127.0.0.1:port; stopped by its PID (the process
 * this class started).
 */
public final class ClamdServer implements AutoCloseable {
    public static final String SIGNATURE = "ChatIT.Test.Marker";
    private final Process process;
    private final String marker;
    private final int port;

    private ClamdServer(Process process, String marker, int port) {
        this.process = process;
        this.marker = marker;
        this.port = port;
    }

    public static ClamdServer start(Path dir, int port, Duration timeout) throws IOException, InterruptedException {
        return start(dir, port, null, "100M", timeout);
    }

    /**
     * @param socket also listen on this unix socket (null: TCP only)
     * @param streamMaxLength clamd's StreamMaxLength (bigger INSTREAM uploads are refused)
     */
    public static ClamdServer start(Path dir, int port, Path socket, String streamMaxLength, Duration timeout)
            throws IOException, InterruptedException {
        Path clamd = Path.of(System.getProperty("chat.it.clamd", "/usr/sbin/clamd"));
        if (!Files.isExecutable(clamd)) {
            throw new IllegalStateException(clamd + " is missing: install clamav-daemon (apt-get install clamav-daemon); .ci/run does");
        }
        Path db = Files.createDirectories(dir.resolve("db"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        String marker = "CHAT-IT-MALWARE-MARKER-" + UUID.randomUUID();
        Files.writeString(db.resolve("chatit.ndb"), SIGNATURE + ":0:*:"
                + HexFormat.of().formatHex(marker.getBytes(StandardCharsets.US_ASCII)) + "\n");
        Path conf = dir.resolve("clamd.conf");
        Files.writeString(conf, String.join("\n",
                "Foreground yes",
                "TCPSocket " + port,
                "TCPAddr 127.0.0.1",
                "DatabaseDirectory " + db.toAbsolutePath(),
                "TemporaryDirectory " + tmp.toAbsolutePath(),
                "LogFile " + dir.resolve("clamd.log").toAbsolutePath(),
                "LogFileMaxSize 0",
                "StreamMaxLength " + streamMaxLength,
                socket == null ? "" : "LocalSocket " + socket.toAbsolutePath(),
                "SelfCheck 0",
                "") );
        Process process = new ProcessBuilder(clamd.toString(), "-c", conf.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("clamd.out").toFile()).start();
        ClamdServer server = new ClamdServer(process, marker, port);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("clamd exited with " + process.exitValue() + "; see " + dir.resolve("clamd.out"));
            }
            if (server.ping()) {
                return server;
            }
            Thread.sleep(200);
        }
        server.close();
        throw new IllegalStateException("clamd did not answer PING within " + timeout + "; see " + dir.resolve("clamd.log"));
    }

    private boolean ping() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write("zPING\0".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readNBytes(4), StandardCharsets.US_ASCII).equals("PONG");
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Bytes that make a file "infected" for this daemon. */
    public String marker() {
        return marker;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Stops the daemon this fixture started (by its PID), then waits for it. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
