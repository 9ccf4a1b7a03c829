package org.iommunit.junit;

import java.nio.file.Files;
import java.nio.file.Path;
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
    boolean update = updating(context);
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
        GoldenRun.of(context).wrote(file, false);
        return new Outcome(null, null, "golden trace written: " + file);
      }
      TraceFiles.write(actualFile, actual.text());
      return new Outcome(new AssertionFailedError("golden trace " + name + " is missing\n"
          + "  golden: " + file.toAbsolutePath() + " (no such file)\n"
          + "  actual: " + actualFile.toAbsolutePath() + "\n"
          + "  review the actual trace and copy it there, or run once with -D" + UPDATE
          + "=true (refused when CI is set)"), null, "golden trace missing");
    }
    Trace expected;
    try {
      expected = Trace.parse(TraceFiles.read(file));
    } catch (IllegalArgumentException e) {
      return new Outcome(new AssertionFailedError("golden trace " + file + " cannot be read: "
          + e.getMessage(), e), null, "golden trace unreadable");
    }
    TraceDiff diff = TraceDiff.between("golden " + name, expected, "actual", actual);
    if (diff.isEmpty()) {
      return new Outcome(null, diff, "golden trace matches " + file);
    }
    if (update) {
      TraceFiles.write(file, actual.text());
      GoldenRun.of(context).wrote(file, true);
      return new Outcome(null, diff, "golden trace rewritten: " + file);
    }
    TraceFiles.write(actualFile, actual.text());
    // the first line says what differs; the paths and the diff follow, the diff once
    String message = "golden trace " + name + " differs: " + counts(diff) + "\n"
        + "  golden: " + file.toAbsolutePath() + "\n"
        + "  actual: " + actualFile.toAbsolutePath() + "\n"
        + "  levels: " + keywords(levels) + "; accept the actual trace with -D"
        + UPDATE + "=true\n" + diff.unified();
    return new Outcome(new AssertionFailedError(message,
        String.join("\n", diff.expected()) + "\n", String.join("\n", diff.actual()) + "\n"),
        diff,
        "golden trace differs");
  }

  /** Returns true if the run is in update mode ({@code iommunit.trace.update=true}). */
  static boolean updating(ExtensionContext context) {
    return context.getConfigurationParameter(UPDATE).map(Boolean::parseBoolean).orElse(false);
  }

  // "api ops state warn", as in a trace header
  private static String keywords(TraceLevel[] levels) {
    StringBuilder out = new StringBuilder();
    for (TraceLevel l : levels) {
      out.append(out.length() == 0 ? "" : " ").append(l.keyword());
    }
    return out.toString();
  }

  // "1 line changed, 2 added, 0 removed"
  private static String counts(TraceDiff diff) {
    int changed = 0;
    int added = 0;
    int removed = 0;
    for (TraceDiff.Row row : diff.rows()) {
      switch (row.change()) {
        case CHANGED:
          changed++;
          break;
        case INSERTED:
          added++;
          break;
        case DELETED:
          removed++;
          break;
        default:
          break;
      }
    }
    return changed + (changed == 1 ? " line" : " lines") + " changed, " + added + " added, "
        + removed + " removed";
  }

  // iommunit.trace.ci, when set, wins over the environment: the framework's own tests of update
  // mode set it to false so that they pass on CI too.
  static boolean onCi(ExtensionContext context) {
    return context.getConfigurationParameter(CI).map(Boolean::parseBoolean).orElseGet(() -> {
      String env = System.getenv("CI");
      return env != null && !env.isEmpty() && !env.equalsIgnoreCase("false");
    });
  }
}
