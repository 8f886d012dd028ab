package org.methylstream.serde;

import java.io.IOException;

/** Writes and reads the body of one record type in its current schema version, exactly as Avro's binary encoding. */
interface BodyCodec<T> {
    void write(T record, RecordBytes out);

    T read(RecordBody in) throws IOException;
}
