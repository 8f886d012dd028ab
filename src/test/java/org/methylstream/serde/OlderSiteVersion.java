package org.methylstream.serde;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;

/** MethylationSite as an older release could have written it, without strand and context: for schema resolution. */
final class OlderSiteVersion {
    static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type": "record", "name": "MethylationSite", "namespace": "org.methylstream.avro", "fields": [
              {"name": "sampleId", "type": "string"}, {"name": "chromosome", "type": "string"},
              {"name": "position", "type": "long"}, {"name": "methylated", "type": "int"},
              {"name": "unmethylated", "type": "int"}]}""");

    private OlderSiteVersion() {
    }

    /** A site in Avro's single-object encoding with this version's fingerprint. */
    static byte[] encode(String sampleId, String chromosome, long position, int methylated, int unmethylated)
            throws IOException {
        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("sampleId", sampleId);
        record.put("chromosome", chromosome);
        record.put("position", position);
        record.put("methylated", methylated);
        record.put("unmethylated", unmethylated);
        return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), SCHEMA).encode(record).array();
    }
}
