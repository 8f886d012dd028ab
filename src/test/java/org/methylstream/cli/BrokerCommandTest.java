package org.methylstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.methylstream.KafkaCluster;
import org.methylstream.MethylstreamProcess;
import org.methylstream.embedded.KafkaConnection;
import org.methylstream.embedded.KafkaConnection.Origin;
import org.methylstream.embedded.StateDirectory;
import picocli.CommandLine;

/** {@code methylstream broker} in a process of its own, as a user runs it in another terminal. */
class BrokerCommandTest {
    private static final int CLEAN_EXIT = 0;

    @TempDir
    Path stateDir;

    private Process broker;

    @AfterEach
    void stopBroker() throws InterruptedException {
        if (broker != null && broker.isAlive()) {
            broker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void commandsOfOtherProcessesShareTheBrokerUntilItIsStopped() throws Exception {
        broker = new ProcessBuilder(MethylstreamProcess.command("broker", "--state-dir", stateDir.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String address = firstLine(broker);
        assertTrue(address.startsWith("127.0.0.1:"), address);

        try (KafkaConnection connection = KafkaConnection.open(null, null, stateDir)) {
            assertEquals(Origin.SHARED, connection.origin());
            assertEquals(address, connection.bootstrapServers());
            KafkaCluster cluster = KafkaCluster.at(connection.bootstrapServers());
            String topic = cluster.createTopic("from-another-terminal", 1);
            cluster.produce(List.of(KafkaCluster.record(topic, "chr1:9", "shared")));
            assertEquals(List.of("shared"), KafkaCluster.values(cluster.consume(topic, 1)));
        }

        StringWriter err = new StringWriter();
        CommandLine second = Methylstream.commandLine().setErr(new PrintWriter(err));
        assertEquals(1, second.execute("broker", "--state-dir", stateDir.toString()));
        assertTrue(err.toString().contains("already runs at " + address), err.toString());

        broker.destroy();
        assertTrue(broker.waitFor(30, TimeUnit.SECONDS), "broker did not stop on SIGTERM");
        assertEquals(CLEAN_EXIT, broker.exitValue(), "SIGTERM is a request to stop, answered with a clean exit");
        assertFalse(Files.exists(stateDir.resolve("kafka.address")), "a clean stop unpublishes the address");
        assertTrue(new StateDirectory(stateDir).sharedBroker().isEmpty());
    }

    private static String firstLine(Process process) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null) {
            throw new AssertionError("the broker ended without printing its address, exit " + process.exitValue());
        }
        return line.strip();
    }
}
