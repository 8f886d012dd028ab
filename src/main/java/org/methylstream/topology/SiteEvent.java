package org.methylstream.topology;

import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SampleEnd;

/**
 * What the scoring processor passes on, for each record of the sites topic, to the processors that follow it
 * (statistics, FDR): in-process objects, never serialised. Offsets are those of the record in its partition.
 */
sealed interface SiteEvent {
    /** A valid site and what scoring made of it; {@code logP} is NaN when the site was not tested. */
    record Scored(MethylationSite site, int coverage, boolean tested, boolean significant, double logP, long offset)
            implements SiteEvent {
    }

    /** The sample's end marker: every site of the sample in this partition came before it. */
    record Ended(SampleEnd end, long offset) implements SiteEvent {
    }
}
