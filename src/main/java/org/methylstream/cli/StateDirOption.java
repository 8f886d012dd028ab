package org.methylstream.cli;

import java.nio.file.Path;
import org.methylstream.embedded.StateDirectory;
import picocli.CommandLine.Option;

/**
 * Where methylstream keeps its own broker's data and Kafka's log, shared by every command that may need that broker.
 */
final class StateDirOption {
    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "State directory; its broker's data is in DIR/kafka (default: $METHYLSTREAM_HOME, else .methylstream in the home directory).")
    Path stateDir;

    @Option(names = {"-v", "--verbose"},
            description = "Also show Kafka's own log lines on the terminal (they always go to DIR/logs/methylstream.log).")
    boolean verbose;

    Path path() {
        return stateDir != null ? stateDir : StateDirectory.defaultPath();
    }
}
