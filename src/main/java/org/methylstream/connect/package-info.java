/** Kafka Connect plumbing that writes significant sites from a topic to a score file, in-process. */
package org.methylstream.connect;
