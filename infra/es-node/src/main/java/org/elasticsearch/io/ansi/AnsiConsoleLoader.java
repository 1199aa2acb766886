package org.elasticsearch.io.ansi;

import java.util.function.Supplier;

/**
 * Elasticsearch loads a class of this name from {@code lib/tools/ansi-console/} to decorate its console. This node
 * runs without a terminal (stdout goes to a log file), so there is no console: the loader supplies null.
 */
public final class AnsiConsoleLoader implements Supplier<Object> {

    public AnsiConsoleLoader() {
    }

    @Override
    public Object get() {
        return null;
    }
}
