package org.methylstream.producer;

import java.nio.file.Path;

/** The sample id a site is published under when the user does not name one: its file's name without extensions. */
public final class SampleNames {
    private SampleNames() {
    }

    /** {@code /data/liver_1.bismark.cov.gz} → {@code liver_1}; standard input → {@code stdin}. */
    public static String fromInput(String input) {
        if ("-".equals(input)) {
            return "stdin";
        }
        String name = Path.of(input).getFileName().toString();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
