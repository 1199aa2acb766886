package com.chatplatform.api.platform;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.IOException;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A response whose client has already gone (closed or reset the connection before the answer was written) is
 * not a server error. Without this, Jersey logs each one at SEVERE with a stack trace of 80 to 110 lines ("An I/O
 * error has occurred while writing a response message entity", caused by "Connection is closed" or "Connection
 * reset by peer"): 275 of them for about a thousand requests abandoned mid-way in a test on 2026-12-07, noise that
 * hides real failures and trips alerts on SEVERE. Such a write is logged at FINE; any other write
 * failure is left to Jersey as before. The request itself was handled (and committed) either way.
 */
@Provider
public class ClientGoneWrites implements WriterInterceptor {
    private static final Logger LOG = Logger.getLogger(ClientGoneWrites.class.getName());

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        try {
            context.proceed();
        } catch (IOException | RuntimeException failure) {
            if (!clientGone(failure)) {
                throw failure;
            }
            LOG.log(Level.FINE, () -> "The client left before its answer was written: " + rootMessage(failure));
        }
    }

    /** True when the failure's cause chain has an I/O error that says the peer closed or reset the connection. */
    static boolean clientGone(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException && t.getMessage() != null) {
                String m = t.getMessage().toLowerCase(Locale.ROOT);
                if (m.contains("connection is closed") || m.contains("connection reset by peer") || m.contains("broken pipe")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
