/** Kafka serdes for the Avro records: single-object encoding, no schema registry, every schema version known. */
package org.methylstream.serde;
