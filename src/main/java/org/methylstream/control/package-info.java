/** The error rate a sample is tested under: given, from a file of per-sample rates, or estimated from an unmethylated control. */
package org.methylstream.control;
