/** Where Kafka comes from: an in-process KRaft broker shared through a state directory, or a given cluster; its temp leftovers. */
package org.methylstream.embedded;
