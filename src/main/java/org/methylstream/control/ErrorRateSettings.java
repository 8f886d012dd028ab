package org.methylstream.control;

import java.util.EnumMap;
import java.util.Map;
import org.methylstream.format.SequenceContext;

/**
 * How each sample's error rate is chosen: a rate from {@code --error-rates} for the samples it names; otherwise,
 * with a control, the control's estimate (refused below {@code minControlCoverage} reads); otherwise the one given
 * rate. Control sites are never tested, whichever rate is used.
 *
 * @param given              {@code --error-rate}, or the default
 * @param fileRates          per-sample rates; empty without {@code --error-rates}
 * @param fileName           where they come from, for the records' source
 * @param control            the control's regions, or null
 * @param byContext          one estimate per context (CG, CHG, CHH) instead of one for all sites
 * @param minControlCoverage reads the control (each context's, with {@code byContext}) must have
 */
public record ErrorRateSettings(ErrorRate given, Map<String, Double> fileRates, String fileName, Control control,
                                boolean byContext, long minControlCoverage) {
    public static final long DEFAULT_MIN_CONTROL_COVERAGE = 10_000;

    public ErrorRateSettings {
        fileRates = Map.copyOf(fileRates);
        if (minControlCoverage < 1) {
            throw new IllegalArgumentException("--min-control-coverage must be at least 1, got " + minControlCoverage);
        }
        if (byContext && control == null) {
            throw new IllegalArgumentException("--control-by context needs --control");
        }
    }

    /** One rate for every sample. */
    public static ErrorRateSettings of(ErrorRate given) {
        return new ErrorRateSettings(given, Map.of(), null, null, false, DEFAULT_MIN_CONTROL_COVERAGE);
    }

    /** Whether the sample's rate comes from its control, so is known only once all its sites are read. */
    public boolean estimates(String sample) {
        return control != null && !fileRates.containsKey(sample);
    }

    /** The sample's rate when it does not come from a control. */
    public SampleRates known(String sample) {
        Double rate = fileRates.get(sample);
        return SampleRates.of(rate == null ? given : new ErrorRate(rate, "error-rates " + fileName, null));
    }

    /**
     * The sample's rates from its control's counts.
     *
     * @throws ControlRefused when the control (or a context of it) has too few reads
     */
    public SampleRates estimate(String sample, ControlTally tally) {
        ErrorRate pooled = estimate(sample, "control " + control, tally.pooled(), !byContext);
        if (!byContext) {
            return SampleRates.of(pooled);
        }
        Map<SequenceContext, ErrorRate> rates = new EnumMap<>(SequenceContext.class);
        tally.byContext().forEach((context, counts) ->
                rates.put(context, estimate(sample, "control " + control + " " + context, counts, true)));
        if (rates.isEmpty()) {
            throw new ControlRefused("sample " + sample + ": control " + control + " has no sites with a context"
                    + " (CG, CHG, CHH), which --control-by context needs: the input format must carry one");
        }
        return new SampleRates(pooled, rates);
    }

    private ErrorRate estimate(String sample, String source, ControlCounts counts, boolean checked) {
        if (checked && counts.coverage() < minControlCoverage) {
            throw new ControlRefused("sample " + sample + ": " + source + " has " + counts.coverage() + " reads at "
                    + counts.sites() + " sites, fewer than --min-control-coverage " + minControlCoverage
                    + ": too few to estimate the error rate (give it with --error-rate or --error-rates, or lower"
                    + " --min-control-coverage)");
        }
        double rate = counts.rate();
        if (!(rate > 0 && rate < 1)) {
            throw new ControlRefused("sample " + sample + ": " + source + " gives an error rate of " + rate + " ("
                    + counts.methylated() + " of " + counts.coverage() + " reads methylated); the test needs a rate"
                    + " strictly between 0 and 1");
        }
        return new ErrorRate(rate, source, counts);
    }

    /** A control that cannot give a rate: the sample is not scored. */
    public static final class ControlRefused extends RuntimeException {
        public ControlRefused(String message) {
            super(message);
        }
    }
}
