package org.methylstream.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The broker of a state directory, run by this JVM; closing it stops the broker and lets another process host it. */
public final class HostedBroker implements AutoCloseable {
    private final EmbeddedKafka kafka;
    private final Stop stop;
    private boolean closed;

    HostedBroker(EmbeddedKafka kafka, Stop stop) {
        this.kafka = kafka;
        this.stop = stop;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public Path dataDir() {
        return kafka.dataDir();
    }

    /** Returns once the broker has stopped and the state directory is free. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unpublishes the address, stops the broker, frees the state directory's lock. */
    interface Stop {
        void run() throws IOException;
    }
}
