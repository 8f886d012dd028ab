package org.methylstream.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A methylstream state directory and the one broker that serves it. The first process to lock {@code kafka.lock}
 * runs the broker on {@code kafka/} and publishes its address in {@code kafka.address}; every other process reads
 * that address and shares the broker. The lock, not the address file, says whether a broker runs: the operating
 * system frees it when its holder exits, however it exits.
 */
public final class StateDirectory {
    private static final int CONNECT_TIMEOUT_MS = 1000;
    // Linux frees every lock a process holds on a file when any one channel on that file closes, so this JVM
    // never opens a second channel on a lock file it already holds
    private static final Set<Path> LOCKS_HELD_HERE = new HashSet<>();

    private final Path root;

    public StateDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** {@code $METHYLSTREAM_HOME}, else {@code ~/.methylstream}. */
    public static Path defaultPath() {
        String home = System.getenv("METHYLSTREAM_HOME");
        return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".methylstream");
    }

    public Path root() {
        return root;
    }

    /**
     * Starts the broker of this directory in this JVM, or returns empty when another holder (a process, or another
     * connection in this JVM) already runs it.
     */
    public Optional<HostedBroker> hostBroker(int port, Map<String, String> overrides) throws IOException {
        // the real path: a second name for the same directory must not get a second channel on its lock
        Path lockFile = Files.createDirectories(root).toRealPath().resolve("kafka.lock");
        synchronized (LOCKS_HELD_HERE) {
            if (LOCKS_HELD_HERE.contains(lockFile)) {
                return Optional.empty();
            }
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                if (channel.tryLock() == null) {
                    channel.close();
                    return Optional.empty();
                }
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            LOCKS_HELD_HERE.add(lockFile);
            EmbeddedKafka kafka = null;
            try {
                // left by a holder that died: nobody may read it while this broker starts
                Files.deleteIfExists(addressFile());
                kafka = EmbeddedKafka.start(root.resolve("kafka"), port, overrides);
                publish(kafka.bootstrapServers());
                EmbeddedKafka started = kafka;
                return Optional.of(new HostedBroker(started, () -> stop(started, lockFile, channel)));
            } catch (IOException | RuntimeException e) {
                if (kafka != null) {
                    kafka.close();
                }
                unlock(lockFile, channel);
                throw e;
            }
        }
    }

    /** The address of the broker another holder runs for this directory, when it answers. */
    public Optional<String> sharedBroker() throws IOException {
        String address;
        try {
            address = Files.readString(addressFile(), StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return address.isEmpty() || !answers(address) ? Optional.empty() : Optional.of(address);
    }

    private Path addressFile() {
        return root.resolve("kafka.address");
    }

    private void publish(String bootstrapServers) throws IOException {
        // written beside and renamed, so a reader never sees half an address
        Path partial = root.resolve("kafka.address.partial");
        Files.writeString(partial, bootstrapServers + "\n", StandardCharsets.UTF_8);
        Files.move(partial, addressFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Unpublished first, so nobody new connects to a broker on its way down. */
    private void stop(EmbeddedKafka kafka, Path lockFile, FileChannel channel) throws IOException {
        try {
            Files.deleteIfExists(addressFile());
        } finally {
            try {
                kafka.close();
            } finally {
                unlock(lockFile, channel);
            }
        }
    }

    private static void unlock(Path lockFile, FileChannel channel) throws IOException {
        synchronized (LOCKS_HELD_HERE) {
            LOCKS_HELD_HERE.remove(lockFile);
            channel.close();
        }
    }

    private static boolean answers(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.substring(0, colon),
                    Integer.parseInt(address.substring(colon + 1))), CONNECT_TIMEOUT_MS);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
