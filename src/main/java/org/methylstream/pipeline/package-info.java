/** The whole job in one process: publish, score, sink, and knowing when every site is accounted for. */
package org.methylstream.pipeline;
