package org.methylstream.topology;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A stream task's counts (sample tallies, chromosome statistics): objects in memory, updated per site without
 * serialising anything, and written to the changelogged store beneath only when the task commits. A cached Kafka
 * Streams store costs a key and value serialisation and a cache look-up per update; this store's hash-map update
 * made the scoring topology a third faster (bench/topology-vs-passthrough.sh).
 *
 * <p>Why it is a {@link WrappedStateStore} (Kafka Streams' own base for store layers): before a task sends a
 * commit's records and offsets, Kafka Streams flushes the stores that are {@link CachedStateStore}s, and only
 * those. Being one, this store writes its counts there, so the store beneath and its changelog always hold the
 * counts of exactly the committed input, after a crash too (exactly-once). Interactive queries read the store
 * beneath: counts as of the last commit or {@link #writeOut()}.
 *
 * <p>Kafka internal API (pinned by {@code kafka.version}): {@code WrappedStateStore} and {@code CachedStateStore}
 * from {@code org.apache.kafka.streams.state.internals}; Kafka offers no public hook that runs before a commit's
 * records and offsets are sent. What it relies on: a {@code CachedStateStore}'s {@code flushCache()} is called
 * before each commit. If an upgrade changes that, {@code faults/ProcessKillTest} (statistics restored after three
 * SIGKILLs under exactly-once count each site once) and {@code topology/CountStoreTest} fail.
 */
final class CountStore<K, V> extends WrappedStateStore<KeyValueStore<Bytes, byte[]>, Bytes, byte[]>
        implements ReadOnlyKeyValueStore<Bytes, byte[]> {
    private final Serializer<K> keys;
    private final Serde<V> values;
    private final Supplier<V> none;
    /** Counts changed since the last write-out, and keys deleted since. */
    private final Map<K, V> changed = new HashMap<>();
    private final Set<K> deleted = new HashSet<>();

    private CountStore(KeyValueStore<Bytes, byte[]> beneath, Serializer<K> keys, Serde<V> values, Supplier<V> none) {
        super(beneath);
        this.keys = keys;
        this.values = values;
        this.none = none;
    }

    /**
     * A changelogged store named by {@code beneath}, with caching replaced by this store's.
     *
     * @param none the counts of a key not counted yet, or removed; a new object each time where updates change
     *             counts in place
     */
    static <K, V> StoreBuilder<CountStore<K, V>> builder(KeyValueBytesStoreSupplier beneath, Serializer<K> keys,
                                                         Serde<V> values, Supplier<V> none) {
        return new Builder<>(Stores.keyValueStoreBuilder(beneath, Serdes.Bytes(), Serdes.ByteArray()), keys, values,
                none);
    }

    /**
     * Replaces the counts of {@code key} by {@code change} applied to them and returns the result: one hash look-up
     * per update.
     */
    V update(K key, UnaryOperator<V> change) {
        return changed.compute(key, (k, counts) -> change.apply(counts != null ? counts : stored(k)));
    }

    /** Whether {@code key} has counts, counted since the last write-out or stored. */
    boolean contains(K key) {
        return changed.containsKey(key) || !deleted.contains(key) && wrapped().get(bytes(key)) != null;
    }

    /** Deletes the counts of {@code key}, returning them. */
    V remove(K key) {
        V counts = changed.remove(key);
        if (counts == null) {
            counts = stored(key);
        }
        deleted.add(key);
        return counts;
    }

    /** Writes the changed counts to the store beneath now, for queries, rather than at the next commit. */
    void writeOut() {
        // deletions first: a key deleted, then counted again, ends up with its new counts
        deleted.forEach(key -> wrapped().delete(bytes(key)));
        changed.forEach((key, counts) -> wrapped().put(bytes(key), values.serializer().serialize(null, counts)));
        deleted.clear();
        changed.clear();
    }

    private V stored(K key) {
        if (deleted.contains(key)) {
            return none.get();
        }
        byte[] stored = wrapped().get(bytes(key));
        return stored == null ? none.get() : values.deserializer().deserialize(null, stored);
    }

    private Bytes bytes(K key) {
        return Bytes.wrap(keys.serialize(null, key));
    }

    @Override
    public void flushCache() {
        writeOut();
        super.flushCache();
    }

    /** Called when the store beneath was changed under this one (restoration into a recycled task). */
    @Override
    public void clearCache() {
        changed.clear();
        deleted.clear();
        super.clearCache();
    }

    /** Closing without a commit first is a dirty close: the uncommitted counts go, as the input is read again. */
    @Override
    public void close() {
        changed.clear();
        deleted.clear();
        super.close();
    }

    @Override
    public byte[] get(Bytes key) {
        return wrapped().get(key);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        return wrapped().all();
    }

    @Override
    public <S extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, S prefixSerializer) {
        return wrapped().prefixScan(prefix, prefixSerializer);
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }

    private static final class Builder<K, V> implements StoreBuilder<CountStore<K, V>> {
        private final StoreBuilder<KeyValueStore<Bytes, byte[]>> beneath;
        private final Serializer<K> keys;
        private final Serde<V> values;
        private final Supplier<V> none;

        Builder(StoreBuilder<KeyValueStore<Bytes, byte[]>> beneath, Serializer<K> keys, Serde<V> values,
                Supplier<V> none) {
            this.beneath = beneath;
            this.keys = keys;
            this.values = values;
            this.none = none;
        }

        /** Caching is what this store does: a cache beneath it would only copy the counts once more. */
        @Override
        public StoreBuilder<CountStore<K, V>> withCachingEnabled() {
            return this;
        }

        @Override
        public StoreBuilder<CountStore<K, V>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<CountStore<K, V>> withLoggingEnabled(Map<String, String> config) {
            beneath.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<CountStore<K, V>> withLoggingDisabled() {
            beneath.withLoggingDisabled();
            return this;
        }

        @Override
        public CountStore<K, V> build() {
            return new CountStore<>(beneath.build(), keys, values, none);
        }

        @Override
        public Map<String, String> logConfig() {
            return beneath.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return beneath.loggingEnabled();
        }

        @Override
        public String name() {
            return beneath.name();
        }
    }
}
