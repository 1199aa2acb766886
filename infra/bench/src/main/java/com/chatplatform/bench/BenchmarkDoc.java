package com.chatplatform.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** docs/benchmarks.md, where each separate benchmark owns one "## ..." section. */
final class BenchmarkDoc {
    private BenchmarkDoc() {
    }

    /**
     * Writes {@code section} (which starts with {@code heading}) at the end of the file, replacing the earlier
     * section with that heading if there is one; the rest of the file is left as it is.
     */
    static void replaceSection(Path out, String heading, String section) throws IOException {
        String previous = Files.exists(out) ? Files.readString(out) : "# Benchmarks\n";
        int at = previous.indexOf(heading);
        String kept = previous;
        if (at >= 0) {
            int next = previous.indexOf("\n## ", at + heading.length());
            kept = previous.substring(0, at) + (next >= 0 ? previous.substring(next) : "");
        }
        Files.writeString(out, kept.stripTrailing() + "\n" + section);
    }
}
