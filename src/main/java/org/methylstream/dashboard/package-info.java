/** The live dashboard, its JSON API and Prometheus metrics that {@code process} and {@code run} serve over HTTP. */
package org.methylstream.dashboard;
