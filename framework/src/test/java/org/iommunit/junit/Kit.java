package org.iommunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/** Runs {@link TestKitOnly} classes through the Jupiter engine and reads what happened. */
final class Kit {
  private Kit() {}

  /** Runs {@code testClass} with the given {@code key=value} configuration parameters. */
  static EngineExecutionResults run(Class<?> testClass, String... parameters) {
    EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(testClass))
        .configurationParameter(TestKitOnly.PARAMETER, "true");
    for (String p : parameters) {
      int eq = p.indexOf('=');
      kit.configurationParameter(p.substring(0, eq), p.substring(eq + 1));
    }
    return kit.execute();
  }

  /** Asserts that {@code tests} tests ran and that they and every container passed. */
  static void assertAllPassed(EngineExecutionResults results, int tests) {
    assertThat(failures(results)).as("failures").isEmpty();
    assertThat(results.testEvents().succeeded().count()).as("tests passed").isEqualTo(tests);
  }

  /** Returns the failure of the only failed test, or of the only failed container if none. */
  static Throwable onlyFailure(EngineExecutionResults results) {
    List<Throwable> failures = failures(results);
    assertThat(failures).as("failures").hasSize(1);
    return failures.get(0);
  }

  /** Returns the failures of failed tests, then of failed containers, in event order. */
  static List<Throwable> failures(EngineExecutionResults results) {
    List<Throwable> out = new ArrayList<>();
    results.testEvents().failed().stream().forEach(e -> out.add(throwable(e)));
    results.containerEvents().failed().stream().forEach(e -> out.add(throwable(e)));
    return out;
  }

  /** Returns the message of the only failure, unwrapping JUnit's parameter-resolution wrapper. */
  static String onlyMessage(EngineExecutionResults results) {
    return onlyFailure(results).getMessage();
  }

  /** Returns the values of every report entry with {@code key}, in event order. */
  static List<String> reportEntries(EngineExecutionResults results, String key) {
    List<String> out = new ArrayList<>();
    results.allEvents().stream().filter(e -> e.getType() == EventType.REPORTING_ENTRY_PUBLISHED)
        .forEach(e -> {
          String value = e.getRequiredPayload(ReportEntry.class).getKeyValuePairs().get(key);
          if (value != null) {
            out.add(value);
          }
        });
    return out;
  }

  /**
   * Returns the line of test source file {@code file} that ends with the comment {@code // site:
   * name}; the comment is assembled here, so the line asking for it never matches.
   */
  static int lineOf(String file, String name) {
    String marker = "// site" + ": " + name;
    Path path = Path.of("src/test/java/org/iommunit/junit", file);
    try {
      List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).stripTrailing().endsWith(marker)) {
          return i + 1;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalArgumentException("no line with " + marker + " in " + path);
  }

  private static Throwable throwable(Event e) {
    return e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
  }
}
