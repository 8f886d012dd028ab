package org.methylstream.embedded;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The Kafka cluster a command works against, found in this order: the one given ({@code --bootstrap-server}, or a
 * {@code bootstrap.servers} in the client config file); the broker another methylstream process already runs for
 * the state directory; else a broker started in this JVM on {@code <state-dir>/kafka} for as long as the connection
 * is open. The client config file's settings go into every client, whichever cluster it is.
 */
public final class KafkaConnection implements AutoCloseable {
    // how long to wait for a broker that another process is starting (or stopping) for the same state directory
    private static final Duration WAIT_FOR_OTHER_HOLDER = Duration.ofSeconds(30);
    private static final long POLL_MS = 200;

    /** Where the cluster came from. */
    public enum Origin {
        /** Named by the user; methylstream neither starts nor stops it. */
        GIVEN,
        /** The state directory's broker, run by another process (or another connection in this JVM). */
        SHARED,
        /** The state directory's broker, started by this connection and stopped when it closes. */
        EMBEDDED
    }

    private final String bootstrapServers;
    private final Optional<ClientConfigFile> clientConfig;
    private final Origin origin;
    private final Optional<HostedBroker> hosted;

    private KafkaConnection(String bootstrapServers, Optional<ClientConfigFile> clientConfig, Origin origin,
                            Optional<HostedBroker> hosted) {
        this.bootstrapServers = bootstrapServers;
        this.clientConfig = clientConfig;
        this.origin = origin;
        this.hosted = hosted;
    }

    /**
     * @param bootstrapServers {@code --bootstrap-server}, or null
     * @param clientConfigFile {@code --kafka-config}, or null
     * @param stateDir         where the shared broker lives when no cluster is given
     */
    public static KafkaConnection open(String bootstrapServers, Path clientConfigFile, Path stateDir)
            throws IOException {
        Optional<ClientConfigFile> clientConfig = clientConfigFile == null
                ? Optional.empty() : Optional.of(ClientConfigFile.load(clientConfigFile));
        Optional<String> given = Optional.ofNullable(bootstrapServers).filter(servers -> !servers.isBlank())
                .or(() -> clientConfig.map(c -> c.properties().getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG))
                        .filter(servers -> !servers.isBlank()));
        if (given.isPresent()) {
            return new KafkaConnection(given.get(), clientConfig, Origin.GIVEN, Optional.empty());
        }
        StateDirectory state = new StateDirectory(stateDir);
        long deadline = System.nanoTime() + WAIT_FOR_OTHER_HOLDER.toNanos();
        do {
            // the lock first: an address file is only trusted while someone holds the lock
            Optional<HostedBroker> hosted = state.hostBroker(0, Map.of());
            if (hosted.isPresent()) {
                return new KafkaConnection(hosted.get().bootstrapServers(), clientConfig, Origin.EMBEDDED, hosted);
            }
            Optional<String> shared = state.sharedBroker();
            if (shared.isPresent()) {
                return new KafkaConnection(shared.get(), clientConfig, Origin.SHARED, Optional.empty());
            }
            pause();
        } while (System.nanoTime() < deadline);
        throw new IOException("another process holds the Kafka broker of " + state.root() + " but it did not answer within "
                + WAIT_FOR_OTHER_HOLDER.toSeconds() + " s; stop that process or pass --bootstrap-server");
    }

    /** The client config file, when one was given. */
    public Optional<ClientConfigFile> clientConfig() {
        return clientConfig;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Origin origin() {
        return origin;
    }

    /** bootstrap.servers plus the client config file's settings; a fresh copy each time, for one client. */
    public Properties clientProperties() {
        Properties properties = clientConfig.map(ClientConfigFile::properties).orElseGet(Properties::new);
        properties.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return properties;
    }

    /** Safe to print: secrets in the client config file show as {@value ClientConfigFile#HIDDEN}. */
    @Override
    public String toString() {
        String where = switch (origin) {
            case GIVEN -> "Kafka at " + bootstrapServers;
            case SHARED -> "shared broker at " + bootstrapServers;
            case EMBEDDED -> "in-process broker at " + bootstrapServers + " on " + hosted.orElseThrow().dataDir();
        };
        return where + clientConfig.map(c -> ", client config " + c).orElse("");
    }

    /** Stops the broker only when this connection started it. */
    @Override
    public void close() {
        hosted.ifPresent(HostedBroker::close);
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the Kafka broker", e);
        }
    }
}
