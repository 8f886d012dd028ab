/** Reaching a secured cluster: a probe at connect time, and Kafka's access failures in words a user can act on. */
package org.methylstream.access;
