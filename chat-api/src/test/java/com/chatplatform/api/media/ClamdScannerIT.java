package com.chatplatform.api.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.chatplatform.api.it.ClamdServer;
import com.chatplatform.devstack.Ports;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scanner adapter against a real clamd (no server): over TCP and over a unix socket, a clean and an infected
 * stream, a stream above clamd's StreamMaxLength (a failure, not a verdict), and a daemon that is not there.
 */
class ClamdScannerIT {
    private static ClamdServer clamd;
    private static Path socket;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "clamd-scanner-it"));
        // A short path: unix socket paths are limited to about 100 bytes.
        socket = Files.createTempDirectory("clamd").resolve("clamd.sock");
        clamd = ClamdServer.start(dir, Ports.freePort(), socket, "1M", Duration.ofMinutes(2));
    }

    @AfterAll
    static void stop() throws Exception {
        if (clamd != null) {
            clamd.close();
        }
        Files.deleteIfExists(socket);
        Files.deleteIfExists(socket.getParent());
    }

    private static ClamdScanner tcp(int port) {
        ClamdScanner s = new ClamdScanner();
        s.host = Optional.of("127.0.0.1");
        s.port = port;
        s.socket = Optional.empty();
        s.timeoutSeconds = 30;
        return s;
    }

    private static ClamdScanner unix() {
        ClamdScanner s = new ClamdScanner();
        s.host = Optional.empty();
        s.socket = Optional.of(socket.toString());
        s.timeoutSeconds = 30;
        return s;
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void cleanAndInfectedOverTcpAndUnixSocket() {
        for (ClamdScanner scanner : new ClamdScanner[] {tcp(clamd.port()), unix()}) {
            assertTrue(scanner.enabled());
            assertFalse(scanner.scan(bytes("nothing to see here")).infected());
            ClamdScanner.Verdict verdict = scanner.scan(bytes("prefix " + clamd.marker() + " suffix"));
            assertTrue(verdict.infected());
            assertTrue(verdict.signature().startsWith(ClamdServer.SIGNATURE), verdict.signature());
        }
    }

    @Test
    void aMarkerInTheMiddleOfAStreamOfManyChunksIsFound() {
        byte[] big = new byte[900_000];
        byte[] marker = clamd.marker().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(marker, 0, big, 65_530, marker.length); // across the first 64 KiB chunk boundary
        assertTrue(tcp(clamd.port()).scan(new ByteArrayInputStream(big)).infected());
    }

    @Test
    void aStreamAboveTheDaemonsLimitOrNoDaemonIsAFailureNotAVerdict() throws Exception {
        assertThrows(ClamdScanner.ScanFailed.class, () -> tcp(clamd.port()).scan(new ByteArrayInputStream(new byte[2_000_000])));
        ClamdScanner nobody = tcp(Ports.freePort());
        ClamdScanner.ScanFailed failed = assertThrows(ClamdScanner.ScanFailed.class, () -> nobody.scan(bytes("x")));
        assertTrue(failed.getMessage().contains("clamd did not answer"), failed.getMessage());
        assertFalse(new ClamdScanner() {{ host = Optional.empty(); socket = Optional.of(" "); }}.enabled());
        assertEquals(false, new ClamdScanner() {{ host = Optional.of(""); socket = Optional.empty(); }}.enabled());
    }
}
