/** The binomial tests and the site scorer every command uses: exact tails in log space, cheap significance. */
package org.methylstream.stats;
