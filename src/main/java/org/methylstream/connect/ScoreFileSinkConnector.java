package org.methylstream.connect;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * A file sink that writes each record exactly once, even when its worker is killed: see {@link ScoreFileSinkTask}.
 * One task, since one file has one writer.
 */
public final class ScoreFileSinkConnector extends SinkConnector {
    public static final String FILE_CONFIG = "file";
    private static final ConfigDef CONFIG = new ConfigDef()
            .define(FILE_CONFIG, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    ConfigDef.Importance.HIGH, "The file the lines are appended to; its position file lies beside it.");

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
