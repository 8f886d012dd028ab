/** The {@code methylstream} command line: one class per command, options shared through mixins. */
package org.methylstream.cli;
