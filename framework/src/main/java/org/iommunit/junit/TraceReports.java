package org.iommunit.junit;

import java.lang.reflect.AnnotatedElement;
import java.nio.file.Path;
import java.util.Optional;
import org.iommunit.report.CoveredTest;
import org.iommunit.report.HtmlReport;
import org.iommunit.report.ReportListener;
import org.iommunit.trace.Trace;
import org.iommunit.trace.TraceDiff;
import org.iommunit.trace.TraceHeader;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Ends a test's trace: checks its golden file when the test asks for one; for a test that failed,
 * checks a golden file or compares semantics, or for every test with {@code
 * iommunit.report.traces=all}, writes the trace (and any diff) under the report directory,
 * publishes them to the JUnit report (as files from JUnit
 * 5.14 on, as report entries naming the file before), and, where {@code
 * iommunit.report.attachments} asks for it, prints {@code [[ATTACHMENT|path]]} lines for CI
 * servers that collect them. A passing test that asked for none of that writes nothing: the
 * report learns of it in memory ({@link ReportListener#cover}).
 */
final class TraceReports {
  static final String ENTRY = "iommunit.trace";
  /** True where JUnit has {@code publishFile(String, MediaType, ...)} (5.14 on); read once. */
  static final boolean PUBLISH_FILE = publishFileSupported();

  private TraceReports() {}

  /**
   * Checks the golden file of the test {@code context} runs; returns the outcome, or null if the
   * test has no {@link GoldenTrace} or failed already.
   */
  static Golden.@Nullable Outcome checkGolden(ExtensionContext context, Trace recorded) {
    GoldenTrace golden = golden(context);
    if (golden == null) {
      return null;
    }
    // failed or not, the test is one whose golden file is not an orphan
    GoldenRun.of(context).ran(TraceFiles.goldenRoot(context), context.getRequiredTestClass(),
        TraceFiles.relativeName(context));
    return context.getExecutionException().isPresent() ? null
        : Golden.check(context, recorded, golden);
  }

  /**
   * Returns why the test's files are written although it passed: {@code golden} for a
   * {@link GoldenTrace} test, {@code compared} for an invocation of {@link CompareSemantics},
   * {@code all} when {@code iommunit.report.traces=all}; empty if they are not.
   */
  static String keptWhenPassing(ExtensionContext context, Golden.@Nullable Outcome golden,
      Settings settings) {
    if (golden != null) {
      return "golden";
    }
    if (SemanticsComparison.isInvocation(context)) {
      return "compared";
    }
    return settings.allTraces() ? "all" : "";
  }

  /**
   * Writes the test's files under the report root: its whole trace, its golden diff if any, and
   * the pieces of the HTML report (the diff tables, the platform pictures before the test and
   * now); publishes the trace and the diff to the JUnit report.
   */
  static void write(ExtensionContext context, Scope scope, Trace recorded,
      Golden.@Nullable Outcome outcome) {
    String name = TraceFiles.relativeName(context);
    Path traces = TraceFiles.reportRoot(context).resolve("traces");
    Path traceFile = traces.resolve(name + ".trace");
    TraceFiles.write(traceFile, recorded.text());
    publish(context, "trace.txt", traceFile);
    TraceDiff diff = outcome == null ? null : outcome.diff();
    if (diff != null && !diff.isEmpty()) {
      Path diffFile = traces.resolve(name + ".diff");
      TraceFiles.write(diffFile, diff.unified());
      publish(context, "golden.diff", diffFile);
    }
    HtmlReport.writeFragments(TraceFiles.reportRoot(context), name, diff, scope.before(),
        scope.platform());
  }

  /**
   * Tells the run's report listener, in memory, that the test used the extension; publishes the
   * golden outcome as the report entry {@value #ENTRY}.
   */
  static void cover(ExtensionContext context, Scope scope, Golden.@Nullable Outcome outcome,
      String kept) {
    if (outcome != null) {
      context.publishReportEntry(ENTRY, outcome.note());
    }
    TraceHeader header = scope.handle().traceHeader();
    ReportListener.cover(scope.settings().reportRoot(), new CoveredTest(context.getUniqueId(),
        TraceFiles.relativeName(context), header.vendor(), header.semantics(),
        outcome == null ? "" : outcome.note(), kept));
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
    Optional<GoldenTrace> golden = ClassFacts.get(context, ClassFacts.Question.GOLDEN,
        TraceReports::findGolden);
    return golden.orElse(null);
  }

  private static Optional<GoldenTrace> findGolden(ExtensionContext context) {
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      AnnotatedElement element = c.getElement().orElse(null);
      Optional<GoldenTrace> found = element == null ? Optional.empty()
          : Annotations.find(element, GoldenTrace.class);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }
}
