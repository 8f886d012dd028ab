package org.methylstream.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.Await;
import org.methylstream.BrokerProcesses;
import org.methylstream.MethylstreamProcess;
import org.methylstream.avro.MethylationSite;
import org.methylstream.serde.AvroSerde;
import org.methylstream.synthetic.SyntheticMethylome;

/**
 * A broker of the three-broker cluster is SIGKILLed, sites are published while it is down, and it comes back on an
 * empty disk (same node id, a replaced disk): it fetches every replica from the others, and once the other two are
 * stopped, it alone serves every site, none lost, none twice. About 50-70 s on 2 shared cores.
 */
@DisplayName("a broker restarted with its data deleted")
class ReplacedDiskTest {
    private static final int SITES = 10_000;
    private static final int REPLACED = 2;
    private static final String TOPIC = "disk.sites";

    @TempDir
    Path dir;

    @RegisterExtension
    final MethylstreamProcess.Children children = new MethylstreamProcess.Children();

    @RegisterExtension
    final BrokerProcesses.Started clusters = new BrokerProcesses.Started();

    private BrokerProcesses cluster;

    @Test
    @Timeout(360)
    @DisplayName("catches up from the other replicas, and then alone holds every site published before and while it was down")
    void catchesUpAndNothingIsLost() throws Exception {
        cluster = clusters.start(dir.resolve("cluster"));
        publish("before", 5);
        assertEquals(Map.of(0, 3, 1, 3, 2, 3), replicaCounts(),
                "the cluster's default: every partition on all three brokers");

        cluster.kill(REPLACED);
        publish("while-down", 6);
        cluster.restartOnNewDisk(REPLACED);
        Await.until("broker " + REPLACED + " in sync on every partition again", Duration.ofSeconds(120),
                () -> cluster.inSyncReplicas(TOPIC).values().stream().allMatch(isr -> isr.contains(REPLACED)));

        for (int broker : BrokerProcesses.BROKERS) {
            if (broker != REPLACED) {
                cluster.stop(broker);
            }
        }
        Await.until("broker " + REPLACED + " leads every partition", Duration.ofSeconds(60),
                () -> cluster.leaders(TOPIC).values().stream().allMatch(leader -> leader == REPLACED));

        Map<String, Integer> copies = new HashMap<>();
        Map<String, Integer> sampleEnds = new HashMap<>();
        AvroSerde<MethylationSite> serde = AvroSerde.methylationSite();
        for (ConsumerRecord<byte[], byte[]> record : cluster.client().consumeAll(TOPIC)) {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            if (!key.contains(":")) {
                sampleEnds.merge(key, 1, Integer::sum); // a sample's end marker, keyed by the sample alone
                continue;
            }
            MethylationSite site = serde.decode(record.value());
            copies.merge(site.getSampleId() + ":" + site.getChromosome() + ":" + site.getPosition(), 1, Integer::sum);
        }
        assertEquals(2 * SITES, copies.size(), "every site of both samples, from the replaced disk alone");
        assertEquals(Set.of(1), Set.copyOf(copies.values()), "none twice");
        assertEquals(Map.of("before", 3, "while-down", 3), sampleEnds, "both samples marked complete on each partition");
    }

    private Map<Integer, Integer> replicaCounts() {
        Map<Integer, Integer> counts = new HashMap<>();
        cluster.replicas(TOPIC).forEach((partition, replicas) -> counts.put(partition, replicas.size()));
        return counts;
    }

    private void publish(String sample, long seed) throws Exception {
        Path file = dir.resolve(sample + ".tsv");
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            new SyntheticMethylome(SITES, seed).writeTo(writer);
        }
        MethylstreamProcess publish = children.start(dir, "publish", "--bootstrap-server", cluster.bootstrapServers(),
                "--topic", TOPIC, "--partitions", "3", "--sample", sample, "--state-dir",
                dir.resolve("publish").toString(), file.toString());
        assertEquals(0, publish.awaitExit(Duration.ofSeconds(180)), publish::stderr);
        assertEquals(true, publish.stderr().contains("publish: " + SITES + " sites published to " + TOPIC),
                publish::stderr);
    }
}
