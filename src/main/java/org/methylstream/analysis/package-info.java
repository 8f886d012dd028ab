/** Analyses: re-scoring everything the sites topic retains with new parameters, each into topics of its own. */
package org.methylstream.analysis;
