package org.methylstream.format;

import org.methylstream.avro.FdrSite;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SignificantSite;

/**
 * An output record as a {@link TestedSite}, for the consumers that print them (file sink, {@code watch}). One
 * instance is pointed at record after record; every site of these topics was called significant.
 */
public final class SiteRecord implements TestedSite {
    private MethylationSite site;
    private double pValue;
    private double minusLog10PValue;

    public SiteRecord of(SignificantSite significant) {
        double p = significant.getPValue();
        double minusLog10P = significant.getMinusLog10PValue();
        // records written before the field existed read it as its default, 0.0: derive it from p then
        return of(significant.getSite(), p, minusLog10P == 0 && p > 0 && p < 1 ? -Math.log10(p) : minusLog10P);
    }

    public SiteRecord of(FdrSite discovery) {
        return of(discovery.getSite(), discovery.getPValue(), discovery.getMinusLog10PValue());
    }

    private SiteRecord of(MethylationSite site, double pValue, double minusLog10PValue) {
        this.site = site;
        this.pValue = pValue;
        this.minusLog10PValue = minusLog10PValue;
        return this;
    }

    @Override
    public String sample() {
        return site.getSampleId();
    }

    @Override
    public String chromosome() {
        return site.getChromosome();
    }

    @Override
    public long position() {
        return site.getPosition();
    }

    @Override
    public String strand() {
        return site.getStrand();
    }

    @Override
    public String context() {
        return site.getContext();
    }

    @Override
    public int span() {
        return site.getSpan() == null ? 1 : site.getSpan();
    }

    @Override
    public int methylated() {
        return site.getMethylated();
    }

    @Override
    public int unmethylated() {
        return site.getUnmethylated();
    }

    @Override
    public double pValue() {
        return pValue;
    }

    @Override
    public double minusLog10PValue() {
        return minusLog10PValue;
    }

    @Override
    public boolean significant() {
        return true;
    }
}
