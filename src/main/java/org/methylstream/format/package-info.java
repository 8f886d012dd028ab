/** Reading site files (seed four-column, Bismark coverage, methylpy allc; plain or gzip) and writing score lines. */
package org.methylstream.format;
