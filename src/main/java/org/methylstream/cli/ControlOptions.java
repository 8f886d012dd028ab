package org.methylstream.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.methylstream.control.Control;
import org.methylstream.control.ErrorRate;
import org.methylstream.control.ErrorRateFile;
import org.methylstream.control.ErrorRateSettings;
import org.methylstream.format.InvalidSiteException;
import picocli.CommandLine.Option;

/** Where each sample's error rate comes from, shared by every command that scores or publishes samples. */
final class ControlOptions {
    @Option(names = "--control", paramLabel = "REGION",
            description = "CONTIG or CONTIG:START-END (1 based, inclusive): an unmethylated control, such as "
                    + "chrL for a lambda spike, chrM or chrC; repeatable. Each sample's error rate is its control "
                    + "sites' methylated reads over all their reads; those sites are not tested. Names match with or "
                    + "without a leading chr: chrL is also L.")
    List<String> control = new ArrayList<>();

    @Option(names = "--control-by", paramLabel = "sample|context",
            description = "sample: one rate from all control sites (default); context: one per CG, CHG, CHH.")
    String controlBy = "sample";

    @Option(names = "--error-rates", paramLabel = "FILE",
            description = "Known per-sample error rates, lines 'sample<TAB>rate'; they take precedence over "
                    + "--control and --error-rate for the samples named.")
    Path errorRates;

    @Option(names = "--min-control-coverage", paramLabel = "N",
            description = "A control with fewer reads is refused (default: ${DEFAULT-VALUE}).")
    long minControlCoverage = ErrorRateSettings.DEFAULT_MIN_CONTROL_COVERAGE;

    /** @param scoring the command's --error-rate, for samples without another source */
    ErrorRateSettings settings(ScoringOptions scoring) throws IOException, InvalidSiteException {
        return settings(new ErrorRate(scoring.parameters().errorRate(),
                scoring.errorRateGiven() ? ErrorRate.GIVEN : ErrorRate.DEFAULT, null));
    }

    ErrorRateSettings settings(ErrorRate given) throws IOException, InvalidSiteException {
        if (!controlBy.equals("sample") && !controlBy.equals("context")) {
            throw new CommandFailure("unknown --control-by '" + controlBy + "': use sample or context");
        }
        Map<String, Double> rates = errorRates == null ? Map.of() : ErrorRateFile.read(errorRates);
        try {
            return new ErrorRateSettings(given, rates, errorRates == null ? null : errorRates.toString(),
                    control.isEmpty() ? null : Control.parse(control), controlBy.equals("context"),
                    minControlCoverage);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        }
    }
}
