package org.methylstream.security;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.methylstream.embedded.EmbeddedKafka;

/**
 * A single-node broker locked down as operators lock one down: every listener authenticates its clients, the
 * StandardAuthorizer checks every request, and the only super user is the broker itself ({@code User:broker} over
 * SASL on the controller and, where the client listener has SASL, on it; {@code User:CN=broker} where it has mutual
 * TLS). No listener serves {@code ANONYMOUS}. The test's own admin client is the broker's principal.
 */
final class SecuredBroker implements AutoCloseable {
    /** How the client listener authenticates. */
    enum Listener {
        /** SASL_PLAINTEXT with PLAIN and SCRAM-SHA-512. */
        SASL_PLAINTEXT,
        /** SASL_SSL with SCRAM-SHA-512: TLS encrypts, SCRAM authenticates. */
        SASL_SSL,
        /** SSL with {@code ssl.client.auth=required}: the client certificate's subject is the principal. */
        MUTUAL_TLS
    }

    static final String SCRAM = "SCRAM-SHA-512";
    private static final String BROKER = "broker";

    private final EmbeddedKafka kafka;
    private final Listener listener;
    private final String brokerPassword;
    private final TestCertificates certificates;

    private SecuredBroker(EmbeddedKafka kafka, Listener listener, String brokerPassword,
                          TestCertificates certificates) {
        this.kafka = kafka;
        this.listener = listener;
        this.brokerPassword = brokerPassword;
        this.certificates = certificates;
    }

    /**
     * Starts the broker on {@code dir/kafka}. {@code plainUsers} are PLAIN's user names and passwords (SASL_PLAINTEXT
     * only); {@code certificates} must hold a key store named {@code broker} for the TLS listeners.
     */
    static SecuredBroker start(Path dir, Listener listener, Map<String, String> plainUsers,
                               TestCertificates certificates) throws IOException {
        String brokerPassword = "broker-pw-" + UUID.randomUUID();
        String client = EmbeddedKafka.CLIENT_LISTENER.toLowerCase(java.util.Locale.ROOT);
        Map<String, String> settings = new HashMap<>();
        String protocol = switch (listener) {
            case SASL_PLAINTEXT -> "SASL_PLAINTEXT";
            case SASL_SSL -> "SASL_SSL";
            case MUTUAL_TLS -> "SSL";
        };
        settings.put("listener.security.protocol.map",
                EmbeddedKafka.CLIENT_LISTENER + ":" + protocol + ",CONTROLLER:SASL_PLAINTEXT");
        // the node's broker half talks to its controller half as User:broker, over SASL/PLAIN on the local port
        settings.put("sasl.mechanism.controller.protocol", "PLAIN");
        settings.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        settings.put("listener.name.controller.plain.sasl.jaas.config", plainJaas(BROKER, brokerPassword,
                Map.of(BROKER, brokerPassword)));
        switch (listener) {
            case SASL_PLAINTEXT -> {
                Map<String, String> users = new HashMap<>(plainUsers);
                users.put(BROKER, brokerPassword);
                settings.put("listener.name." + client + ".sasl.enabled.mechanisms", "PLAIN," + SCRAM);
                settings.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
                settings.put("listener.name." + client + ".plain.sasl.jaas.config",
                        plainJaas(BROKER, brokerPassword, users));
                settings.put("listener.name." + client + ".scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            }
            case SASL_SSL -> {
                // SCRAM clients only; the broker reaches its own client listener with PLAIN, known to it alone
                settings.put("listener.name." + client + ".sasl.enabled.mechanisms", "PLAIN," + SCRAM);
                settings.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
                settings.put("listener.name." + client + ".plain.sasl.jaas.config",
                        plainJaas(BROKER, brokerPassword, Map.of(BROKER, brokerPassword)));
                settings.put("listener.name." + client + ".scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
                settings.putAll(serverTls(certificates));
            }
            case MUTUAL_TLS -> {
                settings.putAll(serverTls(certificates));
                settings.put("ssl.client.auth", "required");
            }
        }
        settings.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        settings.put("super.users", "User:" + BROKER + ";User:CN=" + BROKER);
        settings.put("allow.everyone.if.no.acl.found", "false");
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, settings);
        return new SecuredBroker(kafka, listener, brokerPassword, certificates);
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Settings for a client of the broker's principal, the one super user. */
    Properties adminProperties() {
        Properties properties = new Properties();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        switch (listener) {
            case SASL_PLAINTEXT, SASL_SSL -> {
                properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, listener.name());
                properties.put("sasl.mechanism", "PLAIN");
                properties.put("sasl.jaas.config", plainJaas(BROKER, brokerPassword, Map.of()));
                if (listener == Listener.SASL_SSL) {
                    properties.putAll(certificates.clientSettings(null));
                }
            }
            case MUTUAL_TLS -> {
                properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
                properties.putAll(certificates.clientSettings(BROKER));
            }
        }
        return properties;
    }

    /** Creates SCRAM-SHA-512 credentials through the Admin API, as an operator's tooling does. */
    void addScramUsers(Map<String, String> passwords) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(adminProperties())) {
            admin.alterUserScramCredentials(passwords.entrySet().stream()
                    .<org.apache.kafka.clients.admin.UserScramCredentialAlteration>map(user ->
                            new UserScramCredentialUpsertion(user.getKey(),
                                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), user.getValue()))
                    .toList()).all().get();
        }
    }

    void grant(Collection<AclBinding> acls) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(adminProperties())) {
            admin.createAcls(List.copyOf(acls)).all().get();
        }
    }

    @Override
    public void close() {
        kafka.close();
    }

    static String plainJaas(String user, String password, Map<String, String> users) {
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"" + user + "\" password=\"" + password + "\"");
        users.forEach((name, secret) -> jaas.append(" user_").append(name).append("=\"").append(secret).append('"'));
        return jaas.append(';').toString();
    }

    static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private static Map<String, String> serverTls(TestCertificates certificates) {
        return Map.of("ssl.keystore.location", certificates.keyStore(BROKER).toString(),
                "ssl.keystore.type", "PKCS12",
                "ssl.keystore.password", certificates.password(),
                "ssl.key.password", certificates.password(),
                "ssl.truststore.location", certificates.trustStore().toString(),
                "ssl.truststore.type", "PKCS12",
                "ssl.truststore.password", certificates.password());
    }
}
