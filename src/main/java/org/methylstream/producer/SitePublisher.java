package org.methylstream.producer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.methylstream.access.AccessFailure;
import org.methylstream.admin.TopicAdmin;
import org.methylstream.avro.MethylationSite;
import org.methylstream.avro.SiteBlock;
import org.methylstream.avro.SampleEnd;
import org.methylstream.avro.SampleStart;
import org.methylstream.control.Control;
import org.methylstream.format.CpgStrands;
import org.methylstream.format.SiteLine;
import org.methylstream.serde.AvroSerde;
import org.methylstream.serde.SiteBlocks;

/**
 * Publishes sites as Avro MethylationSite records with an idempotent producer: retries after broker failures
 * never duplicate or reorder a site. Keys are {@code sample:chromosome:position}, whose hash spreads sites evenly
 * over partitions while keeping each site's records together. Counts only what the broker acknowledged.
 *
 * <p>With more than one site per record, up to that many consecutive sites of a sample go as one {@link SiteBlock},
 * keyed by its first site: the per-record work of every part of the pipeline is done once per block (the scoring reads
 * each site as if published alone, {@link SiteBlocks}). A block is sent when full, at a flush or a sample's end, and
 * at the latest {@link #BLOCK_LINGER} after its first site, so a followed file's or a pipe's sites are not held back.
 * CpG strands waiting for their partner ({@code --merge-cpg}) still go one per record.
 *
 * <p>{@link #endSample} marks a sample complete with a {@link SampleEnd} record on every partition, written after
 * all of the sample's sites are acknowledged, so it follows them in each partition. Thread-safe: several inputs may
 * be published at once.
 */
public final class SitePublisher implements AutoCloseable {
    /** How long a site may wait to be batched with others: bounds the latency of a followed file or a pipe. */
    static final Duration LINGER = Duration.ofMillis(20);
    /**
     * How long a block may wait for more sites, on top of the producer's {@link #LINGER}: a file being read fills a
     * block in a fraction of a millisecond, so only a trickle (a followed file, a pipe) meets it.
     */
    static final Duration BLOCK_LINGER = Duration.ofMillis(5);
    /** Sites per record that make the per-record work small beside the per-site work (README, Performance). */
    public static final int SITES_PER_BLOCK = 64;
    private static final Header CPG_STRAND = new Header() {
        private final byte[] value = {'1'};

        @Override
        public String key() {
            return CpgStrands.HEADER;
        }

        @Override
        public byte[] value() {
            return value;
        }
    };

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final int partitions;
    private final AvroSerde<MethylationSite> serde = AvroSerde.methylationSite();
    private final AvroSerde<SampleEnd> ends = AvroSerde.sampleEnd();
    private final AvroSerde<SampleStart> starts = AvroSerde.sampleStart();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    /** Acknowledged sites per sample and partition, since the sample's last end. */
    private final Map<String, AtomicLongArray> perPartition = new ConcurrentHashMap<>();
    private final int sitesPerRecord;
    private final AvroSerde<SiteBlock> blocks = AvroSerde.siteBlock();
    /** Per sample, the block being filled; each is sent under its own lock. */
    private final Map<String, Block> filling = new ConcurrentHashMap<>();
    /** Sends the blocks whose first site waited {@link #BLOCK_LINGER}; null with one site per record. */
    private final ScheduledExecutorService lingering;

    /** The sites of a sample not sent yet, and since when the first of them waits. */
    private static final class Block {
        final List<MethylationSite> sites = new ArrayList<>();
        long since;
    }

    /** Publishes one site per record. */
    public SitePublisher(Properties clientProperties, String topic) {
        this(clientProperties, topic, 1);
    }

