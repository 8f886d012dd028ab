package org.methylstream.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.Await;
import org.methylstream.KafkaCluster;
import org.methylstream.avro.FdrSite;
import org.methylstream.format.SiteLine;
import org.methylstream.format.SiteReader;
import org.methylstream.naming.AnalysisNames;
import org.methylstream.producer.SitePublisher;
import org.methylstream.serde.AvroSerde;
import org.methylstream.stats.ScoringParameters;
import org.methylstream.stats.SiteScorer;
import org.methylstream.stats.TextbookBh;
import org.methylstream.synthetic.SyntheticMethylome;
import org.methylstream.topology.FdrRecords;
import org.methylstream.topology.FdrSettings;
import org.methylstream.topology.TopologySettings;

@DisplayName("Per-sample Benjamini-Hochberg on a real broker")
class BenjaminiHochbergStageTest {
    private static final KafkaCluster KAFKA = KafkaCluster.shared();
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    /**
     * A sample's tested sites as published, kept lean (a million of them share the test JVM with the broker): the
     * ln p and the key's hash of each.
     */
    private static final class Published {
        private double[] logP = new double[1 << 20];
        private int[] keyHash = new int[1 << 20];
        private int size;

        void add(String key, double p) {
            if (size == logP.length) {
                logP = Arrays.copyOf(logP, 2 * size);
                keyHash = Arrays.copyOf(keyHash, 2 * size);
            }
            logP[size] = p;
            keyHash[size++] = key.hashCode();
        }

        /** What the textbook computation says the FDR topic must hold for this sample. */
        Expected expected(double fdr) {
            double[] logQ = TextbookBh.logQValues(Arrays.copyOf(logP, size), fdr);
            Expected expected = new Expected(size);
            for (int i = 0; i < size; i++) {
                if (!Double.isNaN(logQ[i])) {
                    expected.add(keyHash[i], SiteScorer.minusLog10(logP[i]), Math.exp(logQ[i]));
                }
            }
            return expected;
        }
    }

    /**
     * Discoveries summarised so that two sets of them compare exactly in little memory: q is a function of p, so
     * per distinct p-value the q-value and the number of sites, plus the sum of the sites' key hashes (a site
     * missing and another reported twice would not leave it unchanged).
     */
    private record Expected(long tests, Map<Double, Double> qByMinusLog10P, Map<Double, Long> sitesByMinusLog10P,
                            long[] keyHashSum) {
        Expected(long tests) {
            this(tests, new HashMap<>(), new HashMap<>(), new long[1]);
        }

        void add(int keyHash, double minusLog10P, double q) {
            Double before = qByMinusLog10P.put(minusLog10P, q);
            assertTrue(before == null || before == q, "one q-value per p-value");
            sitesByMinusLog10P.merge(minusLog10P, 1L, Long::sum);
            keyHashSum[0] += keyHash;
        }

        long discoveries() {
            return sitesByMinusLog10P.values().stream().mapToLong(Long::longValue).sum();
        }

        void assertSame(Expected actual) {
            assertEquals(qByMinusLog10P, actual.qByMinusLog10P, "the same q-values, to the last bit");
            assertEquals(sitesByMinusLog10P, actual.sitesByMinusLog10P, "the same number of sites per p-value");
            assertEquals(keyHashSum[0], actual.keyHashSum[0], "the same sites");
        }
    }

    @Test
    @DisplayName("a million-site sample, interleaved with another: q-values and discoveries equal the textbook's")
    void millionSites() throws Exception {
        String input = KAFKA.createTopic("bh-sites", 3);
        ScoringParameters scoring = ScoringParameters.DEFAULTS;
        TopologySettings settings = new TopologySettings(new AnalysisNames("bh-test", input,
                input + ".significant", input + ".dead-letters", "bh-" + input), scoring).withFdr(new FdrSettings(0.01, 0, 1));
        Path file = dir.resolve("big.tsv");
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            new SyntheticMethylome(1_000_000, 21).writeTo(writer);
        }
        SiteScorer scorer = new SiteScorer(scoring);
        Map<String, Published> published = Map.of("big", new Published(), "small", new Published());
        long started = System.nanoTime();
        try (ScoringApplication app = KAFKA.scoringApplication(settings, 2, false, dir.resolve("state"))) {
            app.start(TIMEOUT);
            try (SitePublisher publisher = new SitePublisher(KAFKA.clientProperties(), input);
                 InputStream in = Files.newInputStream(file);
                 SiteReader reader = new SiteReader(file.toString(), in, null)) {
                SiteLine site = new SiteLine();
                for (long line = 0; reader.next(site); line++) {
                    // every 500th site goes to a second sample, published at the same time
                    String sample = line % 500 == 0 ? "small" : "big";
                    publisher.publish(sample, site);
                    if (scorer.isTested(site.coverage())) {
                        published.get(sample).add(sample + ":" + site.chromosome() + ":" + site.position(),
                                scorer.logPValue(site.methylated(), site.coverage()));
                    }
                }
                publisher.endSample("big");
                publisher.endSample("small");
            }
            Await.until("both samples' FDR is done", TIMEOUT, () -> app.fdrSamplesDone() == 2,
                    () -> app.failure() == null ? null : "the application failed: " + app.failure());
        }
        System.err.printf("a million sites published, scored and BH-adjusted in %.1f s%n",
                (System.nanoTime() - started) / 1e9);

        Map<String, Expected> found = Map.of("big", new Expected(published.get("big").size),
                "small", new Expected(published.get("small").size));
        AvroSerde<FdrSite> discoveries = AvroSerde.fdrSite();
        KAFKA.readAll(settings.fdrTopic(), record -> {
            FdrSite site = discoveries.decode(record.value());
            Expected sample = found.get(site.getSite().getSampleId());
            assertEquals(sample.tests(), site.getTests(), "m");
            assertEquals(FdrRecords.BH, site.getProcedure());
            assertEquals(0.01, site.getFdr());
            sample.add(new String(record.key(), StandardCharsets.UTF_8).hashCode(), site.getMinusLog10PValue(),
                    site.getQValue());
        });
        for (String sample : List.of("big", "small")) {
            Expected expected = published.get(sample).expected(0.01);
            expected.assertSame(found.get(sample));
            assertTrue(expected.discoveries() > (sample.equals("big") ? 100_000 : 100), "discoveries of " + sample);
        }
    }
}
