package org.methylstream.control;

/**
 * The error rate a sample (or one context of it) is tested under, and where it comes from; every result carries both.
 *
 * @param value   per-read probability of a methylated call at an unmethylated C
 * @param source  {@code default}, {@code --error-rate}, {@code error-rates FILE}, or {@code control REGIONS} (with
 *                the context when estimated per context, e.g. {@code control chrL CHG})
 * @param control the control's counts when estimated from one, else null
 */
public record ErrorRate(double value, String source, ControlCounts control) {
    public static final String DEFAULT = "default";
    public static final String GIVEN = "--error-rate";

    /**
     * The rate of a sample whose control gives it, before the per-sample stage has estimated it at the sample's end:
     * not known yet (NaN), with the source saying when it will be.
     */
    public static ErrorRate atTheEnd(String controlRegions) {
        return new ErrorRate(Double.NaN, "control " + controlRegions + " (estimated at the sample's end)", null);
    }

    /** {@code 0.006 (default)}, {@code 0.00512 (control chrL: 1234 of 246000 reads ...)} */
    public String describe() {
        return value + " (" + source + (control == null ? "" : ": " + control.describe()) + ")";
    }
}
