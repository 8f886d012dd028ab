package org.methylstream.control;

import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.methylstream.format.SequenceContext;

/**
 * The error rate of each site of a sample: one for all of it, or one per context ({@code --control-by context}).
 *
 * @param pooled    the sample's rate; with per-context rates, the pooled control's (reported, not used)
 * @param byContext the rate of each context, empty when one rate serves every site
 */
public record SampleRates(ErrorRate pooled, Map<SequenceContext, ErrorRate> byContext) {
    public SampleRates {
        byContext = byContext.isEmpty() ? Map.of() : new EnumMap<>(byContext);
    }

    public static SampleRates of(ErrorRate rate) {
        return new SampleRates(rate, Map.of());
    }

    public boolean perContext() {
        return !byContext.isEmpty();
    }

    /**
     * The rate a site of this context is tested under.
     *
     * @throws IllegalArgumentException a context the per-context rates do not have
     */
    public ErrorRate of(SequenceContext context) {
        if (byContext.isEmpty()) {
            return pooled;
        }
        ErrorRate rate = context == null ? null : byContext.get(context);
        if (rate == null) {
            throw new IllegalArgumentException("no error rate for context " + context + ": the control has "
                    + (byContext.isEmpty() ? "none" : "only " + byContext.keySet()) + " (--control-by context)");
        }
        return rate;
    }

    /** For summaries: {@code 0.0051 (control chrL: ...)} or one such per context. */
    public String describe() {
        if (byContext.isEmpty()) {
            return pooled.describe();
        }
        return byContext.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().describe())
                .collect(Collectors.joining("; "));
    }
}
