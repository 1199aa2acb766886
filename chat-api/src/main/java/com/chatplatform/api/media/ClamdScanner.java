package com.chatplatform.api.media;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The malware scanner: a ClamAV daemon (clamd) spoken to with its INSTREAM command, over TCP
 * (chat.media.clamd.host/port) or a unix socket (chat.media.clamd.socket). The file is streamed in chunks from
 * the caller's stream (from S3), never held in memory. Without a configured daemon nothing is scanned.
 */
@ApplicationScoped
public class ClamdScanner {
    @Inject
    @ConfigProperty(name = "chat.media.clamd.host")
    Optional<String> host;
    @Inject
    @ConfigProperty(name = "chat.media.clamd.port", defaultValue = "3310")
    int port;
    @Inject
    @ConfigProperty(name = "chat.media.clamd.socket")
    Optional<String> socket;
    @Inject
    @ConfigProperty(name = "chat.media.clamd.timeout-seconds", defaultValue = "120")
    int timeoutSeconds;

    /** The verdict: clean, or infected with the named signature. */
    public record Verdict(boolean infected, String signature) {
    }

    /** The daemon could not give a verdict (down, refused the stream, size limit): the scan is retried. */
    public static class ScanFailed extends RuntimeException {
        public ScanFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public boolean enabled() {
        return host.filter(h -> !h.isBlank()).isPresent() || socket.filter(s -> !s.isBlank()).isPresent();
    }

    public Verdict scan(InputStream content) {
        try {
            if (socket.filter(s -> !s.isBlank()).isPresent()) {
                try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(Path.of(socket.get())))) {
                    return instream(content, Channels.newOutputStream(channel), Channels.newInputStream(channel));
                }
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host.get(), port), 5_000);
                s.setSoTimeout(timeoutSeconds * 1000);
                return instream(content, s.getOutputStream(), s.getInputStream());
            }
        } catch (IOException e) {
            throw new ScanFailed("clamd did not answer: " + e, e);
        }
    }

    /** zINSTREAM, then chunks (4-byte big-endian length + bytes), then a zero length; the reply ends with NUL. */
    static Verdict instream(InputStream content, OutputStream out, InputStream in) throws IOException {
        out.write("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[64 * 1024];
        int n;
        while ((n = content.read(chunk)) > 0) {
            out.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
            out.write(chunk, 0, n);
        }
        out.write(new byte[4]);
        out.flush();
        return parse(readReply(in));
    }

    private static String readReply(InputStream in) throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) > 0 && reply.size() < 4096) {
            reply.write(b);
        }
        return reply.toString(StandardCharsets.UTF_8).strip();
    }

    /** "stream: OK", "stream: Name FOUND", anything else (e.g. "INSTREAM size limit exceeded. ERROR") fails. */
    static Verdict parse(String reply) {
        if (reply.endsWith(" FOUND")) {
            String body = reply.substring(0, reply.length() - " FOUND".length());
            int colon = body.indexOf(": ");
            return new Verdict(true, colon >= 0 ? body.substring(colon + 2) : body);
        }
        if (reply.endsWith(": OK")) {
            return new Verdict(false, null);
        }
        throw new ScanFailed("clamd answered: " + (reply.isEmpty() ? "(nothing)" : reply), null);
    }
}
