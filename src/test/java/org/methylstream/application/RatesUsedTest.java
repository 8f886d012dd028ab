package org.methylstream.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.methylstream.avro.SampleEnd;
import org.methylstream.avro.SampleHistogram;
import org.methylstream.avro.SamplePartitionScored;
import org.methylstream.control.ControlCounts;
import org.methylstream.control.ErrorRate;
import org.methylstream.control.ErrorRateSettings;
import org.methylstream.control.SampleRates;
import org.methylstream.format.SequenceContext;
import org.methylstream.serde.AvroSerde;

@DisplayName("The rates the samples topic records")
class RatesUsedTest {
    private static final ErrorRateSettings GIVEN = ErrorRateSettings.of(new ErrorRate(0.006, "default", null));
    private static final SampleRates ESTIMATED = new SampleRates(rate(0.005, "control chrL"),
            Map.of(SequenceContext.CG, rate(0.004, "control chrL CG"), SequenceContext.CHH, rate(0.007,
                    "control chrL CHH")));

    private static ErrorRate rate(double value, String source) {
        return new ErrorRate(value, source, new ControlCounts(10, 1, (long) (1 / value)));
    }

    /** A stream task's record of the sample's end published at {@code publishedAt}. */
    private static byte[] scored(String sample, long publishedAt, double rate, String source) {
        SampleEnd end = SampleEnd.newBuilder().setSampleId(sample).setPartition(0).setPartitionSites(1)
                .setTotalSites(1).setPartitions(1).setPublishedAt(Instant.ofEpochMilli(publishedAt)).build();
        return AvroSerde.samplePartitionScored().encode(SamplePartitionScored.newBuilder().setEnd(end)
                .setAnalysisId("a").setSitesRead(1).setSitesTested(1).setSitesSignificant(0).setTest("upper")
                .setErrorRate(rate).setAlpha(1e-5).setMinCoverage(1).setErrorRateSource(source).build());
    }

    /** The per-sample stage's record of the sample's rates, for its end published at {@code publishedAt}. */
    private static byte[] estimated(String sample, long publishedAt) {
        SampleHistogram request = SampleHistogram.newBuilder().setSampleId(sample).setAnalysisId("a")
                .setPublishedAt(Instant.ofEpochMilli(publishedAt)).setPartitions(1).setSpans(List.of()).setTested(0)
                .setBins(List.of()).build();
        return AvroSerde.sampleRateEstimated().encode(RatesUsed.record(request, "a", ESTIMATED, 5, 2));
    }

    private static String columns(RatesUsed rates, String sample, String context) {
        ErrorRate rate = rates.of(sample, context, GIVEN);
        return rate.value() + " " + rate.source();
    }

    @Test
    @DisplayName("a controlled sample's rates once the stage has them, whichever of the records is read first; the"
            + " settings' rate for a sample without records; a later publication's records replace them")
    void latestPublication() {
        String pending = ErrorRate.atTheEnd("chrL").source();
        for (boolean stageFirst : new boolean[] {false, true}) {
            RatesUsed rates = new RatesUsed();
            List<byte[]> records = stageFirst ? List.of(estimated("liver", 100), scored("liver", 100, 0.006, pending))
                    : List.of(scored("liver", 100, 0.006, pending), estimated("liver", 100));
            records.forEach(rates::add);
            assertEquals("0.004 control chrL CG", columns(rates, "liver", "CG"));
            assertEquals("0.007 control chrL CHH", columns(rates, "liver", "CHH"));
            assertEquals("0.005 control chrL", columns(rates, "liver", StatisticsTable.TOTAL), "the pooled rate");
            assertEquals("NaN control chrL CHG: none, the control has no such sites (not tested)",
                    columns(rates, "liver", "CHG"));
            assertEquals("0.006 default", columns(rates, "brain", "CG"), "no record: as the settings say");

            rates.add(scored("liver", 200, 0.006, pending));
            assertEquals("NaN " + pending, columns(rates, "liver", "CG"), "published again, not estimated yet");
            rates.add(scored("liver", 300, 0.01, "error-rates rates.tsv"));
            assertEquals("0.01 error-rates rates.tsv", columns(rates, "liver", "CG"));
            rates.add(estimated("liver", 100));
            assertEquals("0.01 error-rates rates.tsv", columns(rates, "liver", "CG"), "an older publication's");
        }
    }

    @Test
    @DisplayName("raw lines, as process hands them to stats, keep every sample's rates and sources")
    void rawRoundTrip() {
        RatesUsed rates = new RatesUsed();
        rates.add(estimated("a b\t?", 100));
        rates.add(scored("brain", 100, 0.02, "error-rates my rates.tsv"));
        RatesUsed parsed = RatesUsed.parseRaw(rates.raw());
        for (String sample : List.of("a b\t?", "brain", "other")) {
            for (String context : List.of("CG", "CHG", "CHH", ".", StatisticsTable.TOTAL)) {
                assertEquals(columns(rates, sample, context), columns(parsed, sample, context), sample + " " + context);
            }
        }
    }
}
