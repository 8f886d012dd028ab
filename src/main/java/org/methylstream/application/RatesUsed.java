package org.methylstream.application;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.methylstream.admin.TopicContents;
import org.methylstream.avro.EstimatedRate;
import org.methylstream.avro.SampleHistogram;
import org.methylstream.avro.SamplePartitionScored;
import org.methylstream.avro.SampleRateEstimated;
import org.methylstream.control.ControlCounts;
import org.methylstream.control.ErrorRate;
import org.methylstream.control.ErrorRateSettings;
import org.methylstream.control.SampleRates;
import org.methylstream.format.SequenceContext;
import org.methylstream.serde.AvroSerde;

/**
 * The error rate each sample of an analysis was tested under, as its samples topic records it: a known rate comes
 * with the sample's {@link SamplePartitionScored} records at its end, the rate its control gave with the per-sample
 * stage's {@link SampleRateEstimated} record once the stage has scored it. A sample without a record (its end has
 * not come) is taken to be tested as the analysis's settings say. What {@code stats} prints as each row's rate,
 * read from the topic by a running {@code process} ({@link #raw} hands them over) or by {@code stats} itself.
 */
public final class RatesUsed {
    /** The source prefix of a rate from a control, which the stream tasks never test under themselves. */
    private static final String CONTROL_SOURCE = "control ";

    private final AvroSerde<SamplePartitionScored> partitionsScored = AvroSerde.samplePartitionScored();
    private final AvroSerde<SampleRateEstimated> ratesEstimated = AvroSerde.sampleRateEstimated();
    private final Map<String, Recorded> samples = new HashMap<>();

    /**
     * What the latest publication of a sample was tested under.
     *
     * @param publishedAt its end's {@code SampleEnd.publishedAt}
     * @param estimated   whether the stage's record says it; a stream task's record is then older news
     */
    private record Recorded(long publishedAt, SampleRates rates, boolean estimated) {
    }

    /** The rates {@code samplesTopic} records (read committed, in no group); none when it does not exist. */
    public static RatesUsed read(Properties client, String samplesTopic, Duration timeout) {
        RatesUsed rates = new RatesUsed();
        TopicContents.read(client, samplesTopic, timeout, record -> rates.add(record.value()));
        return rates;
    }

    /**
     * Takes what a record of the samples topic says of its sample's rate. A later publication of the sample replaces
     * an earlier one's, and for one publication the stage's estimate replaces the tasks' word that it will come,
     * whichever of the two is read first.
     */
    public void add(byte[] value) {
        if (ratesEstimated.recognises(value)) {
            SampleRateEstimated record = ratesEstimated.decode(value);
            take(record.getSampleId(), new Recorded(record.getPublishedAt().toEpochMilli(), rates(record), true));
        } else if (partitionsScored.recognises(value)) {
            SamplePartitionScored record = partitionsScored.decode(value);
            String source = record.getErrorRateSource();
            // a control's source here means the stage has not estimated it yet: the value is the analysis's one rate
            ErrorRate rate = new ErrorRate(source.startsWith(CONTROL_SOURCE) ? Double.NaN : record.getErrorRate(),
                    source, null);
            take(record.getEnd().getSampleId(), new Recorded(record.getEnd().getPublishedAt().toEpochMilli(),
                    SampleRates.of(rate), false));
        }
    }

    private void take(String sample, Recorded recorded) {
        samples.merge(sample, recorded, (before, now) -> now.publishedAt() > before.publishedAt()
                || now.publishedAt() == before.publishedAt() && now.estimated() ? now : before);
    }

