package org.methylstream.topology;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts every valid site into its (sample, chromosome) statistics in the task's persistent store, which
 * interactive queries read ({@link ScoringApplication#statistics}). Counts add up over the sample's publications.
 */
final class SiteStatisticsProcessor implements Processor<String, SiteEvent, Void, Void> {
    private KeyValueStore<Bytes, byte[]> statistics;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        statistics = context.getStateStore(SiteScoringTopology.STATISTICS);
    }

    @Override
    public void process(Record<String, SiteEvent> record) {
        if (record.value() instanceof SiteEvent.Scored site) {
            Bytes key = SampleKeys.of(site.site().getSampleId(), site.site().getChromosome());
            byte[] before = statistics.get(key);
            ChromosomeStatistics counted = before == null ? ChromosomeStatistics.NONE
                    : ChromosomeStatistics.fromBytes(before);
            statistics.put(key, counted.plus(site).toBytes());
        }
    }
}
