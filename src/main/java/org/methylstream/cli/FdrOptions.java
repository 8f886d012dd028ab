package org.methylstream.cli;

import org.methylstream.stats.FdrScope;
import org.methylstream.stats.FdrTests;
import picocli.CommandLine.Option;

/** How Benjamini–Hochberg groups and counts its tests, shared by every command with --fdr. */
final class FdrOptions {
    @Option(names = "--fdr-by", paramLabel = "sample|context", converter = ScopeConverter.class,
            description = "sample: BH over all of a sample's tests (default); context: over each CG, CHG, CHH of "
                    + "a sample apart, as methylpy corrects (the format must carry the context).")
    FdrScope by = FdrScope.SAMPLE;

    @Option(names = "--fdr-tests", paramLabel = "all|methylated", converter = TestsConverter.class,
            description = "all: every tested site is one of BH's m tests (default); methylated: only sites with a "
                    + "methylated read, as methylpy counts (a site with none has p = 1).")
    FdrTests tests = FdrTests.ALL;

    static final class ScopeConverter implements picocli.CommandLine.ITypeConverter<FdrScope> {
        @Override
        public FdrScope convert(String value) {
            return FdrScope.fromId(value);
        }
    }

    static final class TestsConverter implements picocli.CommandLine.ITypeConverter<FdrTests> {
        @Override
        public FdrTests convert(String value) {
            return FdrTests.fromId(value);
        }
    }
}
