package org.methylstream.serde;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SignificantSite;
import org.methylstream.avro.SignificantSiteBlock;
import org.methylstream.avro.SiteBlock;

/**
 * The two records a run handles once per site, {@link MethylationSite} and {@link SignificantSite} (alone or in
 * blocks, {@link SiteBlock} and {@link SignificantSiteBlock}), written and read field by field in their current schema versions, byte for byte as Avro's schema-driven writer and reader do
 * ({@code SiteCodecsTest} compares them on every kind of value): Avro's took 7 % of the stream threads' time, 11 % of
 * the file sink's and 6 % of the publisher's (JFR, 1 M sites), these a third of that. Repeated strings (sample,
 * chromosome, strand, context, the analysis's fields) are encoded and decoded once. Records of a retired version go
 * through Avro.
 */
final class SiteCodecs {
    private SiteCodecs() {
    }

    static BodyCodec<MethylationSite> methylationSite() {
        return new SiteCodec();
    }

    static BodyCodec<SiteBlock> siteBlock() {
        return new BlockCodec<>(new SiteCodec(), SiteBlock::getSites, SiteBlock::new);
    }

    static BodyCodec<SignificantSite> significantSite() {
        return new SignificantSiteCodec();
    }

    static BodyCodec<SignificantSiteBlock> significantSiteBlock() {
        return new BlockCodec<>(new SignificantSiteCodec(), SignificantSiteBlock::getSites, SignificantSiteBlock::new);
    }

    /** A SignificantSite's fields after its site, up to the analysis's fields: its coverage and p-values. */
    static void writeScores(RecordBytes out, int coverage, double pValue, double minusLog10PValue) {
        out.writeInt(coverage);
        out.writeDouble(pValue);
        out.writeDouble(minusLog10PValue);
    }

    /** A SignificantSite's last fields, the analysis's: the same for every site of a sample. */
    static void writeAnalysis(RecordBytes out, String test, double errorRate, double alpha, String analysisId,
                              String errorRateSource) {
        out.writeString(test);
        out.writeDouble(errorRate);
        out.writeDouble(alpha);
        out.writeString(analysisId);
        out.writeString(errorRateSource);
    }

    /** The UTF-8 bytes of the string last written in one field: the same sample and chromosome come again and again. */
    private static final class LastString {
        private record Encoded(String value, byte[] utf8) {
        }

        private Encoded last = new Encoded("", new byte[0]); // replaced whole: safe to share between threads

        byte[] utf8(String value) {
            Encoded encoded = last;
            if (encoded.value != value && !encoded.value.equals(value)) {
                encoded = new Encoded(value, value.getBytes(StandardCharsets.UTF_8));
                last = encoded;
            }
            return encoded.utf8;
        }
    }

    private static final class SiteCodec implements BodyCodec<MethylationSite> {
        private final LastString sampleBytes = new LastString();
        private final LastString chromosomeBytes = new LastString();
        private final RecentStrings samples = new RecentStrings(4);
        private final RecentStrings chromosomes = new RecentStrings(6); // sorted input: one at a time
        private final RecentStrings strands = new RecentStrings(2);
        private final RecentStrings contexts = new RecentStrings(5);

        @Override
        public void write(MethylationSite site, RecordBytes out) {
            out.writeUtf8(sampleBytes.utf8(site.getSampleId()));
            out.writeUtf8(chromosomeBytes.utf8(site.getChromosome()));
            out.writeLong(site.getPosition());
            if (out.writeNullable(site.getStrand())) {
                out.writeString(site.getStrand());
            }
            if (out.writeNullable(site.getContext())) {
                out.writeString(site.getContext());
            }
            out.writeInt(site.getMethylated());
            out.writeInt(site.getUnmethylated());
            if (out.writeNullable(site.getSpan())) {
                out.writeInt(site.getSpan());
            }
        }

