package org.methylstream.cli;

import java.nio.file.Path;
import org.methylstream.embedded.Lz4TempCopies;
import org.methylstream.embedded.StateDirectory;
import org.methylstream.logging.KafkaLog;
import java.util.List;
import java.util.Optional;
import org.methylstream.access.AccessFailure;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code methylstream COMMAND [OPTIONS]}. Exit codes: 0 done, 1 failed (bad input, I/O), 2 usage. */
@Command(name = "methylstream", mixinStandardHelpOptions = true, version = "methylstream 0.1.0",
        description = "Per-site binomial significance tests of DNA methylation, in batch or on Kafka.")
public final class Methylstream {
    /** The commands, in the order the usage lists them (then {@code help}). */
    private static final List<Class<?>> COMMANDS = List.of(ScoreCommand.class, RunCommand.class,
            PublishCommand.class, ProcessCommand.class, SinkCommand.class, ReplayCommand.class, AnalysesCommand.class,
            RunsCommand.class, DeleteCommand.class, WatchCommand.class, StatsCommand.class, BrokerCommand.class,
            GenerateCommand.class);

    public static void main(String[] args) {
        Lz4TempCopies.removeOrphansInBackground(); // what killed processes left in the temp folder, off the start
        CommandLine cli = commandLineFor(args);
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

    /** The configured command line with every command; tests execute it in-process. */
    public static CommandLine commandLine() {
        CommandLine cli = commandLine(COMMANDS);
        cli.addSubcommand(new CommandLine.HelpCommand());
        return cli;
    }

    /**
     * The command line for {@code args}: with only the command they name, when they name one. Picocli reads the
     * options of every command it is given before it parses (a tenth of a second for all of them, at every start).
     */
    static CommandLine commandLineFor(String[] args) {
        for (Class<?> command : COMMANDS) {
            if (args.length > 0 && command.getAnnotation(Command.class).name().equals(args[0])) {
                return commandLine(List.of(command));
            }
        }
        return commandLine();
    }

    private static CommandLine commandLine(List<Class<?>> commands) {
        CommandLine cli = new CommandLine(new Methylstream());
        commands.forEach(cli::addSubcommand);
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
