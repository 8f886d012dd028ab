package org.methylstream.cli;

import java.util.List;
import org.methylstream.format.InputFormat;
import org.methylstream.format.SiteReader;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which site files to read and how strictly, shared by every command that reads them. */
final class InputOptions {
    @Option(names = "--format", paramLabel = "seed|bismark|allc", converter = FormatConverter.class,
            description = "Input layout; detected from the column count when not given "
                    + "(4: seed chrom/pos/methylated/unmethylated, 6: Bismark coverage, 7: methylpy allc).")
    InputFormat format;

    @Option(names = "--skip-invalid",
            description = "Report each bad line as FILE:LINE: reason on stderr and go on, instead of stopping at the first.")
    boolean skipInvalid;

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "Site files, plain or gzip; '-' or none reads standard input.")
    List<String> files = List.of();

    List<String> paths() {
        return files.isEmpty() ? List.of(SiteReader.STDIN) : files;
    }

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<InputFormat> {
        @Override
        public InputFormat convert(String value) {
            return InputFormat.fromId(value);
        }
    }
}
