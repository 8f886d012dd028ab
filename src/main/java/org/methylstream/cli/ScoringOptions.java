package org.methylstream.cli;

import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.TestKind;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options that choose the test, shared by every command that scores. */
final class ScoringOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--test", paramLabel = "upper|pmf|two-sided", converter = TestKindConverter.class,
            description = "upper: P(X >= methylated), the default; pmf: the seed script's point probability; "
                    + "two-sided: as binom.test in R.")
    TestKind test = TestKind.UPPER;

    @Option(names = "--error-rate", paramLabel = "P",
            description = "Per-read probability of a methylated call at an unmethylated C (default: ${DEFAULT-VALUE}).")
    double errorRate = ScoringParameters.DEFAULT_ERROR_RATE;

    @Option(names = "--alpha", paramLabel = "A", description = "A site is significant when p < A (default: ${DEFAULT-VALUE}).")
    double alpha = ScoringParameters.DEFAULT_ALPHA;

    @Option(names = "--min-coverage", paramLabel = "N",
            description = "Sites with fewer reads are not tested (default: ${DEFAULT-VALUE}).")
    int minCoverage = ScoringParameters.DEFAULT_MIN_COVERAGE;

    ScoringParameters parameters() {
        try {
            return new ScoringParameters(test, errorRate, alpha, minCoverage);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Whether --error-rate was given, rather than left at its default. */
    boolean errorRateGiven() {
        return spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption("--error-rate");
    }

    static final class TestKindConverter implements picocli.CommandLine.ITypeConverter<TestKind> {
        @Override
        public TestKind convert(String value) {
            return TestKind.fromId(value);
        }
    }
}
