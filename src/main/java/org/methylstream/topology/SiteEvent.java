package org.methylstream.topology;

import org.methylstream.avro.ControlSpec;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SampleEnd;

/**
 * What the scoring processor passes on, for each record of the sites topic, to the processors that follow it
 * (statistics, FDR): in-process objects, never serialised. Offsets are those of the record in its partition.
 */
sealed interface SiteEvent {
    /**
     * A valid site and what scoring made of it under {@code rate}; {@code logP} is NaN when the site was not tested.
     * Control sites are not tested; a site whose rate is not known yet (its sample's control is not complete) is not
     * scored: not tested, and {@code rate} is null.
     */
    record Scored(MethylationSite site, int coverage, boolean tested, boolean significant, double logP, long offset,
                  RateScoring rate) implements SiteEvent {
    }

    /**
     * The sample's end marker: every site of the sample in this partition came before it. {@code control} is set when
     * the sample's rate comes from it: the sites were not scored, the per-sample stage does it.
     */
    record Ended(SampleEnd end, long offset, ControlSpec control) implements SiteEvent {
    }
}
