package org.methylstream.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.methylstream.access.ClusterProbe;
import org.methylstream.embedded.ClientConfigFile;
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

    /** {@code --verbose}: Kafka's log lines on the terminal too. */
    boolean verbose() {
        return state.verbose;
    }

    /** The cluster these options name, or the state directory's broker, not yet asked anything. */
    KafkaConnection resolve() {
        try {
            return KafkaConnection.open(bootstrapServers, clientConfig, state.path());
        } catch (IOException e) {
            throw new CommandFailure(e.getMessage());
        }
    }

    /**
     * The caller closes it: that stops the broker when this command started one. A cluster the user named is probed
     * first, so that a wrong address, protocol or credential fails the command within seconds, saying which.
     */
    KafkaConnection connect() {
        KafkaConnection connection = resolve();
        connection.clientConfig().flatMap(ClientConfigFile::exposure)
                .ifPresent(warning -> System.err.println("methylstream: warning: " + warning));
        if (connection.origin() == KafkaConnection.Origin.GIVEN) {
            try {
                ClusterProbe.check(connection.clientProperties(), ClusterProbe.TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandFailure("interrupted while connecting to " + connection.bootstrapServers());
            }
        }
        return connection;
    }
}
