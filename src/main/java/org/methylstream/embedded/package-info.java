/** Where Kafka comes from: an in-process single-node KRaft broker, shared through a state directory, or a given cluster. */
package org.methylstream.embedded;
