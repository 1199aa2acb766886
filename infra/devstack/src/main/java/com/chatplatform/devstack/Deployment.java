package com.chatplatform.devstack;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One WAR to deploy on Payara Micro at a context root such as {@code /api}.
 *
 * @param war         the WAR file
 * @param contextRoot the context root, starting with '/'
 */
public record Deployment(Path war, String contextRoot) {

    public Deployment {
        Objects.requireNonNull(war, "war");
        Objects.requireNonNull(contextRoot, "contextRoot");
        if (!contextRoot.startsWith("/") || contextRoot.contains(":") || contextRoot.isBlank()) {
            throw new IllegalArgumentException("A context root starts with '/' and has no ':': " + contextRoot);
        }
    }

    /** The argument of {@code --deploy}: {@code /path/app.war:/ctx}. */
    String deployArgument() {
        return war.toAbsolutePath().normalize() + ":" + contextRoot;
    }
}
