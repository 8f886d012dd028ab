package org.methylstream.report;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.methylstream.admin.TopicContents;
import org.methylstream.avro.FdrSite;
import org.methylstream.dashboard.Snapshot.FdrView;
import org.methylstream.serde.AvroSerde;

/**
 * Each sample's discoveries in a Benjamini-Hochberg FdrSite topic, for a report: read to the topic's end; every
 * record carries its sample's number of discoveries, so nothing but the last record per sample is kept.
 */
public final class FdrResults {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private FdrResults() {
    }

    /** Per sample with discoveries: the procedure, its level, the sample's tests and its discoveries. */
    public static Map<String, FdrView> read(Properties client, String topic) {
        AvroSerde<FdrSite> serde = AvroSerde.fdrSite();
        Map<String, FdrSite> last = new HashMap<>();
        TopicContents.read(client, topic, TIMEOUT, record -> {
            FdrSite site = serde.decode(record.value());
            last.put(site.getSite().getSampleId(), site);
        });
        Map<String, FdrView> results = new HashMap<>();
        last.forEach((sample, site) -> results.put(sample, new FdrView(site.getProcedure(), site.getFdr(),
                site.getTests(), site.getDiscoveries())));
        return results;
    }
}
