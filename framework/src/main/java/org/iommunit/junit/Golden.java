package org.iommunit.junit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.iommunit.trace.Trace;
import org.iommunit.trace.TraceDiff;
import org.iommunit.trace.TraceLevel;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * Compares a test's trace with its golden file, or writes the golden file in update mode. The
 * outcome is a value; the extension decides when to throw it.
 */
final class Golden {
  static final String UPDATE = "iommunit.trace.update";
  /** Overrides the {@code CI} variable: true or false (tests of update mode and refusal). */
  static final String CI = "iommunit.trace.ci";

  private Golden() {}

  /**
   * What a comparison found.
   *
   * @param failure the failure to throw; null if the test passes
   * @param diff the diff with the golden file; null if there was none to compare
   * @param note a one-line account for the report
   */
  record Outcome(@Nullable AssertionFailedError failure, @Nullable TraceDiff diff, String note) {}

  /** Compares {@code recorded} at the levels of {@code golden} with the test's golden file. */
  static Outcome check(ExtensionContext context, Trace recorded, GoldenTrace golden) {
    TraceLevel[] levels = golden.levels();
    Trace actual = recorded.at(levels);
    String name = TraceFiles.relativeName(context) + ".trace";
    Path file = TraceFiles.goldenRoot(context).resolve(name);
    Path actualFile = TraceFiles.reportRoot(context).resolve("actual").resolve(name + ".actual");
    boolean update = context.getConfigurationParameter(UPDATE).map(Boolean::parseBoolean)
        .orElse(false);
    if (update && onCi(context)) {
      TraceFiles.write(actualFile, actual.text());
      return new Outcome(new AssertionFailedError(UPDATE + "=true is refused on CI (the CI"
          + " environment variable is set): golden traces change only in a reviewed commit."
          + " Run the update locally; the actual trace is at " + actualFile.toAbsolutePath()),
          null, "update refused on CI");
    }
    if (!Files.exists(file)) {
      if (update) {
        TraceFiles.write(file, actual.text());
        return new Outcome(null, null, "golden trace written: " + file);
      }
      TraceFiles.write(actualFile, actual.text());
      return new Outcome(new AssertionFailedError("no golden trace at " + file.toAbsolutePath()
          + ". Review the actual trace at " + actualFile.toAbsolutePath() + " and copy it"
          + " there, or run once with -D" + UPDATE + "=true (refused when CI is set)."), null,
          "golden trace missing");
    }
    Trace expected;
    try {
      expected = Trace.parse(TraceFiles.read(file));
    } catch (IllegalArgumentException e) {
      return new Outcome(new AssertionFailedError("golden trace " + file + " cannot be read: "
          + e.getMessage(), e), null, "golden trace unreadable");
    }
    TraceDiff diff = TraceDiff.between(file.toString(), expected, "actual", actual);
    if (diff.isEmpty()) {
      return new Outcome(null, diff, "golden trace matches " + file);
    }
    if (update) {
      TraceFiles.write(file, actual.text());
      return new Outcome(null, diff, "golden trace rewritten: " + file);
    }
    TraceFiles.write(actualFile, actual.text());
    String message = "trace differs from golden " + file + " at levels "
        + Arrays.toString(levels) + " (actual at " + actualFile.toAbsolutePath() + "; rerun with"
        + " -D" + UPDATE + "=true to accept it):\n" + diff.unified();
    return new Outcome(new AssertionFailedError(message,
        String.join("\n", diff.expected()) + "\n", String.join("\n", diff.actual()) + "\n"),
        diff,
        "golden trace differs");
  }

  // iommunit.trace.ci, when set, wins over the environment: the framework's own tests of update
  // mode set it to false so that they pass on CI too.
  private static boolean onCi(ExtensionContext context) {
    return context.getConfigurationParameter(CI).map(Boolean::parseBoolean).orElseGet(() -> {
      String env = System.getenv("CI");
      return env != null && !env.isEmpty() && !env.equalsIgnoreCase("false");
    });
  }
}
