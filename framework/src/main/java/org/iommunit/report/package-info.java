/**
 * The run's HTML report: per-test fragments written by the extension (a side-by-side golden diff,
 * a picture of the platform) and the {@link org.iommunit.report.ReportListener} that assembles
 * them with each test's outcome and trace into {@code target/iommunit-report/index.html} and
 * {@code summary.md} after the run. Kernel counterpart: none.
 */
@NullMarked
package org.iommunit.report;

import org.jspecify.annotations.NullMarked;
