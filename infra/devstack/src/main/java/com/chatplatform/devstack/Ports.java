package com.chatplatform.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Local TCP ports on 127.0.0.1, for services started by tests and by {@code ./chat up}. */
public final class Ports {

    private Ports() {
    }

    /** True if a server socket can be bound to {@code 127.0.0.1:port} right now. */
    public static boolean isFree(int port) {
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("Port " + port + " is outside 1..65535.");
        }
        try (ServerSocket socket = new ServerSocket()) {
            // SO_REUSEADDR like the servers themselves (netty, Grizzly): connections left in TIME_WAIT do not make a
            // port look taken, a listening socket (on 127.0.0.1 or on the wildcard address) does.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A port that was free on 127.0.0.1 a moment ago (chosen by the OS from its ephemeral range). Another process
     * may still take it before the caller binds it: services report a taken port with a clear message.
     */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free port on 127.0.0.1.", e);
        }
    }
}
