/** The scoring topology at work: Streams config, topic creation, statistics queries and the per-sample FDR stage. */
package org.methylstream.application;
