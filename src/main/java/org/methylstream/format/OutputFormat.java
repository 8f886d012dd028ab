package org.methylstream.format;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The layouts tested sites are written in, one {@link ScoreLine} method each: the seed's TSV, and what genome
 * browsers and DMR callers load.
 */
public enum OutputFormat {
    /** {@code chrom pos count1 count2 p_value}: the seed script's layout, the default. */
    TSV("tsv", null),
    /**
     * BED6+4 (0-based, half-open): {@code chrom start end sample:chrom:pos score strand methylated unmethylated
     * p_value minus_log10_p}, score = min(1000, round(-10 log10 p)); described by {@code schemas/methylstream-bed.as}.
     */
    BED("bed", null),
    /** {@code chrom start end minus_log10_p} (0-based, half-open) under a {@code track type=bedGraph} line. */
    BEDGRAPH("bedgraph", "track type=bedGraph name=methylstream description=\"-log10 p of the methylation test\""),
    /** methylpy's allc: {@code chrom pos strand context mc cov methylated_call}, the call 1 or 0 from this test. */
    ALLC("allc", null);

    private final String id;
    private final String header;

    OutputFormat(String id, String header) {
        this.id = id;
        this.header = header;
    }

    public String id() {
        return id;
    }

    /** The line a file of this layout starts with, without its newline; null when it has none. */
    public String header() {
        return header;
    }

    public static OutputFormat fromId(String id) {
        return Arrays.stream(values()).filter(format -> format.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown output format '" + id + "' (expected "
                        + Arrays.stream(values()).map(OutputFormat::id).collect(Collectors.joining(", ")) + ")"));
    }

    @Override
    public String toString() {
        return id;
    }
}
