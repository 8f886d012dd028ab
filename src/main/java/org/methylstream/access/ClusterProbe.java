package org.methylstream.access;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 * "Timed out waiting for a node assignment". Kafka clients report the first two only as a timeout (and log lines),
 * and a plaintext client reading a TLS listener's alert as a response size may even run out of memory; so a
 * plaintext client's probe first sends one plaintext request itself, and the rest is told apart by connecting and by
 * the admin client's connection counts.
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
        if (protocol.equals("PLAINTEXT")) {
            // before a Kafka client meets a TLS listener: it would read the TLS alert as a 350 MB response size
            checkPlaintextListener(servers);
        }
        Admin probe;
        try {
            probe = Admin.create(config);
        } catch (KafkaException e) {
            // an unresolvable host, a key store that cannot be read, a JAAS line that does not parse: Kafka's first
            // message says only "Failed to create new KafkaAdminClient", the causes say why
            throw AccessFailure.of("cannot make a Kafka client for " + servers + " with these settings: "
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
            return noAnswer(servers);
        }
        if (closed > 0) {
            // the broker accepted the connections and closed each during the first request: the handshake pattern
            return protocol.equals("PLAINTEXT") ? expectsSaslOrTls(listening.get())
                    : "the broker at " + listening.get() + " closed every connection during the " + protocol
                            + " handshake: check that security.protocol=" + protocol + " in --kafka-config is what"
                            + " its listener expects";
        }
        return "the broker at " + listening.get() + " accepted connections but the cluster did not answer within "
                + timeout.toSeconds() + " s (check the brokers' advertised.listeners, or whether they are overloaded)";
    }

    /** What a listener makes of a plaintext Kafka request. */
    private enum Listener {
        SPEAKS_PLAINTEXT_KAFKA, ANSWERS_OTHERWISE, SLOW, NO_ANSWER
    }

    /**
     * Sends a plaintext ApiVersions request (version 0, as in Kafka's protocol guide: size, api key 18, version,
     * correlation id, client id) to the first bootstrap address that accepts connections. A PLAINTEXT or SASL
     * listener answers it (SASL allows ApiVersions before the handshake); a TLS listener answers with a TLS alert or
     * closes the connection. Fails the probe at once for nothing listening and for a TLS listener.
     */
    private static void checkPlaintextListener(String servers) {
        for (String address : servers.split(",")) {
            Listener listener = plaintextRequest(address.trim());
            if (listener == Listener.SPEAKS_PLAINTEXT_KAFKA || listener == Listener.SLOW) {
                return;
            }
            if (listener == Listener.ANSWERS_OTHERWISE) {
                throw AccessFailure.of(expectsSaslOrTls(address.trim()), null);
            }
        }
        throw AccessFailure.of(noAnswer(servers), null);
    }

    private static String noAnswer(String servers) {
        return "no answer from " + servers + ": nothing is listening there (wrong host or port, broker down, or a"
                + " firewall); check --bootstrap-server";
    }

    private static String expectsSaslOrTls(String address) {
        return "the broker at " + address + " expects SASL or TLS: give --kafka-config with security.protocol"
                + " (SASL_PLAINTEXT, SASL_SSL or SSL) and the settings it needs";
    }

    private static Listener plaintextRequest(String address) {
        Optional<InetSocketAddress> target = socketAddress(address);
        if (target.isEmpty()) {
            return Listener.NO_ANSWER;
        }
        try (Socket socket = new Socket()) {
            try {
                socket.connect(target.get(), (int) CONNECT_TIMEOUT.toMillis());
            } catch (IOException e) {
                return Listener.NO_ANSWER;
            }
            try {
                socket.setSoTimeout((int) CONNECT_TIMEOUT.toMillis());
                byte[] clientId = "methylstream-probe".getBytes(StandardCharsets.US_ASCII);
                int correlationId = 0x6d657468;
                ByteBuffer request = ByteBuffer.allocate(4 + 2 + 2 + 4 + 2 + clientId.length);
                request.putInt(request.capacity() - 4).putShort((short) 18).putShort((short) 0).putInt(correlationId)
                        .putShort((short) clientId.length).put(clientId);
                socket.getOutputStream().write(request.array());
                DataInputStream response = new DataInputStream(socket.getInputStream());
                int size = response.readInt();
                boolean kafka = size >= 4 && size < 1 << 20 && response.readInt() == correlationId;
                return kafka ? Listener.SPEAKS_PLAINTEXT_KAFKA : Listener.ANSWERS_OTHERWISE;
            } catch (SocketTimeoutException e) {
                return Listener.SLOW; // the admin client's longer wait decides
            } catch (IOException e) {
                return Listener.ANSWERS_OTHERWISE; // connected, then closed or reset: not plaintext Kafka
            }
        } catch (IOException e) {
            return Listener.NO_ANSWER;
        }
    }

    private static Optional<InetSocketAddress> socketAddress(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        try {
            String host = address.substring(0, colon).replaceAll("^\\[|]$", ""); // [::1]:9092
            return Optional.of(new InetSocketAddress(host, Integer.parseInt(address.substring(colon + 1))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean acceptsConnections(String address) {
        Optional<InetSocketAddress> target = socketAddress(address);
        if (target.isEmpty()) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(target.get(), (int) CONNECT_TIMEOUT.toMillis());
            return true;
        } catch (IOException e) {
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
