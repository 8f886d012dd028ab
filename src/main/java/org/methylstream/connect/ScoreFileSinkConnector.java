package org.methylstream.connect;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.methylstream.format.OutputFormat;

/**
 * A file sink that writes each record exactly once, even when its worker is killed: see {@link ScoreFileSinkTask}.
 * One task, since one file has one writer.
 */
public final class ScoreFileSinkConnector extends SinkConnector {
    public static final String FILE_CONFIG = "file";
    public static final String HEADER_CONFIG = "file.header";
    public static final String LAYOUT_CONFIG = "file.layout";
    private static final ConfigDef CONFIG = new ConfigDef()
            .define(FILE_CONFIG, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    ConfigDef.Importance.HIGH, "The file the lines are appended to; its position file lies beside it.")
            .define(HEADER_CONFIG, ConfigDef.Type.STRING, "", ConfigDef.Importance.MEDIUM,
                    "A line written once, first, into a new file (bedGraph's track line); none when empty.")
            .define(LAYOUT_CONFIG, ConfigDef.Type.STRING, OutputFormat.TSV.id(), new ConfigDef.NonEmptyString(),
                    ConfigDef.Importance.MEDIUM, "Name of the lines' layout (tsv, bed, ...), kept with the file's "
                            + "position: a sink writing another layout is refused the file.");

    private Map<String, String> config;

    @Override
    public void start(Map<String, String> props) {
        CONFIG.parse(props);
        this.config = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ScoreFileSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(config);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    @Override
    public String version() {
        return "1";
    }
}
