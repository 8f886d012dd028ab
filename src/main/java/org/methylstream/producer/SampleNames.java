package org.methylstream.producer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Which sample each input is published under. */
public final class SampleNames {
    private SampleNames() {
    }

    /** An input and the sample its sites belong to. */
    public record Input(String path, String sampleId) {
    }

    /** {@code /data/liver_1.bismark.cov.gz} → {@code liver_1}; standard input → {@code stdin}. */
    public static String fromInput(String input) {
        if ("-".equals(input)) {
            return "stdin";
        }
        String name = Path.of(input).getFileName().toString();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * Pairs inputs with samples: no names, each input is the sample named after it; one name, every input belongs to
     * that sample; as many names as inputs, the i-th input belongs to the i-th sample.
     *
     * @throws IllegalArgumentException for any other number of names
     */
    public static List<Input> assign(List<String> inputs, List<String> samples) {
        if (samples.size() > 1 && samples.size() != inputs.size()) {
            throw new IllegalArgumentException(samples.size() + " sample names for " + inputs.size()
                    + " inputs: give one name for all inputs, or one per input in the same order");
        }
        List<Input> assigned = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String sample = samples.isEmpty() ? fromInput(inputs.get(i)) : samples.get(samples.size() == 1 ? 0 : i);
            if (sample.isBlank()) {
                throw new IllegalArgumentException("a sample name must not be empty");
            }
            assigned.add(new Input(inputs.get(i), sample));
        }
        return assigned;
    }
}
