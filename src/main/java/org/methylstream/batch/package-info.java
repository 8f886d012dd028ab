/** {@code score}'s engine: a first read for the control's error rates and Benjamini–Hochberg's counts when needed, then the scoring read. */
package org.methylstream.batch;
