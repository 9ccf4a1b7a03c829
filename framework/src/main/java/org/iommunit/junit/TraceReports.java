package org.iommunit.junit;

import java.lang.reflect.AnnotatedElement;
import java.nio.file.Path;
import java.util.Optional;
import org.iommunit.report.HtmlReport;
import org.iommunit.trace.Trace;
import org.iommunit.trace.TraceHeader;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Ends a test's trace: checks its golden file when the test asks for one, writes the trace (and
 * any diff) under the report directory, publishes them to the JUnit report (as files from JUnit
 * 5.14 on, as report entries naming the file before), and, where {@code
 * iommunit.report.attachments} asks for it, prints {@code [[ATTACHMENT|path]]} lines for CI
 * servers that collect them.
 */
final class TraceReports {
  static final String ENTRY = "iommunit.trace";
  /** True where JUnit has {@code publishFile(String, MediaType, ...)} (5.14 on); read once. */
  static final boolean PUBLISH_FILE = publishFileSupported();

  private TraceReports() {}

  /**
   * Finishes the trace of the test {@code context} runs; returns the golden outcome, or null if
   * the test has no {@link GoldenTrace} or failed already.
   */
  static Golden.@Nullable Outcome finish(ExtensionContext context, Scope scope) {
    Trace recorded = scope.recorded();
    String name = TraceFiles.relativeName(context);
    Path traceFile = TraceFiles.reportRoot(context).resolve("traces").resolve(name + ".trace");
    TraceFiles.write(traceFile, recorded.text());
    publish(context, "trace.txt", traceFile);
    GoldenTrace golden = golden(context);
    Golden.Outcome outcome = golden == null || context.getExecutionException().isPresent() ? null
        : Golden.check(context, recorded, golden);
    if (outcome != null) {
      context.publishReportEntry(ENTRY, outcome.note());
      if (outcome.diff() != null && !outcome.diff().isEmpty()) {
        Path diffFile = TraceFiles.reportRoot(context).resolve("traces").resolve(name + ".diff");
        TraceFiles.write(diffFile, outcome.diff().unified());
        publish(context, "golden.diff", diffFile);
      }
    }
    // the HTML report's pieces; ReportListener assembles them after the run
    TraceHeader header = scope.handle().traceHeader();
    HtmlReport.writeFragments(TraceFiles.reportRoot(context), name, context.getUniqueId(),
        outcome == null ? null : outcome.diff(), scope.before(), scope.platform(),
        header.vendor(), header.semantics(), outcome == null ? "" : outcome.note());
    return outcome;
  }

  // publishFile with org.junit.jupiter.api.MediaType is JUnit 5.14 API; the extension supports
  // 5.10 on, where the file's path goes into a report entry instead. FilePublisher, the only
  // class that names the 5.14 types, is loaded only when they exist.
  static void publish(ExtensionContext context, String name, Path file) {
    if (!PUBLISH_FILE || !FilePublisher.publish(context, name, file)) {
      context.publishReportEntry(ENTRY + "." + name, file.toAbsolutePath().toString());
    }
    // Jenkins, GitLab and Azure collect attachments only from [[ATTACHMENT|path]] lines on
    // stdout; elsewhere they are noise (iommunit.report.attachments, auto by default)
    if (Settings.read(context).attachments()) {
      System.out.println("[[ATTACHMENT|" + file.toAbsolutePath() + "]]");
    }
  }

  private static boolean publishFileSupported() {
    try {
      Class<?> mediaType = Class.forName("org.junit.jupiter.api.MediaType", false,
          ExtensionContext.class.getClassLoader());
      ExtensionContext.class.getMethod("publishFile", String.class, mediaType,
          ThrowingConsumer.class);
      return true;
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      return false; // JUnit before 5.14
    }
  }

  // The method's annotation, else the nearest class's (enclosing classes of @Nested included).
  private static @Nullable GoldenTrace golden(ExtensionContext context) {
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      Optional<AnnotatedElement> element = c.getElement();
      Optional<GoldenTrace> found = AnnotationSupport.findAnnotation(element, GoldenTrace.class);
      if (found.isPresent()) {
        return found.get();
      }
    }
    return null;
  }
}
