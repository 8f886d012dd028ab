/** Self-contained HTML reports of finished runs and batch scorings: the dashboard's plots, opened from disk. */
package org.methylstream.report;