        @Override
        public MethylationSite read(RecordBody in) throws IOException {
            String sample = in.readString(samples);
            String chromosome = in.readString(chromosomes);
            long position = in.readLong();
            String strand = in.readPresent() ? in.readString(strands) : null;
            String context = in.readPresent() ? in.readString(contexts) : null;
            int methylated = in.readInt();
            int unmethylated = in.readInt();
            Integer span = in.readPresent() ? in.readInt() : null;
            return new MethylationSite(sample, chromosome, position, strand, context, methylated, unmethylated, span);
        }
    }

    private static final class SignificantSiteCodec implements BodyCodec<SignificantSite> {
        private final SiteCodec sites = new SiteCodec();
        private final RecentStrings tests = new RecentStrings(2);
        private final RecentStrings analysisIds = new RecentStrings(2);
        private final RecentStrings errorRateSources = new RecentStrings(2);

        @Override
        public void write(SignificantSite significant, RecordBytes out) {
            sites.write(significant.getSite(), out);
            writeScores(out, significant.getCoverage(), significant.getPValue(), significant.getMinusLog10PValue());
            writeAnalysis(out, significant.getTest(), significant.getErrorRate(), significant.getAlpha(),
                    significant.getAnalysisId(), significant.getErrorRateSource());
        }

        @Override
        public SignificantSite read(RecordBody in) throws IOException {
            MethylationSite site = sites.read(in);
            int coverage = in.readInt();
            double pValue = in.readDouble();
            double minusLog10PValue = in.readDouble();
            String test = in.readString(tests);
            double errorRate = in.readDouble();
            double alpha = in.readDouble();
            String analysisId = in.readString(analysisIds);
            String errorRateSource = in.readString(errorRateSources);
            return new SignificantSite(site, coverage, pValue, minusLog10PValue, test, errorRate, alpha, analysisId,
                    errorRateSource);
        }
    }

    /**
     * A record whose one field is an array of items ({@link SiteBlock}, {@link SignificantSiteBlock}): Avro writes
     * the array as one block, its count, then the items, then 0; a reader must also take several blocks and negative
     * counts (followed by the block's size in bytes), as other Avro writers may make.
     */
    private static final class BlockCodec<B, T> implements BodyCodec<B> {
        private final BodyCodec<T> items;
        private final Function<B, List<T>> itemsOf;
        private final Function<List<T>, B> blockOf;

        BlockCodec(BodyCodec<T> items, Function<B, List<T>> itemsOf, Function<List<T>, B> blockOf) {
            this.items = items;
            this.itemsOf = itemsOf;
            this.blockOf = blockOf;
        }

        @Override
        public void write(B block, RecordBytes out) {
            writeItems(itemsOf.apply(block), items, out);
        }

        @Override
        public B read(RecordBody in) throws IOException {
            List<T> read = new ArrayList<>();
            readItems(in, items, (item, start, end) -> read.add(item));
            return blockOf.apply(read);
        }
    }

    /** Avro's array as one block: its count, the items, then 0 (an empty array is the 0 alone). */
    private static <T> void writeItems(List<T> items, BodyCodec<T> codec, RecordBytes out) {
        if (!items.isEmpty()) {
            out.writeLong(items.size());
            for (T item : items) {
                codec.write(item, out);
            }
        }
        out.writeLong(0);
    }

    /** Receives each item of an array with where its body lies in the record's bytes. */
    @FunctionalInterface
    interface BlockItem<T> {
        void item(T item, int start, int end) throws IOException;
    }

    /** Reads an array's items with {@code codec}, handing on each with its body's place. */
    static <T> void readItems(RecordBody in, BodyCodec<T> codec, BlockItem<T> each) throws IOException {
        for (long count = in.readLong(); count != 0; count = in.readLong()) {
            if (count < 0) {
                count = -count;
                in.readLong(); // the block's size in bytes: only for skipping it
            }
            if (count > in.remaining()) { // an item takes several bytes: a count beyond them is corrupt
                throw new IOException("block of " + count + " items in " + in.remaining() + " bytes");
            }
            for (long i = 0; i < count; i++) {
                int start = in.position();
                T item = codec.read(in);
                each.item(item, start, in.position());
            }
        }
    }
}
