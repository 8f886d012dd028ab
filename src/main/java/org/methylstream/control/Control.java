package org.methylstream.control;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The regions of a sample's unmethylated control: its sites give the error rate and are not tested. Sites come in
 * long runs of one chromosome, so the regions of the current chromosome are looked up once per run. Not thread-safe.
 */
public final class Control {
    private final List<ControlRegion> regions;
    private String chromosome;
    private List<ControlRegion> ofChromosome = List.of();

    public Control(List<ControlRegion> regions) {
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("a control needs at least one region");
        }
        this.regions = List.copyOf(regions);
    }

    /** {@code chrL}, {@code chrL:1-500,chrM}: as given on the command line. */
    public static Control parse(List<String> texts) {
        return new Control(texts.stream().map(ControlRegion::parse).toList());
    }

    public List<ControlRegion> regions() {
        return regions;
    }

    /** Whether the site is a control site. */
    public boolean contains(String chromosome, long position) {
        if (!chromosome.equals(this.chromosome)) {
            this.chromosome = chromosome;
            this.ofChromosome = regions.stream().filter(r -> r.names(chromosome)).toList();
        }
        for (ControlRegion region : ofChromosome) {
            if (region.covers(position)) {
                return true;
            }
        }
        return false;
    }

    /** A fresh copy, for another thread. */
    public Control copy() {
        return new Control(regions);
    }

    @Override
    public String toString() {
        return regions.stream().map(ControlRegion::toString).collect(Collectors.joining(","));
    }
}