    /**
     * The rate the sample's sites of {@code context} (a statistics row's: CG, CHG, CHH, a motif, {@code .} or a
     * total's {@code *}) were tested under, as {@code settings} say for a sample without a record; NaN while it is
     * not known, the source saying why.
     */
    public ErrorRate of(String sample, String context, ErrorRateSettings settings) {
        Recorded recorded = samples.get(sample);
        if (recorded == null) {
            return settings.estimates(sample) ? ErrorRate.atTheEnd(settings.control().toString())
                    : settings.known(sample).pooled();
        }
        SampleRates rates = recorded.rates();
        SequenceContext of = SequenceContext.of(context);
        if (!rates.perContext() || of == null) {
            return rates.pooled(); // one rate for all, or a total over contexts: the pooled control's
        }
        ErrorRate rate = rates.byContext().get(of);
        return rate != null ? rate : new ErrorRate(Double.NaN, rates.pooled().source() + " " + of
                + ": none, the control has no such sites (not tested)", null);
    }

    /**
     * The recorded rates as lines of text, names URL-encoded so that any character survives: per sample, its name,
     * publication and whether the stage estimated them, then its pooled rate and source, then those of each
     * context. The control's counts stay behind.
     */
    public String raw() {
        StringBuilder text = new StringBuilder();
        samples.forEach((sample, recorded) -> {
            text.append(encode(sample)).append('\t').append(recorded.publishedAt()).append('\t')
                    .append(recorded.estimated()).append('\t').append(raw(recorded.rates().pooled()));
            recorded.rates().byContext().forEach((context, rate) -> text.append('\t').append(context.name())
                    .append('\t').append(raw(rate)));
            text.append('\n');
        });
        return text.toString();
    }

    /** What {@link #raw} wrote. */
    public static RatesUsed parseRaw(String text) {
        RatesUsed rates = new RatesUsed();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t");
            Map<SequenceContext, ErrorRate> byContext = new EnumMap<>(SequenceContext.class);
            for (int i = 5; i + 2 < f.length; i += 3) {
                byContext.put(SequenceContext.valueOf(f[i]), parsedRate(f[i + 1], f[i + 2]));
            }
            rates.samples.put(decode(f[0]), new Recorded(Long.parseLong(f[1]),
                    new SampleRates(parsedRate(f[3], f[4]), byContext), Boolean.parseBoolean(f[2])));
        }
        return rates;
    }

    private static String raw(ErrorRate rate) {
        return rate.value() + "\t" + encode(rate.source());
    }

    private static ErrorRate parsedRate(String value, String source) {
        return new ErrorRate(Double.parseDouble(value), decode(source), null);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /**
     * The record of a sample the stage scored at its control's rates.
     *
     * @param request the stage's request for the sample: which publication
     */
    static SampleRateEstimated record(SampleHistogram request, String analysisId, SampleRates rates, long tested,
                                      long significant) {
        Map<String, EstimatedRate> byContext = new HashMap<>();
        rates.byContext().forEach((context, rate) -> byContext.put(context.name(), record(rate)));
        return SampleRateEstimated.newBuilder().setSampleId(request.getSampleId()).setAnalysisId(analysisId)
                .setPublishedAt(request.getPublishedAt()).setRate(record(rates.pooled())).setByContext(byContext)
                .setSitesTested(tested).setSitesSignificant(significant).build();
    }

    private static EstimatedRate record(ErrorRate rate) {
        ControlCounts control = rate.control();
        return new EstimatedRate(rate.value(), rate.source(), control.sites(), control.methylated(),
                control.coverage());
    }

    private static SampleRates rates(SampleRateEstimated record) {
        Map<SequenceContext, ErrorRate> byContext = new EnumMap<>(SequenceContext.class);
        record.getByContext().forEach((context, rate) -> byContext.put(SequenceContext.valueOf(context), rate(rate)));
        return new SampleRates(rate(record.getRate()), byContext);
    }

    private static ErrorRate rate(EstimatedRate rate) {
        return new ErrorRate(rate.getErrorRate(), rate.getErrorRateSource(), new ControlCounts(rate.getControlSites(),
                rate.getControlMethylated(), rate.getControlCoverage()));
    }
}
