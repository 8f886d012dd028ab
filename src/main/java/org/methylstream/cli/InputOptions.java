package org.methylstream.cli;

import java.util.List;
import org.methylstream.format.CytosineContext;
import org.methylstream.format.InputFormat;
import org.methylstream.format.InputSettings;
import org.methylstream.format.SiteReader;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Which site files to read, how strictly and what of them to keep, shared by every command that reads them. */
final class InputOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "Input layout: seed, bismark, allc, bedmethyl, cytosine-report, bedgraph or methylkit; "
                    + "detected from the first data line when not given (the README lists them).")
    InputFormat format;

    @Option(names = "--mod-code", paramLabel = "CODE",
            description = "bedmethyl: read the rows of this modification code (default: ${DEFAULT-VALUE}, 5mC; h is "
                    + "5hmC); rows of other codes are skipped and counted.")
    String modCode = InputSettings.DEFAULT_MOD_CODE;

    @Option(names = "--other-mod-as-unmethylated",
            description = "bedmethyl: count reads of other modifications (N_other_mod, e.g. 5hmC when reading m) as "
                    + "unmethylated; by default they count for neither side.")
    boolean otherModAsUnmethylated;

    @Option(names = "--context", paramLabel = "CG|CHG|CHH|all",
            description = "Only sites of this context, where the format carries one (default: ${DEFAULT-VALUE}).")
    String context = "all";

    @Option(names = "--merge-cpg",
            description = "Merge the two strands of each CpG (+ C at p, - C at p+1) into one site at p with summed "
                    + "counts, as Bismark's --merge_CpG; needs a format with strands.")
    boolean mergeCpg;

    @Option(names = "--skip-invalid",
            description = "Report each bad line as FILE:LINE: reason on stderr and go on, instead of stopping at the first.")
    boolean skipInvalid;

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "Site files, plain or gzip; '-' or none reads standard input.")
    List<String> files = List.of();

    List<String> paths() {
        return files.isEmpty() ? List.of(SiteReader.STDIN) : files;
    }

    InputSettings settings() {
        try {
            return new InputSettings(format, modCode, otherModAsUnmethylated, CytosineContext.selection(context),
                    mergeCpg);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<InputFormat> {
        @Override
        public InputFormat convert(String value) {
            return InputFormat.fromId(value);
        }
    }
}
