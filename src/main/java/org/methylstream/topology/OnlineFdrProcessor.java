package org.methylstream.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.methylstream.avro.FdrSite;
import org.methylstream.serde.AvroSerde;
import org.methylstream.stats.LordPlusPlus;

/**
 * Online FDR control with LORD++, for streams that need not end: each sample's tested sites are one stream of
 * tests per partition, decided in offset order at the partition's share of the level
 * ({@link FdrSettings#onlinePerPartition()}), with the procedure's state in the task's persistent store.
 * Discoveries go to {@link SiteScoringTopology#ONLINE_FDR}. A sample's end marker ends its stream: a later
 * publication of the sample is a new family of tests.
 */
final class OnlineFdrProcessor implements Processor<String, SiteEvent, String, byte[]> {
    private final TopologySettings settings;
    private final LordPlusPlus lord;
    private final AvroSerde<FdrSite> discoveries = AvroSerde.fdrSite();
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> streams;

    OnlineFdrProcessor(TopologySettings settings) {
        this.settings = settings;
        this.lord = new LordPlusPlus(settings.fdr().onlinePerPartition());
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.streams = context.getStateStore(SiteScoringTopology.ONLINE_STATES);
    }

    @Override
    public void process(Record<String, SiteEvent> record) {
        if (record.value() instanceof SiteEvent.Scored site && site.tested()) {
            String sample = site.site().getSampleId();
            byte[] before = streams.get(sample);
            LordPlusPlus.Decision decision = lord.test(before == null ? lord.start()
                    : LordPlusPlus.State.fromBytes(before), site.logP());
            streams.put(sample, decision.after().toBytes());
            if (decision.rejected()) {
                context.forward(new Record<>(record.key(), discoveries.encode(discovery(site, decision)),
                        record.timestamp()), SiteScoringTopology.ONLINE_FDR);
            }
        } else if (record.value() instanceof SiteEvent.Ended ended) {
            streams.delete(ended.end().getSampleId());
        }
    }

    private FdrSite discovery(SiteEvent.Scored site, LordPlusPlus.Decision decision) {
        return FdrRecords.lord(site.site(), site.logP(), decision.level(), settings.fdr().online(),
                decision.after().tests(), decision.after().rejections(), site.rate().scoring(), settings.analysisId(),
                site.rate().source());
    }
}
