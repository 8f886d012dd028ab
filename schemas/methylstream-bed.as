table methylstreamBed
"Per-site methylation calls of methylstream: BED6 plus the read counts and the binomial test's p-value"
    (
    string chrom;             "Reference sequence, as in the input file"
    uint   chromStart;        "Start (0-based): the cytosine's 1-based position minus 1"
    uint   chromEnd;          "End (exclusive): chromStart + 1, or + 2 for a CpG merged from both strands"
    string name;              "sample:chrom:pos, pos the 1-based position of the (+ strand) cytosine"
    uint   score;             "min(1000, round(-10 log10 p)): a Phred-scaled p-value browsers shade by"
    char[1] strand;           "+ or -, or . where the input has no strand or the site is a merged CpG"
    uint   methylated;        "Reads with a methylated (unconverted) C"
    uint   unmethylated;      "Reads with an unmethylated (converted) C"
    double pValue;            "p-value of the binomial test; 0.0 where it underflows double"
    double minusLog10PValue;  "-log10 p, computed in log space: finite where the p-value underflows"
    )
