package org.methylstream.logging;

import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.AppenderComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.api.LayoutComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.RootLoggerComponentBuilder;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * Kafka's own logging (the broker, Streams, Connect and the clients log through slf4j to log4j2): thousands of
 * lines per start at INFO, useful after the fact and noise on a terminal. methylstream's own messages do not go
 * through here; they are written to standard error directly.
 */
public final class KafkaLog {
    /** The file in {@code STATE-DIR/logs}; earlier ones are {@code methylstream.log.1} (newest) and so on. */
    public static final String FILE_NAME = "methylstream.log";
    /** A file is rolled over at this size, and this many earlier ones are kept: at most 60 MB in all. */
    static final String MAX_FILE_SIZE = "10 MB";
    static final int KEPT_FILES = 5;
    private static final String DISABLE_JMX = "log4j2.disableJmx";

    private KafkaLog() {
    }

    public static Path fileOf(Path stateDir) {
        return stateDir.toAbsolutePath().resolve("logs").resolve(FILE_NAME);
    }

    /**
     * From now on, Kafka logs at INFO into {@link #fileOf}{@code (stateDir)}, created at the first line; with
     * {@code terminal} the same lines also go to standard error.
     */
    public static synchronized void toStateDirectory(Path stateDir, boolean terminal) {
        // log4j's own MBeans took a third of its start, on every command's critical path; levels can still be
        // changed over JMX through the broker's kafka.Log4jController MBean
        if (System.getProperty(DISABLE_JMX) == null) {
            System.setProperty(DISABLE_JMX, "true");
        }
        String file = fileOf(stateDir).toString();
        ConfigurationBuilder<BuiltConfiguration> builder = ConfigurationBuilderFactory.newConfigurationBuilder();
        builder.setConfigurationName("methylstream").setStatusLevel(Level.ERROR);
        LayoutComponentBuilder layout = builder.newLayout("PatternLayout")
                .addAttribute("pattern", "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%t] %logger - %msg%n%throwable");
        AppenderComponentBuilder rolling = builder.newAppender("file", "RollingFile")
                .addAttribute("fileName", file)
                .addAttribute("filePattern", file + ".%i")
                .addAttribute("createOnDemand", true)
                .add(layout)
                .addComponent(builder.newComponent("Policies").addComponent(builder
                        .newComponent("SizeBasedTriggeringPolicy").addAttribute("size", MAX_FILE_SIZE)))
                .addComponent(builder.newComponent("DefaultRolloverStrategy")
                        .addAttribute("max", KEPT_FILES).addAttribute("fileIndex", "min"));
        builder.add(rolling);
        RootLoggerComponentBuilder root = builder.newRootLogger(Level.INFO).add(builder.newAppenderRef("file"));
        if (terminal) {
            builder.add(builder.newAppender("terminal", "Console").addAttribute("target", "SYSTEM_ERR").add(layout));
            root.add(builder.newAppenderRef("terminal"));
        }
        builder.add(root);
        apply(builder.build());
    }

    private static void apply(Configuration configuration) {
        // initialize: no default configuration is read first when nothing has logged yet, as in a command's main
        LoggerContext context = Configurator.initialize(configuration);
        if (context.getConfiguration() != configuration) {
            context.reconfigure(configuration);
        }
    }
}
