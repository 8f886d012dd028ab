package org.methylstream.control;

import java.util.EnumMap;
import java.util.Map;
import org.methylstream.format.SequenceContext;

/** A sample's control counts, all contexts pooled and per context, as its control sites come. */
public final class ControlTally {
    private final ControlCounts pooled = new ControlCounts();
    private final EnumMap<SequenceContext, ControlCounts> byContext = new EnumMap<>(SequenceContext.class);

    public void add(SequenceContext context, int methylated, int coverage) {
        pooled.add(methylated, coverage);
        if (context != null) {
            byContext.computeIfAbsent(context, c -> new ControlCounts()).add(methylated, coverage);
        }
    }

    public void add(ControlTally other) {
        pooled.add(other.pooled);
        other.byContext.forEach((context, counts) -> byContext.computeIfAbsent(context, c -> new ControlCounts())
                .add(counts));
    }

    public ControlCounts pooled() {
        return pooled;
    }

    public Map<SequenceContext, ControlCounts> byContext() {
        return byContext;
    }
}
