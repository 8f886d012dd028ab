/** Reading site files (one parser per aligner's or caller's format, detected; plain or gzip), CpG strand merging, and writing score lines. */
package org.methylstream.format;
