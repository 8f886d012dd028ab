package org.methylstream.topology;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.methylstream.avro.SampleEnd;
import org.methylstream.avro.SampleHistogram;
import org.methylstream.avro.SiteSpan;
import org.methylstream.serde.AvroSerde;
import org.methylstream.stats.PValueHistogram;

/**
 * The first pass of per-sample Benjamini-Hochberg, as sites stream by: counts each tested site's p-value into its
 * sample's histogram bin in the task's persistent store, and remembers the offset of the sample's first site in
 * the partition. At the sample's end marker the partition's histogram and span go to
 * {@link SiteScoringTopology#HISTOGRAMS}, keyed by sample, and the sample's entries are removed: a later
 * publication of the sample starts afresh.
 */
final class FdrHistogramProcessor implements Processor<String, SiteEvent, String, byte[]> {
    private final TopologySettings settings;
    private final AvroSerde<SampleHistogram> histograms = AvroSerde.sampleHistogram();
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<Bytes, byte[]> bins;
    private KeyValueStore<String, Long> firstOffsets;
    /** Samples whose first offset is in the store: a site of a sample in progress costs no store read for it. */
    private final Set<String> started = new HashSet<>();

    FdrHistogramProcessor(TopologySettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.started.clear(); // a task's state may have been reset since
        this.bins = context.getStateStore(SiteScoringTopology.FDR_BINS);
        this.firstOffsets = context.getStateStore(SiteScoringTopology.FDR_SPANS);
    }

    @Override
    public void process(Record<String, SiteEvent> record) {
        if (record.value() instanceof SiteEvent.Scored site) {
            String sample = site.site().getSampleId();
            // a site scored later than its first record (a CpG strand that waited for its partner) may come first
            boolean delayed = site.offset() < context.recordMetadata().map(RecordMetadata::offset)
                    .orElse(site.offset());
            if (!started.contains(sample) || delayed) {
                Long first = firstOffsets.get(sample);
                if (first == null || site.offset() < first) {
                    firstOffsets.put(sample, site.offset());
                }
                started.add(sample);
            }
            if (site.tested()) {
                Bytes key = SampleKeys.of(sample, PValueHistogram.binOf(site.logP()));
                byte[] before = bins.get(key);
                PValueHistogram.Bin bin = before == null ? PValueHistogram.Bin.of(site.logP())
                        : BinBytes.read(key, before).plus(site.logP());
                bins.put(key, BinBytes.write(bin));
            }
        } else if (record.value() instanceof SiteEvent.Ended ended) {
            SampleEnd end = ended.end();
            List<PValueHistogram.Bin> counted = new ArrayList<>();
            List<Bytes> keys = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> entries = bins.prefixScan(SampleKeys.prefix(end.getSampleId()),
                    Serdes.Bytes().serializer())) {
                while (entries.hasNext()) {
                    KeyValue<Bytes, byte[]> entry = entries.next();
                    counted.add(BinBytes.read(entry.key, entry.value));
                    keys.add(entry.key);
                }
            }
            keys.forEach(bins::delete);
            PValueHistogram histogram = PValueHistogram.of(counted);
            Long first = firstOffsets.delete(end.getSampleId());
            started.remove(end.getSampleId());
            SiteSpan span = new SiteSpan(end.getPartition(), first == null ? ended.offset() : first, ended.offset());
            SampleHistogram part = new SampleHistogram(end.getSampleId(), settings.analysisId(),
                    end.getPublishedAt(), end.getPartitions(), List.of(span), histogram.total(),
                    FdrRecords.binsOf(histogram.bins()), ended.control());
            context.forward(new Record<>(end.getSampleId(), histograms.encode(part), record.timestamp()),
                    SiteScoringTopology.HISTOGRAMS);
        }
    }

    /** A bin as the store keeps it: count, smallest and largest ln p; the index is in the key. */
    static final class BinBytes {
        private BinBytes() {
        }

        static byte[] write(PValueHistogram.Bin bin) {
            return java.nio.ByteBuffer.allocate(Long.BYTES + 2 * Double.BYTES).putLong(bin.count())
                    .putDouble(bin.minLogP()).putDouble(bin.maxLogP()).array();
        }

        static PValueHistogram.Bin read(Bytes key, byte[] value) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(value);
            return new PValueHistogram.Bin(SampleKeys.intPartOf(key), buffer.getLong(), buffer.getDouble(),
                    buffer.getDouble());
        }
    }
}
