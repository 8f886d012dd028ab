/** The Kafka Streams topology that scores sites, built by a pure function from its settings. */
package org.methylstream.topology;
