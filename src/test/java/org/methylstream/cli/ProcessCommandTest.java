package org.methylstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.KafkaCluster;
import org.methylstream.MethylstreamProcess;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SignificantSite;
import org.methylstream.serde.AvroSerde;

@DisplayName("methylstream process as a service")
class ProcessCommandTest {
    private static final KafkaCluster KAFKA = KafkaCluster.shared();

    @TempDir
    Path dir;

    @RegisterExtension
    final MethylstreamProcess.Children children = new MethylstreamProcess.Children();

    @Test
    @DisplayName("keeps its --alive-file fresh while it scores, and on SIGTERM deletes it and exits 0")
    void aliveFileForHealthChecks() throws Exception {
        String input = KAFKA.createTopic("sites", 2);
        Path alive = dir.resolve("alive");
        MethylstreamProcess process = children.start(dir, "process",
                "--bootstrap-server", KAFKA.bootstrapServers(), "--state-dir", dir.resolve("state").toString(),
                "--input-topic", input, "--output-topic", input + ".significant", "--application-id", "app-" + input,
                "--alive-file", alive.toString());
        process.awaitThat("alive file", () -> Files.exists(alive), Duration.ofSeconds(60));
        MethylationSite site = MethylationSite.newBuilder().setSampleId("s").setChromosome("chr1").setPosition(7)
                .setMethylated(9).setUnmethylated(1).build();
        KAFKA.produce(List.of(new ProducerRecord<>(input, AvroSerde.methylationSite().encode(site))));
        SignificantSite result = AvroSerde.significantSite().decode(KAFKA.consume(input + ".significant", 1).get(0).value());
        assertEquals(site, result.getSite());

        assertEquals(0, process.terminate(Duration.ofSeconds(60)), process.stderr());
        assertFalse(Files.exists(alive), "a stopped processor is not alive");
    }
}
