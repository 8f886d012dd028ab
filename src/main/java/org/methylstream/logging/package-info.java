/** Where Kafka's own log lines go: a rotated file in the state directory, and the terminal only when asked. */
package org.methylstream.logging;
