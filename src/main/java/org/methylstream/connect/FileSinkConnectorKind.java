package org.methylstream.connect;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.kafka.connect.file.FileStreamSinkConnector;
import org.apache.kafka.connect.sink.SinkConnector;

/** Which Kafka Connect file sink connector writes the lines; both take the same {@code file} setting. */
public enum FileSinkConnectorKind {
    /** methylstream's own: every line exactly once across crashes, see {@link ScoreFileSinkTask}. The default. */
    EXACTLY_ONCE("exactly-once", ScoreFileSinkConnector.class),
    /**
     * Kafka's {@code FileStreamSinkConnector}: at least once, since it appends without recording how far the file
     * got; a crash repeats up to one flush interval of lines ({@code sort -u} removes them).
     */
    FILE_STREAM("file-stream", FileStreamSinkConnector.class);

    private final String id;
    private final Class<? extends SinkConnector> connectorClass;

    FileSinkConnectorKind(String id, Class<? extends SinkConnector> connectorClass) {
        this.id = id;
        this.connectorClass = connectorClass;
    }

    public String id() {
        return id;
    }

    Class<? extends SinkConnector> connectorClass() {
        return connectorClass;
    }

    public static FileSinkConnectorKind fromId(String id) {
        return Arrays.stream(values()).filter(kind -> kind.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown connector '" + id + "' (expected one of "
                        + Arrays.stream(values()).map(FileSinkConnectorKind::id).collect(Collectors.joining(", ")) + ")"));
    }

    @Override
    public String toString() {
        return id;
    }
}
