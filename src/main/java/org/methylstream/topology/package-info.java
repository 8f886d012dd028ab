/** The Kafka Streams application that scores sites, a pure function of its settings, and its per-sample FDR stage. */
package org.methylstream.topology;
