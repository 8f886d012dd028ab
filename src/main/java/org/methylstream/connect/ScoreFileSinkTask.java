package org.methylstream.connect;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.methylstream.format.OutputFormat;

/**
 * Appends each record's value as one line, exactly once across crashes. The file and the topic positions it
 * holds are committed together: at each commit the lines are forced to disk, then a position file beside it
 * ({@code FILE.position}) is replaced atomically with the file's length and the next offset of every partition.
 * A task starting on a file cuts it back to the recorded length, dropping whatever a killed worker wrote after
 * its last commit (a half line included), and reads on from the recorded offsets, not from the consumer group's,
 * which may lag them. Without a position file the file must be new or empty, and the topic is read from its start.
 *
 * <p>A layout with a first line (bedGraph's track line) gets it at the top of a file that holds nothing committed,
 * committed at once, so a restarted sink never writes it twice. The position file also names the layout, and a sink
 * writing another one is refused the file rather than mixing two layouts in it.
 */
public final class ScoreFileSinkTask extends SinkTask {
    private static final String LENGTH = "file.length";
    private static final String LAYOUT = "file.layout";
    /** The layout of files whose position predates the layout's name in it: score lines. */
    private static final String FIRST_LAYOUT = OutputFormat.TSV.id();

    private Path file;
    private Path positionFile;
    private FileChannel channel;
    /** The lines' UTF-8 bytes, buffered: a value's string is encoded once, not copied to chars and encoded again. */
    private OutputStream lines;
    private Properties position;

    /** Where the position of {@code file} is kept. */
    public static Path positionFileOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".position");
    }

    @Override
    public void start(Map<String, String> props) {
        file = Path.of(props.get(ScoreFileSinkConnector.FILE_CONFIG)).toAbsolutePath();
        positionFile = positionFileOf(file);
        String layout = props.getOrDefault(ScoreFileSinkConnector.LAYOUT_CONFIG, FIRST_LAYOUT);
        String header = props.getOrDefault(ScoreFileSinkConnector.HEADER_CONFIG, "");
        try {
            position = readPosition(positionFile);
            checkLayout(file, position, layout);
            long length = Long.parseLong(position.getProperty(LENGTH, "0"));
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (channel.size() < length) {
                throw new ConnectException(file + " is shorter (" + channel.size() + " bytes) than its sink wrote ("
                        + length + " bytes, says " + positionFile + "): it was changed by something else");
            }
            if (!Files.exists(positionFile) && channel.size() > 0) {
                throw new ConnectException(file + " exists but has no " + positionFile.getFileName()
                        + ", so this sink did not write it; move it away or choose another file");
            }
            if (!Files.exists(positionFile)) {
                position.setProperty(LAYOUT, layout);
                writePosition(position); // claims the file as this sink's before the first line goes in
            }
            channel.truncate(length); // lines written after the last commit are written again, from its offsets
            channel.position(length);
            if (length == 0 && !header.isEmpty()) {
                writeFirstLine(header);
            }
            lines = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        } catch (IOException e) {
            closeFile();
            throw new ConnectException("cannot open " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeFile();
            throw e;
        }
    }

    /**
     * Goes back to the last commit: the file to its length, each partition to its offset. After a start that is
     * where the file already is; after a rebalance whose commit failed, it drops the lines no commit covers.
     */
    @Override
    public void open(Collection<TopicPartition> partitions) {
        try {
            lines.flush();
            long length = Long.parseLong(position.getProperty(LENGTH, "0"));
            channel.truncate(length);
            channel.position(length);
        } catch (IOException e) {
            throw new ConnectException("cannot go back to the last commit of " + file + ": " + e.getMessage(), e);
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            // a partition the file holds nothing of yet starts at its beginning (offset 0, or the earliest kept)
            offsets.put(partition, Long.parseLong(position.getProperty(key(partition), "0")));
        }
        context.offset(offsets);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        try {
            for (SinkRecord record : records) {
                if (record.value() != null) {
                    lines.write(record.value().toString().getBytes(StandardCharsets.UTF_8));
                    lines.write('\n');
                }
            }
        } catch (IOException e) {
            throw new ConnectException("cannot write to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Makes the lines durable, then records how far the file and each partition have got, in one rename. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            lines.flush();
            channel.force(false);
            Properties next = new Properties();
            next.putAll(position);
            next.setProperty(LENGTH, Long.toString(channel.position()));
            offsets.forEach((partition, offset) -> next.setProperty(key(partition), Long.toString(offset.offset())));
            if (next.equals(position)) {
                return offsets; // nothing new: spare the disk a sync every flush interval
            }
            writePosition(next);
            position = next;
        } catch (IOException e) {
            throw new ConnectException("cannot commit " + file + ": " + e.getMessage(), e);
        }
        return offsets; // the consumer group's offsets then follow, for progress reports
    }

    @Override
    public void stop() {
        closeFile();
    }

    @Override
    public String version() {
        return "1";
    }

    /** Writes and commits the file's first line: it belongs to the file, not to a record or an offset. */
    private void writeFirstLine(String header) throws IOException {
        ByteBuffer line = ByteBuffer.wrap((header + "\n").getBytes(StandardCharsets.UTF_8));
        while (line.hasRemaining()) {
            channel.write(line);
        }
        channel.force(false);
        Properties next = new Properties();
        next.putAll(position);
        next.setProperty(LENGTH, Long.toString(channel.position()));
        writePosition(next);
        position = next;
    }

    /** Replaces the position file in one rename, durably: it never holds half a position. */
    private void writePosition(Properties next) throws IOException {
        Path partial = positionFile.resolveSibling(positionFile.getFileName() + ".partial");
        try (OutputStream out = Files.newOutputStream(partial)) {
            next.store(out, "written by methylstream's file sink; the file and the offsets it holds");
        }
        try (FileChannel sync = FileChannel.open(partial, StandardOpenOption.WRITE)) {
            sync.force(true);
        }
        Files.move(partial, positionFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Refuses a file that holds lines of another layout than {@code layout}, before anything starts writing to it.
     *
     * @throws ConnectException naming both layouts
     */
    public static void checkLayout(Path file, String layout) {
        try {
            checkLayout(file, readPosition(positionFileOf(file)), layout);
        } catch (IOException e) {
            throw new ConnectException("cannot read " + positionFileOf(file) + ": " + e.getMessage(), e);
        }
    }

    private static void checkLayout(Path file, Properties position, String layout) {
        String written = position.getProperty(LAYOUT, FIRST_LAYOUT);
        if (Files.exists(positionFileOf(file)) && !written.equals(layout)) {
            throw new ConnectException(file + " holds " + written + " lines (says " + positionFileOf(file).getFileName()
                    + "), not " + layout + " lines; choose another file for " + layout);
        }
    }

    private static Properties readPosition(Path positionFile) throws IOException {
        Properties properties = new Properties();
        if (Files.exists(positionFile)) {
            try (InputStream in = Files.newInputStream(positionFile)) {
                properties.load(in);
            }
        }
        return properties;
    }

    private static String key(TopicPartition partition) {
        return "offset." + partition.topic() + "/" + partition.partition();
    }

    private void closeFile() {
        try {
            if (lines != null) {
                lines.close();
            } else if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }
}
