/** Watching significant sites as they arrive: one more consumer of the output topic, alone or in a group. */
package org.methylstream.watch;
