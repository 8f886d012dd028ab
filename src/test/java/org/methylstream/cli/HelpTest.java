package org.methylstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

@DisplayName("methylstream --help: one whole sentence per command, text wrapped at spaces within the width")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HelpTest {
    private static final CommandLine CLI = Methylstream.commandLine();

    @Test
    @DisplayName("every command's summary in the command list is one whole sentence on one line")
    void summaries() {
        CommandRun help = CommandRun.run("--help");
        assertEquals(0, help.exitCode(), help.toString());
        List<String> lines = help.outLines();
        int commands = lines.indexOf("Commands:");
        assertTrue(commands > 0, help.out());
        List<String> entries = lines.subList(commands + 1, lines.size());
        Map<String, CommandLine> subcommands = CLI.getSubcommands();
        assertEquals(subcommands.size(), entries.size(), "one line per command, none wrapped:\n" + help.out());
        for (String entry : entries) {
            String name = entry.strip().split(" +", 2)[0];
            String summary = entry.strip().split(" +", 2)[1];
            assertTrue(subcommands.containsKey(name), entry);
            assertTrue(Character.isUpperCase(summary.charAt(0)) && summary.endsWith("."), "a whole sentence: " + entry);
            assertFalse(summary.substring(0, summary.length() - 1).contains(". "), "one sentence: " + entry);
        }
    }

    @Test
    @DisplayName("main builds just the command named first, and every command for anything else")
    void onlyTheCommandAskedFor() {
        assertEquals(List.of("run"), List.copyOf(Methylstream.commandLineFor(new String[] {"run", "x.tsv"})
                .getSubcommands().keySet()));
        assertEquals(CLI.getSubcommands().keySet(), Methylstream.commandLineFor(new String[] {"--help"})
                .getSubcommands().keySet());
        assertEquals(CLI.getSubcommands().keySet(), Methylstream.commandLineFor(new String[] {"help", "run"})
                .getSubcommands().keySet());
        assertEquals(CLI.getSubcommands().keySet(), Methylstream.commandLineFor(new String[0])
                .getSubcommands().keySet());
    }

    @Test
    @DisplayName("every help line fits the width, and text breaks only at spaces: descriptions read as written")
    void wrapping() {
        int width = CLI.getUsageHelpWidth();
        List<String> problems = new java.util.ArrayList<>();
        for (Map.Entry<String, CommandLine> command : CLI.getSubcommands().entrySet()) {
            CommandRun help = CommandRun.run(command.getKey(), "--help");
            assertEquals(0, help.exitCode(), help.toString());
            for (String line : help.outLines()) {
                if (line.length() > width) {
                    problems.add(command.getKey() + ": wider than " + width + ": " + line);
                }
            }
            String unwrapped = unwrap(help.out());
            for (String text : texts(command.getValue())) {
                if (!unwrapped.contains(unwrap(text))) {
                    problems.add(command.getKey() + ": a line break inside a word of '" + text + "'");
                }
            }
            String synopsis = unwrap(command.getValue().getHelp().synopsis(0));
            for (OptionSpec option : command.getValue().getCommandSpec().options()) {
                // options taking a value appear as --name=LABEL; flags with a short name are clustered, as [-hV]
                if (option.arity().max() > 0 && !synopsis.contains(option.longestName() + "=" + option.paramLabel())
                        && !synopsis.contains(option.longestName() + "[=" + option.paramLabel() + "]")) {
                    problems.add(command.getKey() + ": a line break inside " + option.longestName() + " in the synopsis");
                }
            }
        }
        assertEquals(List.of(), problems, "help of every command wrapped at spaces within " + width + " columns");
    }

    /** The command's header and description and every option's description and synopsis entry. */
    private static List<String> texts(CommandLine command) {
        List<String> texts = new java.util.ArrayList<>(List.of(command.getCommandSpec().usageMessage().header()));
        texts.addAll(List.of(command.getCommandSpec().usageMessage().description()));
        for (OptionSpec option : command.getCommandSpec().options()) {
            texts.add(String.join(" ", option.description()));
            if (option.arity().max() > 0) {
                texts.add(option.longestName() + (option.arity().min() == 0 ? "[=" + option.paramLabel() + "]"
                        : "=" + option.paramLabel()));
            }
        }
        return texts;
    }

    /** Line breaks and the indentation after them as the single space they replace. */
    private static String unwrap(String text) {
        return text.replace("%n", "\n").replaceAll("\\s*\\n\\s*", " ").replaceAll(" +", " ");
    }
}
