package org.methylstream.access;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Asks the cluster who it is ({@code describeCluster}, which needs no ACL) with a short timeout before a command
 * starts its real clients, so that an unreachable address, a listener speaking another security protocol, or refused
 * credentials end the command in seconds with what to fix, instead of a minute of retries and an unrelated
 * "Timed out waiting for a node assignment". Kafka clients report the first two only as a timeout (and log lines);
 * the probe tells them apart by connecting itself and by the admin client's connection counts.
 */
public final class ClusterProbe {
    /** Long enough for a loaded broker to answer, short enough for a 15 s bound on a failing command. */
    public static final Duration TIMEOUT = Duration.ofSeconds(6);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private ClusterProbe() {
    }

    /**
     * Returns the cluster's id once it answers {@code client}'s settings; else throws an {@link AccessFailure} saying
     * why it did not.
     */
    public static String check(Properties client, Duration timeout) throws InterruptedException {
        Properties config = new Properties();
        config.putAll(client);
        int millis = (int) timeout.toMillis();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "methylstream-probe");
        String servers = config.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        String protocol = config.getProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT")
                .toUpperCase(Locale.ROOT);
        Admin probe;
        try {
            probe = Admin.create(config);
        } catch (KafkaException e) {
            // a key store that cannot be read, a JAAS line that does not parse: Kafka's first message says only
            // "Failed to create new KafkaAdminClient", the causes say why
            throw AccessFailure.of("the settings in --kafka-config do not make a Kafka client: "
                    + AccessFailure.chainMessages(e), e);
        }
        try (Admin admin = probe) {
            try {
                return admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis)).clusterId()
                        .get(millis + 1000L, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                Optional<String> refused = AccessFailure.explain(cause);
                if (refused.isPresent()) {
                    throw AccessFailure.of("the cluster at " + servers + " refused the connection: " + refused.get(),
                            cause);
                }
                if (cause instanceof TimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
                    throw AccessFailure.of(unanswered(servers, protocol, closedConnections(admin), timeout), cause);
                }
                throw AccessFailure.of("the cluster at " + servers + " did not answer: " + cause.getMessage(), cause);
            }
        }
    }

    /** Why a describeCluster timed out: nothing listens, a listener expecting another protocol, or a silent cluster. */
    private static String unanswered(String servers, String protocol, double closed, Duration timeout) {
        List<String> addresses = List.of(servers.split(","));
        Optional<String> listening = addresses.stream().map(String::trim).filter(ClusterProbe::acceptsConnections)
                .findFirst();
        if (listening.isEmpty()) {
            return "no answer from " + servers + ": nothing is listening there (wrong host or port, broker down,"
                    + " or a firewall); check --bootstrap-server";
        }
        if (closed > 0) {
            // the broker accepted the connections and closed each during the first request: the handshake pattern
            return protocol.equals("PLAINTEXT")
                    ? "the broker at " + listening.get() + " expects SASL or TLS: give --kafka-config with"
                            + " security.protocol (SASL_PLAINTEXT, SASL_SSL or SSL) and the settings it needs"
                    : "the broker at " + listening.get() + " closed every connection during the " + protocol
                            + " handshake: check that security.protocol=" + protocol + " in --kafka-config is what"
                            + " its listener expects";
        }
        return "the broker at " + listening.get() + " accepted connections but the cluster did not answer within "
                + timeout.toSeconds() + " s (check the brokers' advertised.listeners, or whether they are overloaded)";
    }

    private static boolean acceptsConnections(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.substring(0, colon).replaceAll("^\\[|]$", ""),
                    Integer.parseInt(address.substring(colon + 1))), (int) CONNECT_TIMEOUT.toMillis());
            return true;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** Connections the admin client saw closed: public client metrics, as {@code kafka-consumer-perf-test} prints. */
    private static double closedConnections(Admin admin) {
        for (java.util.Map.Entry<MetricName, ? extends Metric> metric : admin.metrics().entrySet()) {
            if (metric.getKey().name().equals("connection-close-total")
                    && metric.getValue().metricValue() instanceof Double value) {
                return value;
            }
        }
        return 0;
    }
}
