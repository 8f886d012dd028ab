package org.methylstream.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.methylstream.embedded.KafkaConnection;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which Kafka cluster to use, shared by every command that talks to Kafka. */
final class KafkaOptions {
    @Option(names = "--bootstrap-server", paramLabel = "BROKERS",
            description = "Kafka cluster to use, as HOST:PORT[,HOST:PORT...]. Without it: the broker already running for the state directory "
                    + "(see 'methylstream broker'), else one started in-process for this command.")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties (SASL, TLS, ...) added to every client; "
                    + "a bootstrap.servers in it counts as --bootstrap-server.")
    Path clientConfig;

    @Mixin
    StateDirOption state;

    /** Local state (Kafka Streams stores, Connect offsets) lives below this. */
    Path stateDir() {
        return state.path();
    }

    /** The caller closes it: that stops the broker when this command started one. */
    KafkaConnection connect() {
        try {
            return KafkaConnection.open(bootstrapServers, clientConfig, state.path());
        } catch (IOException e) {
            throw new CommandFailure(e.getMessage());
        }
    }
}
