package org.methylstream.producer;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.methylstream.format.CpgStrands;
import org.methylstream.format.InputSettings;
import org.methylstream.format.InvalidSiteException;
import org.methylstream.format.SiteFiles;
import org.methylstream.format.SiteLine;
import org.methylstream.producer.SampleNames.Input;

/**
 * Publishes inputs as samples: every site under its sample's id, then, once a sample's last input is read to its
 * end, the sample's end markers ({@link SitePublisher#endSample}). An input ends at its end of file, at the end of
 * standard input, or, for a followed file, when a stop is requested.
 */
public final class Ingestion {
    /**
     * @param sites        sites acknowledged by the broker
     * @param invalidLines bad lines reported and skipped
     * @param endedSamples samples whose end was marked, in order
     * @param stopped      a stop request cut the inputs short: the samples they belong to were not ended
     * @param notes        what the reading adds to the summary ({@link SiteFiles#notes})
     */
    public record Result(long sites, long invalidLines, List<String> endedSamples, boolean stopped,
                         List<String> notes) {
    }

    private final SitePublisher publisher;
    private final InputSettings settings;
    private final boolean skipInvalid;
    private final PrintStream errors;
    private final BooleanSupplier stop;

    /**
     * @param settings    the layout (null to detect it per input) and what to keep; with
     *                    {@link InputSettings#mergeCpg} each CpG strand is published keyed by its CpG, for the
     *                    scoring topology to merge
     * @param skipInvalid report bad lines on {@code errors} and go on, instead of stopping at the first
     * @param stop        polled between sites (and, when following, at the end of the data)
     */
    public Ingestion(SitePublisher publisher, InputSettings settings, boolean skipInvalid, PrintStream errors,
                     BooleanSupplier stop) {
        this.publisher = publisher;
        this.settings = settings;
        this.skipInvalid = skipInvalid;
        this.errors = errors;
        this.stop = stop;
    }

    /**
     * Reads the inputs one after another to their ends. A stop request ends publishing after the current site; the
     * samples not finished then are not marked ended, since they are not complete.
     *
     * @throws InvalidSiteException the first bad line, unless bad lines are skipped; its sample is not ended
     */
    public Result publish(List<Input> inputs) throws IOException, InvalidSiteException {
        Map<String, Integer> lastInput = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            lastInput.put(inputs.get(i).sampleId(), i);
        }
        SiteFiles files = new SiteFiles(inputs.stream().map(Input::path).toList(), settings, skipInvalid, errors)
                .keepingStrandsApart();
        List<String> ended = new ArrayList<>();
        int[] current = {0}; // inputs are read in order, so an index follows them
        try {
            files.forEach((path, site) -> {
                if (stop.getAsBoolean()) {
                    throw new Stopped();
                }
                publish(inputs.get(current[0]).sampleId(), site);
            }, path -> {
                String sample = inputs.get(current[0]).sampleId();
                if (lastInput.get(sample) == current[0]) {
                    publisher.endSample(sample);
                    ended.add(sample);
                }
                current[0]++;
            });
        } catch (Stopped e) {
            publisher.flush();
            return new Result(publisher.acknowledged(), files.invalidLines(), ended, true, files.notes());
        }
        publisher.flush();
        return new Result(publisher.acknowledged(), files.invalidLines(), ended, false, files.notes());
    }

    private void publish(String sampleId, SiteLine site) {
        if (settings.mergeCpg() && CpgStrands.isStrandOfCpg(site.strand(), site.context())) {
            publisher.publishCpgStrand(sampleId, site);
        } else {
            publisher.publish(sampleId, site);
        }
    }

    /**
     * Follows every input at once, each a growing file read like {@code tail -F}, until a stop is requested; then
     * ends every sample. Each input gets a thread; all share the publisher.
     *
     * @throws InvalidSiteException the first bad line of any input, unless bad lines are skipped; it stops the others,
     *                              and no sample is ended
     */
    public Result follow(List<Input> inputs) throws IOException, InvalidSiteException, InterruptedException {
        AtomicBoolean failed = new AtomicBoolean();
        BooleanSupplier stopped = () -> failed.get() || stop.getAsBoolean();
        List<SiteFiles> files = new ArrayList<>();
        List<Future<?>> running = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(inputs.size(), r -> new Thread(r, "follow"));
        try {
            for (Input input : inputs) {
                SiteFiles followed = SiteFiles.followed(input.path(), settings, skipInvalid, errors, stopped);
                files.add(followed);
                running.add(threads.submit(() -> {
                    try {
                        followed.forEach((path, site) -> publish(input.sampleId(), site));
                    } catch (IOException | InvalidSiteException | RuntimeException e) {
                        failed.set(true);
                        throw e;
                    }
                    return null;
                }));
            }
            for (Future<?> input : running) {
                input.get();
            }
        } catch (ExecutionException e) {
            throw SiteFiles.rethrown(e.getCause());
        } finally {
            failed.set(true); // on any way out, the other inputs stop too
            threads.shutdown();
        }
        List<String> ended = new ArrayList<>();
        for (Input input : inputs) {
            if (!ended.contains(input.sampleId())) {
                publisher.endSample(input.sampleId());
                ended.add(input.sampleId());
            }
        }
        long invalid = files.stream().mapToLong(SiteFiles::invalidLines).sum();
        return new Result(publisher.acknowledged(), invalid, ended, false,
                files.stream().flatMap(f -> f.notes().stream()).toList());
    }

    /** Unwinds the read loop when a stop is requested; what was sent is still flushed. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }
}
