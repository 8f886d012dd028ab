package org.methylstream.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.methylstream.dashboard.Page;
import org.methylstream.dashboard.Snapshot;

/**
 * A finished analysis as one self-contained HTML file: the dashboard's page with the chart library, its script
 * and the snapshot inlined, so it opens from disk with no network and no server.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    /** Writes the report of {@code snapshot} to {@code file}, which appears only when complete. */
    public static void write(Path file, Snapshot snapshot) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
        Files.writeString(partial, Page.selfContained(snapshot), StandardCharsets.UTF_8);
        Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
