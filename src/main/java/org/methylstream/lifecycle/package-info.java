/** Runs and analyses as the cluster holds them: listing what each takes, and deleting all of one. */
package org.methylstream.lifecycle;
