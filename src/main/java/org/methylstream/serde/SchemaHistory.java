package org.methylstream.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Every version of a record's schema that methylstream ever wrote, read from the jar's {@code schemas/}
 * folder: the current {@code Name.avsc} and the retired {@code history/Name-v1.avsc}, {@code -v2}, ... A reader
 * that knows them all can decode any record still retained in a topic, whichever release wrote it.
 */
final class SchemaHistory {
    private SchemaHistory() {
    }

    /** Retired versions of the named record, oldest first; empty while the first version is still current. */
    static List<Schema> retiredVersions(String recordName) {
        List<Schema> versions = new ArrayList<>();
        for (int version = 1; ; version++) {
            String resource = "/schemas/history/" + recordName + "-v" + version + ".avsc";
            try (InputStream in = SchemaHistory.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return versions;
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read schema " + resource, e);
            }
        }
    }
}
