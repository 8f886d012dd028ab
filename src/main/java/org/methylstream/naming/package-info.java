/** The one place where an analysis's or a run's topic names and application id are made. */
package org.methylstream.naming;
