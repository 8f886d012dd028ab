package org.methylstream.cli;

import java.nio.file.Path;
import org.methylstream.embedded.StateDirectory;
import org.methylstream.logging.KafkaLog;
import java.util.Optional;
import org.methylstream.access.AccessFailure;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code methylstream COMMAND [OPTIONS]}. Exit codes: 0 done, 1 failed (bad input, I/O), 2 usage. */
@Command(name = "methylstream", mixinStandardHelpOptions = true, version = "methylstream 0.1.0",
        description = "Per-site binomial significance tests of DNA methylation, in batch or on Kafka.",
        subcommands = {ScoreCommand.class, RunCommand.class, PublishCommand.class, ProcessCommand.class,
                SinkCommand.class, ReplayCommand.class, AnalysesCommand.class, RunsCommand.class,
                DeleteCommand.class, WatchCommand.class, StatsCommand.class,
                BrokerCommand.class, GenerateCommand.class, CommandLine.HelpCommand.class})
public final class Methylstream {

    public static void main(String[] args) {
        CommandLine cli = commandLine();
        cli.setExecutionStrategy(parsed -> {
            logToStateDirectory(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        System.exit(cli.execute(args));
    }

    /**
     * A command with a state directory sends Kafka's log there before any Kafka part starts. Only in main: a test
     * running commands in its own JVM keeps its logging.
     */
    private static void logToStateDirectory(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult command = parsed;
        while (command.hasSubcommand()) {
            command = command.subcommand();
        }
        if (command.commandSpec().findOption("--state-dir") != null) {
            Path stateDir = command.matchedOptionValue("--state-dir", StateDirectory.defaultPath());
            KafkaLog.toStateDirectory(stateDir, command.hasMatchedOption("--verbose"));
        }
    }

    /** The configured command line; tests execute it in-process. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Methylstream());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // expected failures carry a user-facing message; anything else is a bug and keeps its stack trace.
            // A refusal by the cluster, however deep among the causes, is the one thing the user must fix: say it;
            // Kafka's other exceptions (Connect failures, ...) say what went wrong in words
            Optional<String> refused = AccessFailure.explain(e);
            if (refused.isPresent()) {
                commandLine.getErr().println("methylstream " + commandLine.getCommandName() + ": " + refused.get());
            } else if (e instanceof CommandFailure || e instanceof java.io.IOException
                    || e instanceof java.io.UncheckedIOException || e instanceof IllegalStateException
                    || e instanceof org.apache.kafka.common.KafkaException) {
                commandLine.getErr().println("methylstream " + commandLine.getCommandName() + ": " + e.getMessage());
            } else {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli;
    }
}
