/**
 * The run's HTML report: per-test fragments written by the extension (side-by-side golden diff
 * tables with the changed words marked, pictures of the platform's PCI tree and groups before
 * and after the test) and the {@link org.iommunit.report.ReportListener} that assembles them with
 * each test's outcome, duration and trace into {@code target/iommunit-report/index.html} and
 * {@code summary.md} after the run. Read {@link org.iommunit.report.HtmlReport} first: the page's
 * model; {@code ReportPage} renders it, {@code DiffTables} and {@code PlatformPicture} draw its
 * parts. Kernel counterpart: none.
 */
@NullMarked
package org.iommunit.report;

import org.jspecify.annotations.NullMarked;
