package org.methylstream.topology;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.methylstream.application.ScoringApplication;

/**
 * The Streams configuration the application runs with, for {@code TopologyTestDriver} tests, as Kafka's
 * {@code WordCountDemoTest} drives its topology with {@code WordCountDemo}'s: a test of the topology then also
 * covers the settings it meets in production (exactly once or not, caching, the exception handlers).
 */
final class ProductionConfig {
    private ProductionConfig() {
    }

    static Properties of(String applicationId, boolean exactlyOnce, Path stateDir) {
        Properties client = new Properties();
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092"); // the test driver connects nowhere
        return ScoringApplication.streamsConfig(client, applicationId, 1, exactlyOnce, stateDir);
    }
}
