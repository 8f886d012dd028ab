package org.methylstream.topology;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.methylstream.admin.GroupProgress;
import org.methylstream.admin.TopicAdmin;
import org.methylstream.avro.MethylationSite;
import org.methylstream.embedded.EmbeddedKafka;
import org.methylstream.format.SiteLine;
import org.methylstream.format.SiteReader;
import org.methylstream.naming.AnalysisNames;
import org.methylstream.producer.SitePublisher;
import org.methylstream.serde.AvroSerde;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.synthetic.SyntheticMethylome;

/**
 * Benchmark question 3: what does scoring cost inside Kafka Streams? Runs the scoring topology and a pass-through
 * topology (same broker, input topic, partitions, threads and Avro serde: it decodes each site and re-encodes
 * it, without scoring) over the same retained sites, alternately, and prints sites/s from RUNNING to lag 0.
 * Usage: TopologyThroughput SITES PARTITIONS ROUNDS
 */
public final class TopologyThroughput {
    private TopologyThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int sites = Integer.parseInt(args[0]);
        int partitions = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        Path dir = Files.createTempDirectory("topology-throughput");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, Map.of())) {
            Properties client = new Properties();
            client.put("bootstrap.servers", kafka.bootstrapServers());
            String input = "bench.sites";
            try (Admin admin = Admin.create(client)) {
                TopicAdmin.ensureSitesTopic(admin, input, partitions, TopicAdmin.CLUSTER_DEFAULT);
                for (String output : new String[] {"bench.copy", "bench.significant", "bench.dead-letters"}) {
                    TopicAdmin.ensure(admin, output, partitions, TopicAdmin.CLUSTER_DEFAULT, Map.of());
                }
            }
            publish(client, input, sites);
            TopologySettings settings = new TopologySettings(new AnalysisNames("bench", input,
                    "bench.significant", "bench.dead-letters", "bench"), ScoringParameters.DEFAULTS);
            double[][] rates = new double[2][rounds];
            for (int round = 0; round < rounds; round++) {
                rates[0][round] = drain(client, dir, "pass-" + round, passThrough(input, "bench.copy"), input);
                rates[1][round] = drain(client, dir, "score-" + round, SiteScoringTopology.build(settings), input);
                System.err.printf("round %d: pass-through %.0f sites/s, scoring %.0f sites/s%n", round + 1,
                        rates[0][round], rates[1][round]);
            }
            double[] best = {max(rates[0]), max(rates[1])};
            double[] median = {median(rates[0]), median(rates[1])};
            System.out.printf("| topology | sites/s, best of %d | median |%n|---|---:|---:|%n", rounds);
            System.out.printf("| pass-through (decode + re-encode) | %.0f | %.0f |%n", best[0], median[0]);
            System.out.printf("| scoring (decode, validate, score, count, encode significant) | %.0f | %.0f |%n",
                    best[1], median[1]);
            System.out.printf("%nscoring / pass-through = %.1f %% (best), %.1f %% (median)  (%d sites, %d partitions,"
                    + " 1 stream thread)%n", 100 * best[1] / best[0], 100 * median[1] / median[0], sites, partitions);
        }
    }

    private static double max(double[] values) {
        return java.util.Arrays.stream(values).max().orElseThrow();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void publish(Properties client, String topic, int sites) throws Exception {
        StringWriter text = new StringWriter();
        new SyntheticMethylome(sites, 1).writeTo(text);
        try (SitePublisher publisher = new SitePublisher(client, topic);
             SiteReader reader = new SiteReader("generated",
                     new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.US_ASCII)), null)) {
            SiteLine site = new SiteLine();
            while (reader.next(site)) {
                publisher.publish("bench", site);
            }
            publisher.flush();
        }
    }

    /** Sites per second from RUNNING until the application has committed past every input record. */
    private static double drain(Properties client, Path dir, String applicationId, Topology topology, String input)
            throws Exception {
        Properties config = new Properties();
        config.putAll(client);
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("streams").toString());
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        config.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        config.put(StreamsConfig.consumerPrefix("max.poll.records"), 5000);
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        long total;
        try (Admin admin = Admin.create(client)) {
            total = GroupProgress.recordCount(admin, input);
        }
        try (KafkaStreams streams = new KafkaStreams(topology, config); Admin admin = Admin.create(client)) {
            streams.start();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                Thread.sleep(10);
            }
            long started = System.nanoTime();
            while (GroupProgress.lag(admin, applicationId, input) > 0) {
                Thread.sleep(50);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            streams.close(Duration.ofSeconds(30));
            return total / seconds;
        }
    }

    private static Topology passThrough(String input, String output) {
        return new Topology()
                .addSource("sites", new StringDeserializer(), new ByteArrayDeserializer(), input)
                .addProcessor("copy", Copy::new, "sites")
                .addSink("copies", output, new StringSerializer(), new ByteArraySerializer(), "copy");
    }

    /** Decodes and re-encodes every site with the pipeline's serde: the pipeline minus scoring. */
    private static final class Copy implements Processor<String, byte[], String, byte[]> {
        private final AvroSerde<MethylationSite> serde = AvroSerde.methylationSite();
        private ProcessorContext<String, byte[]> context;

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, byte[]> record) {
            context.forward(record.withValue(serde.encode(serde.decode(record.value()))));
        }
    }
}
