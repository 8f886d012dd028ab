package org.methylstream.cli;

import org.methylstream.format.OutputFormat;
import picocli.CommandLine.Option;

/** The layout of the lines a command writes, shared by score, sink, watch and run. */
final class OutputFormatOption {
    @Option(names = "--output-format", paramLabel = "tsv|bed|bedgraph|allc", converter = Converter.class,
            description = "tsv: chrom pos count1 count2 p_value (the seed's, default); bed: BED6+4 for IGV and UCSC "
                    + "(schemas/methylstream-bed.as); bedgraph: -log10 p under a track line; allc: methylpy's 7 "
                    + "columns with methylated_call 1/0 from this test.")
    OutputFormat format = OutputFormat.TSV;

    static final class Converter implements picocli.CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            return OutputFormat.fromId(value);
        }
    }
}
