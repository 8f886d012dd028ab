package org.methylstream.embedded;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Standard Kafka client properties from a user's file (SASL, TLS, timeouts), merged into every client a command makes.
 * Such a file usually holds credentials, so it describes itself with every secret value hidden.
 */
public final class ClientConfigFile {
    static final String HIDDEN = "[hidden]";
    // names that carry secrets in Kafka and in the tools around it, beyond the client configs typed as passwords
    private static final Pattern SECRET_NAME = Pattern.compile("password|secret|jaas|token|credential|auth|key$");

    private static final Set<PosixFilePermission> EXPOSING = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path file;
    private final Properties properties;

    private ClientConfigFile(Path file, Properties properties) {
        this.file = file;
        this.properties = properties;
    }

    public static ClientConfigFile load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            // the exception's own text could quote a line of the file, and so a secret: name the file only
            throw new IOException("cannot read Kafka client config " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        return new ClientConfigFile(file, properties);
    }

    public Path file() {
        return file;
    }

    /** A copy: callers add to it freely. */
    public Properties properties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }

    /** The file and its settings, e.g. {@code client.properties (sasl.jaas.config=[hidden], security.protocol=SASL_SSL)}. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        properties.stringPropertyNames().forEach(name ->
                shown.put(name, isSecret(name) ? HIDDEN : properties.getProperty(name)));
        return file + " " + shown.toString().replace('{', '(').replace('}', ')');
    }

    /**
     * A warning when others than the owner may read this file while it holds a secret (a password or a key): mode
     * wider than 0600. Empty when it is private, holds no secret, or the file system has no POSIX modes.
     */
    public Optional<String> exposure() {
        List<String> secrets = properties.stringPropertyNames().stream().filter(ClientConfigFile::isSecret)
                .filter(name -> !properties.getProperty(name).isBlank()).sorted().toList();
        if (secrets.isEmpty()) {
            return Optional.empty();
        }
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException | IOException e) {
            return Optional.empty();
        }
        if (mode.stream().noneMatch(EXPOSING::contains)) {
            return Optional.empty();
        }
        return Optional.of(file + " holds " + String.join(", ", secrets) + " but its mode is "
                + PosixFilePermissions.toString(mode) + ": others on this machine can read it; chmod 600 " + file);
    }

    static boolean isSecret(String name) {
        boolean typedAsPassword = Stream.of(AdminClientConfig.configDef(), ProducerConfig.configDef(),
                        ConsumerConfig.configDef())
                .map(definition -> definition.configKeys().get(name))
                .anyMatch(key -> key != null && key.type == ConfigDef.Type.PASSWORD);
        return typedAsPassword || SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).find();
    }
}
