package org.methylstream.topology;

/** Default topic names, shared by the commands so that they meet without configuration. */
public final class Topics {
    /** Sites as published, one Avro MethylationSite per record. */
    public static final String SITES = "methylation.sites";
    /** Significant sites of the default analysis, one Avro SignificantSite per record. */
    public static final String SIGNIFICANT = "methylation.significant";

    /** Partitions of a sites topic created by methylstream: the most stream tasks, so processors, it can feed. */
    public static final int DEFAULT_PARTITIONS = 6;

    private Topics() {
    }

    /**
     * Where an analysis reports each sample's end, with its counts (SamplePartitionScored records): beside its
     * significant sites, one per analysis, since the counts depend on the parameters.
     */
    public static String samplesOf(String outputTopic) {
        return outputTopic + ".samples";
    }

    /** Where an analysis's per-sample Benjamini-Hochberg discoveries go, FdrSite records with q-values. */
    public static String fdrOf(String outputTopic) {
        return outputTopic + ".fdr";
    }

    /** Where an analysis's online (LORD++) discoveries go, FdrSite records. */
    public static String onlineFdrOf(String outputTopic) {
        return outputTopic + ".online-fdr";
    }

    /** Where records of {@code inputTopic} go when they cannot be scored, with the reason in headers. */
    public static String deadLettersOf(String inputTopic) {
        return inputTopic + ".dead-letters";
    }
}
