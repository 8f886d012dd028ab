package org.methylstream.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority and certificates it signed, made with the JDK's {@code keytool} (no library, the
 * same steps an operator follows): PKCS12 key stores with each certificate's chain, and a trust store holding the CA.
 * Every certificate is valid for 127.0.0.1 and localhost; its subject is {@code CN=NAME}, so an mTLS client's Kafka
 * principal is {@code User:CN=NAME}.
 */
final class TestCertificates {
    private static final String KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    private static final String TYPE = "PKCS12";

    private final Path dir;
    private final String password = "store-pw-" + UUID.randomUUID();

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** A new CA in {@code dir}, its trust store {@link #trustStore()}, and a signed key store per name. */
    static TestCertificates create(Path dir, String... names) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        TestCertificates certificates = new TestCertificates(dir);
        certificates.keytool("-genkeypair", "-alias", "ca", "-dname", "CN=methylstream-test-ca", "-ext", "bc:c",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-keystore", "ca.p12");
        certificates.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
        certificates.keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore",
                "truststore.p12");
        for (String name : names) {
            certificates.sign(name);
        }
        return certificates;
    }


    Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    Path keyStore(String name) {
        return dir.resolve(name + ".p12");
    }

    /** The password of every store here (and of the keys in them). */
    String password() {
        return password;
    }

    /** Client settings for TLS trusting this CA, and presenting {@code name}'s certificate unless it is null. */
    Map<String, String> clientSettings(String name) {
        Map<String, String> settings = new java.util.TreeMap<>(Map.of(
                "ssl.truststore.location", trustStore().toString(),
                "ssl.truststore.type", TYPE,
                "ssl.truststore.password", password));
        if (name != null) {
            settings.putAll(Map.of("ssl.keystore.location", keyStore(name).toString(), "ssl.keystore.type", TYPE,
                    "ssl.keystore.password", password, "ssl.key.password", password));
        }
        return settings;
    }

    private void sign(String name) throws IOException, InterruptedException {
        String store = name + ".p12";
        keytool("-genkeypair", "-alias", name, "-dname", "CN=" + name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-validity", "2", "-keystore", store);
        keytool("-certreq", "-alias", name, "-keystore", store, "-file", name + ".csr");
        keytool("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", name + ".csr", "-outfile",
                name + ".pem", "-rfc", "-validity", "2", "-ext", "san=ip:127.0.0.1,dns:localhost");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", store);
        keytool("-importcert", "-alias", name, "-file", name + ".pem", "-keystore", store);
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(KEYTOOL));
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", TYPE, "-storepass", password, "-keypass", password));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
