package org.methylstream.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.methylstream.avro.PValueBin;
import org.methylstream.avro.SampleHistogram;
import org.methylstream.avro.SiteSpan;
import org.methylstream.serde.AvroSerde;
import org.methylstream.stats.PValueHistogram;

/**
 * Waits for a sample's histogram from every partition (they come keyed by sample, so all to this task), keeping
 * those that came in the task's persistent store; when the last one comes, forwards their merge, with every
 * partition's span, to {@link SiteScoringTopology#FDR_REQUESTS}: the sample is complete and the Benjamini-Hochberg
 * stage can take it. Histograms of an earlier publication of the sample still waiting are dropped.
 */
final class HistogramMergeProcessor implements Processor<String, byte[], String, byte[]> {
    private final AvroSerde<SampleHistogram> histograms = AvroSerde.sampleHistogram();
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<Bytes, byte[]> waiting;

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.waiting = context.getStateStore(SiteScoringTopology.FDR_PARTS);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        SampleHistogram part = histograms.decode(record.value());
        String sample = part.getSampleId();
        waiting.put(SampleKeys.of(sample, part.getSpans().get(0).getPartition()), record.value());
        List<SampleHistogram> parts = new ArrayList<>();
        List<Bytes> complete = new ArrayList<>();
        List<Bytes> stale = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> entries = waiting.prefixScan(SampleKeys.prefix(sample),
                Serdes.Bytes().serializer())) {
            while (entries.hasNext()) {
                KeyValue<Bytes, byte[]> entry = entries.next();
                SampleHistogram waitingPart = histograms.decode(entry.value);
                if (waitingPart.getPublishedAt().isBefore(part.getPublishedAt())) {
                    stale.add(entry.key); // a publication that never ended everywhere
                } else if (waitingPart.getPublishedAt().equals(part.getPublishedAt())) {
                    parts.add(waitingPart);
                    complete.add(entry.key);
                }
            }
        }
        stale.forEach(waiting::delete);
        if (parts.size() < part.getPartitions()) {
            return;
        }
        complete.forEach(waiting::delete);
        context.forward(record.withValue(histograms.encode(merge(parts))), SiteScoringTopology.FDR_REQUESTS);
    }

    private static SampleHistogram merge(List<SampleHistogram> parts) {
        List<PValueBin> bins = new ArrayList<>();
        List<SiteSpan> spans = new ArrayList<>();
        for (SampleHistogram part : parts) {
            bins.addAll(part.getBins());
            spans.addAll(part.getSpans());
        }
        spans.sort(Comparator.comparingInt(SiteSpan::getPartition));
        PValueHistogram merged = FdrRecords.histogramOf(bins);
        SampleHistogram first = parts.get(0);
        return new SampleHistogram(first.getSampleId(), first.getAnalysisId(), first.getPublishedAt(),
                first.getPartitions(), spans, merged.total(), FdrRecords.binsOf(merged.bins()), first.getControl());
    }
}