    /** @param sitesPerRecord at most this many sites of a sample in one record: 1 for a {@code MethylationSite} each */
    public SitePublisher(Properties clientProperties, String topic, int sitesPerRecord) {
        if (sitesPerRecord < 1) {
            throw new IllegalArgumentException("sites per record must be at least 1, not " + sitesPerRecord);
        }
        Properties config = new Properties();
        config.putAll(clientProperties);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(LINGER.toMillis()));
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "methylstream-publish");
        try (Admin admin = TopicAdmin.open(clientProperties)) {
            TopicAdmin.awaitLeaders(admin, topic); // the topic may have been created a moment ago, by anyone
        }
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.partitions = producer.partitionsFor(topic).size();
        this.sitesPerRecord = sitesPerRecord;
        if (sitesPerRecord > 1) {
            lingering = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "methylstream-publish-linger");
                thread.setDaemon(true);
                return thread;
            });
            lingering.scheduleWithFixedDelay(this::sendLingering, BLOCK_LINGER.toMillis(), BLOCK_LINGER.toMillis(),
                    TimeUnit.MILLISECONDS);
        } else {
            lingering = null;
        }
    }

    /** Sends one site; fails fast if an earlier send has definitively failed. */
    public void publish(String sampleId, SiteLine line) {
        send(sampleId, line, line.position(), null);
    }

    /**
     * Sends one strand of a CpG for the scoring topology to merge with the other ({@code --merge-cpg}): keyed by the
     * CpG's position rather than the C's, so that both strands go to one partition, and so to one task, whatever
     * their order; the {@link CpgStrands#HEADER} header marks it.
     */
    public void publishCpgStrand(String sampleId, SiteLine line) {
        send(sampleId, line, CpgStrands.cpgPosition(line.strand(), line.position()), CPG_STRAND);
    }

    private void send(String sampleId, SiteLine line, long keyPosition, Header header) {
        throwIfFailed();
        // the all-arguments constructor: the builder looks up field defaults for every record it builds
        MethylationSite site = new MethylationSite(sampleId, line.chromosome(), line.position(), line.strand(),
                line.context(), line.methylated(), line.unmethylated(), line.span() == 1 ? null : line.span());
        if (sitesPerRecord > 1 && header == null) {
            Block block = filling.computeIfAbsent(sampleId, id -> new Block());
            synchronized (block) {
                if (block.sites.isEmpty()) {
                    block.since = System.nanoTime();
                }
                block.sites.add(site);
                if (block.sites.size() == sitesPerRecord) {
                    try {
                        send(block);
                    } catch (KafkaException e) {
                        throw failed(e);
                    }
                }
            }
            sent.incrementAndGet();
            return;
        }
        String key = SiteBlocks.keyOf(sampleId, line.chromosome(), keyPosition);
        AtomicLongArray counts = perPartition.computeIfAbsent(sampleId, id -> new AtomicLongArray(partitions));
        ProducerRecord<String, byte[]> record = header == null ? new ProducerRecord<>(topic, key, serde.encode(site))
                : new ProducerRecord<>(topic, null, key, serde.encode(site), List.of(header));
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    acknowledged.incrementAndGet();
                    counts.incrementAndGet(metadata.partition());
                } else {
                    failure.compareAndSet(null, error);
                }
            });
        } catch (KafkaException e) {
            // a producer in a fatal state (its first request was refused) throws here rather than in the callback
            throw failed(e);
        }
        sent.incrementAndGet();
    }

    /** Sends the block's sites as one record; the caller holds its lock. Throws what the producer throws. */
    private void send(Block block) {
        if (block.sites.isEmpty()) {
            return;
        }
        MethylationSite first = block.sites.get(0);
        int n = block.sites.size();
        AtomicLongArray counts = perPartition.computeIfAbsent(first.getSampleId(),
                id -> new AtomicLongArray(partitions));
        byte[] value = blocks.encode(new SiteBlock(block.sites)); // encoded at once: the list can be reused
        block.sites.clear();
        producer.send(new ProducerRecord<>(topic, SiteBlocks.keyOf(first), value), (metadata, error) -> {
            if (error == null) {
                acknowledged.addAndGet(n);
                counts.addAndGet(metadata.partition(), n);
            } else {
                failure.compareAndSet(null, error);
            }
        });
    }

    /** Sends every block being filled. */
    private void sendBlocks() {
        try {
            for (Block block : filling.values()) {
                synchronized (block) {
                    send(block);
                }
            }
        } catch (KafkaException e) {
            throw failed(e);
        }
    }

    private void sendLingering() {
        long now = System.nanoTime();
        try {
            for (Block block : filling.values()) {
                synchronized (block) {
                    if (!block.sites.isEmpty() && now - block.since >= BLOCK_LINGER.toNanos()) {
                        send(block);
                    }
                }
            }
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e); // the next publish or flush reports it (and a throw would end the timer)
        }
    }

    /**
     * Marks the start of a sample whose error rate comes from its control: a {@link SampleStart} on every partition,
     * before any of its sites, tells the scoring to keep them until the sample's end.
     */
    public void startSample(String sampleId, Control control, boolean byContext, long minControlCoverage) {
        List<String> regions = control.regions().stream().map(Object::toString).toList();
        for (int p = 0; p < partitions; p++) {
            SampleStart start = new SampleStart(sampleId, p, regions, byContext, minControlCoverage);
            producer.send(new ProducerRecord<>(topic, p, sampleId, starts.encode(start)), (metadata, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
            });
        }
        flush();
    }

    /**
     * Marks the end of a sample: waits until its sites are acknowledged, then writes a {@link SampleEnd} with the
     * per-partition count to every partition and waits for those too. The next site of the same sample starts a new
     * count. Call it only once no thread publishes sites of this sample any more.
     *
     * @return the sample's sites, over all partitions
     */
    public long endSample(String sampleId) {
        flush();
        filling.remove(sampleId);
        AtomicLongArray counts = perPartition.remove(sampleId);
        long[] sites = new long[partitions];
        long total = 0;
        for (int p = 0; counts != null && p < partitions; p++) {
            sites[p] = counts.get(p);
            total += sites[p];
        }
        Instant now = Instant.now();
        for (int p = 0; p < partitions; p++) {
            SampleEnd end = SampleEnd.newBuilder().setSampleId(sampleId).setPartition(p).setPartitionSites(sites[p])
                    .setTotalSites(total).setPartitions(partitions).setPublishedAt(now).build();
            try {
                producer.send(new ProducerRecord<>(topic, p, sampleId, ends.encode(end)), (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                });
            } catch (KafkaException e) {
                throw failed(e);
            }
        }
        flush();
        return total;
    }

    /** Waits until every record sent so far is acknowledged; throws if any could not be delivered. */
    public void flush() {
        sendBlocks();
        try {
            producer.flush();
        } catch (KafkaException e) {
            throw failed(e);
        }
        throwIfFailed();
    }

    public String topic() {
        return topic;
    }

    /** Partitions of the topic: a sample's end is one marker on each. */
    public int partitions() {
        return partitions;
    }

    public long sent() {
        return sent.get();
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    @Override
    public void close() {
        if (lingering != null) {
            // not shutdownNow: an interrupted send would lose the block it took; the blocks left are sent below
            lingering.shutdown();
            try {
                lingering.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            sendBlocks();
        } finally {
            producer.close();
        }
    }

    private void throwIfFailed() {
        Exception error = failure.get();
        if (error != null) {
            throw failed(error);
        }
    }

    /** The producer's error as the user should see it: a refusal by the cluster names the topic. */
    private RuntimeException failed(Exception error) {
        Optional<AccessFailure> refused = AccessFailure.denied(error, "Write", "topic", topic);
        if (refused.isPresent()) {
            return refused.get();
        }
        return new IllegalStateException("publishing to " + topic + " failed after " + acknowledged.get()
                + " acknowledged sites: " + error.getMessage(), error);
    }
}
